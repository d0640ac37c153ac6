package org.proxytorture.explore.space;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.ScenarioGenerator;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.kernel.proxy.Generation;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.SeededChoices;
import org.proxytorture.torture.PiDemo;
import org.proxytorture.torture.TortureType;

/**
 * The scenario space a kernel developer cares about, drawn as choices, smallest first: every
 * {@link Dimension} takes one {@code choose(n)} and 0 is the smallest value or the feature off,
 * so a choice list that shrinks towards zeros shrinks the scenario too. Every drawn scenario is a
 * valid one (masks within the CPUs, readers only for types that have them, hotplug only with a
 * CPU to take down) and is printed in full as bootargs: a failure is a recipe for {@code run}.
 *
 * <p>Dimensions may be pinned ({@code explore --space --fix cpus=4 --fix torture_type=rwsem_lock});
 * a pinned dimension takes no choice. {@link #draw(long, int)} gives try i its scenario from the
 * exploration's seed: the first tries are the edge cases (jqwik's edge-case generation): every
 * dimension at its smallest, every one at its largest, then each dimension alone at its largest.
 */
public final class ScenarioSpace implements ScenarioGenerator {
    /** The types the space tortures: the modelled ones but lock_busted, which is broken on purpose. */
    static final List<String> TYPES = List.of("mutex_lock", "spin_lock", "raw_spin_lock", "rw_lock", "ww_mutex_lock",
            "rtmutex_lock", "rwsem_lock", "percpu_rwsem_lock");
    /** CPU counts, smallest first; {@link #LARGE_CPUS} are drawn rarely (one try in 32). */
    static final List<Integer> CPUS = List.of(1, 2, 3, 4, 6, 8, 12, 16);
    static final List<Integer> LARGE_CPUS = List.of(32, 64);
    /** The proxy generation and the baselines it is judged against, simplest first. */
    static final List<String> GENERATIONS = List.of("off", "lock_pi", Generation.SINGLE_RQ.param, Generation.MIGRATE.param, Generation.FULL.param);
    static final List<Long> DURATIONS_MS = List.of(100L, 200L, 500L, 1000L, 2000L);

    /** Where a try's dimensions come from: the source, or an edge (smallest / largest). */
    enum Edge { NONE, MIN, MAX }

    private final Map<String, String> pins;
    /** Appended to every drawn scenario (explore --inject's faults). */
    private final BootArgs extra;

    private ScenarioSpace(Map<String, String> pins, BootArgs extra) {
        this.pins = Map.copyOf(pins);
        this.extra = extra;
    }

    /**
     * The same space with catalog faults injected into every scenario (proxytorture.inject=);
     * bad input if a fault is not in the catalog.
     */
    public ScenarioSpace injecting(List<String> faults) {
        if (faults.isEmpty()) return this;
        ScenarioSpace s = new ScenarioSpace(pins, extra.with("proxytorture.inject", String.join(",", faults)));
        s.draw(0, 0);
        return s;
    }

    /** The faults injected into every scenario ("" if none). */
    public String injected() {
        String f = extra.get("proxytorture.inject");
        return f == null ? "" : f;
    }

    /** The whole space. */
    public static ScenarioSpace all() {
        return new ScenarioSpace(Map.of(), BootArgs.EMPTY);
    }

    /**
     * The space with dimensions pinned, from {@code --fix KEY=VALUE} texts; bad input names the
     * dimensions and their values.
     */
    public static ScenarioSpace fixed(List<String> fixes) {
        Map<String, String> pins = new LinkedHashMap<>();
        for (String f : fixes) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new BadInputException("--fix " + f + ": not KEY=VALUE (accepted keys: " + String.join(" ", Dimension.names()) + ")");
            Dimension d = Dimension.byName(f.substring(0, eq));
            String v = f.substring(eq + 1);
            if (!d.accepts(v)) throw new BadInputException("--fix " + f + ": bad value (accepted for " + d.key + ": " + d.accepted() + ")");
            pins.put(d.key, v);
        }
        ScenarioSpace s = new ScenarioSpace(pins, BootArgs.EMPTY);
        s.draw(0, 0); // pins that make no valid scenario (a mask outside the CPUs) are bad input here
        s.draw(0, 1);
        return s;
    }

    /** The pinned dimensions, KEY=VALUE in dimension order ("" if none). */
    public String describePins() {
        List<String> out = new ArrayList<>();
        for (Dimension d : Dimension.values()) if (pins.containsKey(d.key)) out.add(d.key + "=" + pins.get(d.key));
        return String.join(" ", out);
    }

    /** How many edge-case tries {@link #draw} starts with. */
    public static int edgeTries() {
        return 2 + Dimension.values().length;
    }

    /**
     * Try {@code i}'s scenario for an exploration from {@code seed}: an edge case for the first
     * {@link #edgeTries()} tries, then drawn from a source of its own (so the try's schedule
     * choices start at its first decision and the scenario is reproducible from seed and i).
     */
    public TortureTarget draw(long seed, int i) {
        ChoiceSource c = new SeededChoices(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 0x5A);
        if (i == 0) return generate(c, d -> Edge.MIN);
        if (i == 1) return generate(c, d -> d == Dimension.WORKLOAD ? Edge.MIN : Edge.MAX); // locktorture with everything on
        int k = i - 2;
        if (k < Dimension.values().length) {
            Dimension only = Dimension.values()[k];
            return generate(c, d -> d == only || only.requires(d) ? Edge.MAX : Edge.MIN);
        }
        return generate(c, d -> Edge.NONE);
    }

    /** Draws a scenario from {@code c} (a property test's generator: the draws come first in the run's choice list). */
    @Override
    public TortureTarget generate(ChoiceSource c) {
        return generate(c, d -> Edge.NONE);
    }

    private TortureTarget generate(ChoiceSource c, java.util.function.Function<Dimension, Edge> edge) {
        TortureTarget t = Drawing.scenario(new Draw(c, edge, pins));
        return extra.asMap().isEmpty() ? t : t.withBootArgs(extra);
    }

    /** One scenario's draws: a pinned value, an edge, or the source's choice. */
    static final class Draw {
        private final ChoiceSource c;
        private final java.util.function.Function<Dimension, Edge> edge;
        private final Map<String, String> pins;

        Draw(ChoiceSource c, java.util.function.Function<Dimension, Edge> edge, Map<String, String> pins) {
            this.c = c;
            this.edge = edge;
            this.pins = pins;
        }

        /** The pinned value of {@code d}, or null. */
        String pinned(Dimension d) {
            return pins.get(d.key);
        }

        /** An index 0..n-1 for {@code d}: its edge, else the source's choice. */
        int index(Dimension d, int n) {
            return switch (edge.apply(d)) {
                case MIN -> 0;
                case MAX -> n - 1;
                case NONE -> c.choose(n);
            };
        }

        /** One of {@code values} (smallest first) for {@code d}, or its pin. */
        <T> T pick(Dimension d, List<T> values, java.util.function.Function<String, T> parse) {
            String p = pinned(d);
            return p != null ? parse.apply(p) : values.get(index(d, values.size()));
        }

        /** Whether this draw takes {@code d} at its largest (an edge try). */
        boolean isMax(Dimension d) {
            return edge.apply(d) == Edge.MAX;
        }

        /** A rare event (one in {@code n}); never at an edge. */
        boolean rarely(int n) {
            return edge.apply(Dimension.CPUS) == Edge.NONE && c.choose(n) == n - 1;
        }
    }

    /** Whether locktorture's type has reader kthreads (cur_ops->readlock). */
    static boolean hasReaders(String type) {
        return TortureType.byParam(type).ops().hasReadLock();
    }

    /** The pidemo cases, as run.sh names them. */
    static List<String> pidemoCases() {
        return PiDemo.Case.LABELS;
    }
}
