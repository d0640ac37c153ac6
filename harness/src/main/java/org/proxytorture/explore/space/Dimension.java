package org.proxytorture.explore.space;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.proxytorture.config.BadInputException;

/**
 * One dimension of the scenario space: its {@code --fix} key, the values a pin accepts, and (in
 * {@link Drawing}) how it is drawn, smallest first. The order is the order of the draws.
 */
enum Dimension {
    CPUS("cpus", "1..64", v -> isInt(v, 1, 64)),
    HZ("hz", "1000|100|250|300", v -> List.of("1000", "100", "250", "300").contains(v)),
    DURATION("duration", "a duration in ms, 10..60000", v -> isInt(v, 10, 60_000)),
    WORKLOAD("workload", "locktorture|pidemo", v -> v.equals("locktorture") || v.equals("pidemo")),
    PIDEMO_CASE("pidemo_case", String.join("|", ScenarioSpace.pidemoCases()), v -> ScenarioSpace.pidemoCases().contains(v)),
    /** A pin may name lock_busted, which is never drawn (bugs --space pins it for the catalog's lock_busted entry). */
    TORTURE_TYPE("torture_type", String.join("|", ScenarioSpace.TYPES) + "|lock_busted", v -> ScenarioSpace.TYPES.contains(v) || v.equals("lock_busted")),
    GENERATION("generation", String.join("|", ScenarioSpace.GENERATIONS), ScenarioSpace.GENERATIONS::contains),
    WRITERS("writers", "1..4096", v -> isInt(v, 1, 4096)),
    READERS("readers", "1..4096 (types with readers)", v -> isInt(v, 1, 4096)),
    NESTED_LOCKS("nested_locks", "0..8", v -> isInt(v, 0, 8)),
    LONG_HOLD("long_hold", "0..100000 (ms)", v -> isInt(v, 0, 100_000)),
    WRITER_FIFO("writer_fifo", "0|1", v -> isInt(v, 0, 1)),
    RT_BOOST("rt_boost", "0|1|2", v -> isInt(v, 0, 2)),
    RANDOM_SHUFFLE("random_shuffle", "0|1", v -> isInt(v, 0, 1)),
    SHUFFLE_INTERVAL("shuffle_interval", "1..60 (s)", v -> isInt(v, 1, 60)),
    STUTTER("stutter", "0..60 (s)", v -> isInt(v, 0, 60)),
    HOTPLUG("onoff_interval", "0..60 (s; 0 = no CPU hotplug)", v -> isInt(v, 0, 60)),
    BIND_WRITERS("bind_writers", "none, or a cpulist such as 0-1", v -> v.equals("none") || v.matches("[0-9,-]+")),
    BIND_READERS("bind_readers", "none, or a cpulist such as 0-1", v -> v.equals("none") || v.matches("[0-9,-]+")),
    CPU_MAX("writer_cpu_max", "none|max|QUOTA_US,PERIOD_US", v -> v.equals("none") || v.equals("max") || v.matches("[0-9]+,[0-9]+")),
    THROTTLE_MODEL("throttle_model", "task|group", v -> v.equals("task") || v.equals("group")),
    CPU_WEIGHT("writer_cpu_weight", "none|1..10000", v -> v.equals("none") || isInt(v, 1, 10_000)),
    SCHED_FEAT("sched_feat", "default|NO_DELAY_DEQUEUE", v -> v.equals("default") || v.equals("NO_DELAY_DEQUEUE")),
    MEMORY_MODEL("memory_model", "default|sc|arm64", v -> List.of("default", "sc", "arm64").contains(v)),
    MEDDLERS("meddlers", String.join("|", Drawing.MEDDLERS), Drawing.MEDDLERS::contains),
    /** The concurrency window (proxytorture.window_ns): wider, more sections race and stores stay in flight longer. */
    WINDOW("window_ns", "200|2000|20000", v -> List.of("200", "2000", "20000").contains(v)),
    /** test-ww_mutex's reordered lock sets (proxytorture.ww_reorder), ww_mutex_lock only; drawn last. */
    WW_REORDER("ww_reorder", "0|1 (ww_mutex_lock only)", v -> isInt(v, 0, 1));

    /** The --fix key. */
    final String key;
    private final String accepted;
    private final Predicate<String> accepts;

    Dimension(String key, String accepted, Predicate<String> accepts) {
        this.key = key;
        this.accepted = accepted;
        this.accepts = accepts;
    }

    String accepted() {
        return accepted;
    }

    /** At its own edge, this dimension needs {@code d} at its largest to matter (readers need a type with readers). */
    boolean requires(Dimension d) {
        return switch (this) {
            case PIDEMO_CASE -> d == WORKLOAD;
            case READERS, WW_REORDER -> d == TORTURE_TYPE;
            case BIND_READERS -> d == TORTURE_TYPE || d == CPUS;
            case BIND_WRITERS, HOTPLUG -> d == CPUS;
            case SHUFFLE_INTERVAL -> d == RANDOM_SHUFFLE;
            case THROTTLE_MODEL -> d == CPU_MAX;
            default -> false;
        };
    }

    boolean accepts(String v) {
        return accepts.test(v);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(d -> d.key).toList();
    }

    static Dimension byName(String key) {
        for (Dimension d : values()) if (d.key.equals(key)) return d;
        throw new BadInputException("--fix " + key + ": unknown dimension (accepted: " + String.join(" ", names()) + ")");
    }

    private static boolean isInt(String v, int min, int max) {
        try {
            int x = Integer.parseInt(v);
            return x >= min && x <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
