package org.proxytorture.explore.space;

import java.util.List;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.torture.TortureParams;
import org.proxytorture.torture.TortureType;

/**
 * How each {@link Dimension} is drawn, smallest first (index 0 = the smallest value or the
 * feature off), and the kernel's rules that make every drawn scenario a valid one.
 */
final class Drawing {
    private Drawing() { }

    static final List<String> MEDDLERS = List.of("none", "setprio", "renice", "signal", "yield", "all");
    private static final List<String> HZ = List.of("1000", "100", "250", "300");
    private static final List<Integer> WRITERS = List.of(1, 2, 3, 4, 8, -1); // -1: locktorture's default, 2 * CPUs
    private static final List<Integer> READERS = List.of(1, 2, 4, -1);
    private static final List<Integer> NESTED = List.of(0, 1, 2, 4, 8);
    private static final List<Integer> LONG_HOLD = List.of(0, 1, 10, 100);
    private static final List<Integer> STUTTER = List.of(0, 1, 5);
    private static final List<Integer> SHUFFLE_INTERVAL = List.of(3, 1);
    private static final List<String> CPU_MAX = List.of("none", "max", "50000,100000", "5000,100000");
    private static final List<String> CPU_WEIGHT = List.of("none", "100", "1", "10000");
    /** 200 ns is the model's default; the wider windows are those B32's relaxed read needs (its catalog scenario: 20000). */
    private static final List<String> WINDOW_NS = List.of("200", "2000", "20000");

    static TortureTarget scenario(ScenarioSpace.Draw d) {
        int cpus = cpus(d);
        int hz = Integer.parseInt(d.pick(Dimension.HZ, HZ, v -> v));
        long durationMs = d.pick(Dimension.DURATION, ScenarioSpace.DURATIONS_MS, Long::parseLong);
        boolean pidemo = workload(d).equals("pidemo");
        BootArgs b = BootArgs.EMPTY;
        if (pidemo) {
            b = b.with("proxytorture.workload", "pidemo").with("proxytorture.pidemo_case", d.pick(Dimension.PIDEMO_CASE, ScenarioSpace.pidemoCases(), v -> v));
        } else {
            b = locktorture(d, b, cpus);
        }
        b = generation(b, d.pick(Dimension.GENERATION, ScenarioSpace.GENERATIONS, v -> v));
        String feat = d.pick(Dimension.SCHED_FEAT, List.of("default", "NO_DELAY_DEQUEUE"), v -> v);
        if (!feat.equals("default")) b = b.with("proxytorture.sched_feat", feat);
        String mem = d.pick(Dimension.MEMORY_MODEL, List.of("default", "sc", "arm64"), v -> v);
        if (!mem.equals("default")) b = b.with("proxytorture.memory_model", mem);
        String window = d.pick(Dimension.WINDOW, WINDOW_NS, v -> v);
        if (!window.equals("200")) b = b.with("proxytorture.window_ns", window);
        if ("ww_mutex_lock".equals(b.get("locktorture.torture_type")) && d.pick(Dimension.WW_REORDER, List.of("0", "1"), v -> v).equals("1"))
            b = b.with("proxytorture.ww_reorder", "1");
        return new TortureTarget(null, cpus, hz, durationMs * 1_000_000L, b); // no configs/lock name: the bootargs are the whole recipe
    }

    private static int cpus(ScenarioSpace.Draw d) {
        String pin = d.pinned(Dimension.CPUS);
        if (pin != null) return Integer.parseInt(pin);
        int c = ScenarioSpace.CPUS.get(d.index(Dimension.CPUS, ScenarioSpace.CPUS.size()));
        if (d.rarely(32)) c = ScenarioSpace.LARGE_CPUS.get(d.index(Dimension.CPUS, ScenarioSpace.LARGE_CPUS.size()));
        return c;
    }

    /** The pidemo workload is one try in eight (or its pin, or its edge). */
    private static String workload(ScenarioSpace.Draw d) {
        String pin = d.pinned(Dimension.WORKLOAD);
        if (pin != null) return pin;
        return d.index(Dimension.WORKLOAD, 8) == 7 ? "pidemo" : "locktorture";
    }

    private static BootArgs locktorture(ScenarioSpace.Draw d, BootArgs b, int cpus) {
        // ww_reorder's own edge needs ww_mutex_lock, not the largest type (on the all-largest edge readers win)
        String type = d.isMax(Dimension.WW_REORDER) && !d.isMax(Dimension.READERS) && d.pinned(Dimension.TORTURE_TYPE) == null
                ? "ww_mutex_lock" : d.pick(Dimension.TORTURE_TYPE, ScenarioSpace.TYPES, v -> v);
        b = b.with("locktorture.torture_type", type);
        int writers = d.pick(Dimension.WRITERS, WRITERS, Integer::parseInt);
        if (writers > 0) b = b.with("locktorture.nwriters_stress", Integer.toString(writers));
        boolean readers = ScenarioSpace.hasReaders(type);
        if (readers) {
            int r = d.pick(Dimension.READERS, READERS, Integer::parseInt);
            if (r > 0) b = b.with("locktorture.nreaders_stress", Integer.toString(r));
        }
        b = b.with("locktorture.nested_locks", Integer.toString(d.pick(Dimension.NESTED_LOCKS, NESTED, Integer::parseInt)));
        b = b.with("locktorture.long_hold", Integer.toString(d.pick(Dimension.LONG_HOLD, LONG_HOLD, Integer::parseInt)));
        b = b.with("locktorture.writer_fifo", d.pick(Dimension.WRITER_FIFO, List.of("0", "1"), v -> v));
        b = b.with("locktorture.rt_boost", d.pick(Dimension.RT_BOOST, List.of("0", "1", "2"), v -> v));
        b = shuffle(d, b);
        b = b.with("locktorture.stutter", Integer.toString(d.pick(Dimension.STUTTER, STUTTER, Integer::parseInt)));
        int onoff = d.pick(Dimension.HOTPLUG, List.of(0, 1), Integer::parseInt);
        if (cpus > 1 && onoff > 0) b = b.with("locktorture.onoff_interval", Integer.toString(onoff)).with("locktorture.onoff_holdoff", "0");
        String bw = bind(d, Dimension.BIND_WRITERS, cpus);
        if (bw != null) b = b.with("locktorture.bind_writers", bw);
        if (readers) {
            String br = bind(d, Dimension.BIND_READERS, cpus);
            if (br != null) b = b.with("locktorture.bind_readers", br);
        }
        b = bandwidth(d, b);
        return meddlers(b, d.pick(Dimension.MEDDLERS, MEDDLERS, v -> v), type);
    }

    private static BootArgs shuffle(ScenarioSpace.Draw d, BootArgs b) {
        String on = d.pick(Dimension.RANDOM_SHUFFLE, List.of("0", "1"), v -> v);
        b = b.with("torture.random_shuffle", on);
        if (on.equals("1")) b = b.with("locktorture.shuffle_interval", Integer.toString(d.pick(Dimension.SHUFFLE_INTERVAL, SHUFFLE_INTERVAL, Integer::parseInt)));
        return b;
    }

    /** A mask within the CPUs: none, CPU 0, the first half, the last CPU (or the pin). */
    private static String bind(ScenarioSpace.Draw d, Dimension dim, int cpus) {
        String pin = d.pinned(dim);
        if (pin != null && !pin.equals("none") && !TortureParams.cpulistNamesCpus(pin, cpus))
            // the kernel would take it, warn "Bad CPU range, all CPUs set" and bind nothing: not the scenario the pin asks for
            throw new BadInputException("--fix " + dim.key + "=" + pin + ": names no CPU of a " + cpus
                    + "-CPU machine, cpulist_parse() refuses it (accepted: none, or a cpulist within 0-" + (cpus - 1) + ")");
        if (pin != null) return pin.equals("none") ? null : pin;
        return switch (d.index(dim, 4)) {
            case 0 -> null;
            case 1 -> "0";
            case 2 -> cpus <= 2 ? "0" : "0-" + (cpus / 2 - 1);
            default -> Integer.toString(cpus - 1);
        };
    }

    /** The writers' task group: its cpu.max (CFS bandwidth, with a throttle model) and cpu.weight. */
    private static BootArgs bandwidth(ScenarioSpace.Draw d, BootArgs b) {
        String max = d.pick(Dimension.CPU_MAX, CPU_MAX, v -> v);
        if (!max.equals("none")) {
            b = b.with("proxytorture.writer_cpu_max", max);
            if (!max.equals("max")) b = b.with("proxytorture.throttle_model", d.pick(Dimension.THROTTLE_MODEL, List.of("task", "group"), v -> v));
        }
        String weight = d.pick(Dimension.CPU_WEIGHT, CPU_WEIGHT, v -> v);
        if (!weight.equals("none")) b = b.with("proxytorture.writer_cpu_weight", weight);
        return b;
    }

    static BootArgs generation(BootArgs b, String g) {
        return switch (g) {
            case "off" -> b.with("sched_proxy_exec", "0");
            case "lock_pi" -> b.with("sched_proxy_exec", "0").with("proxytorture.lock_pi", "1");
            default -> b.with("sched_proxy_exec", "1").with("proxytorture.proxy_variant", g);
        };
    }

    /**
     * The priority and signal meddlers (sched_setscheduler, set_user_nice, signals) every 10 ms;
     * signals only where the model has interruptible waits (rtmutex_lock, mutex_lock; elsewhere "signal" is
     * setprio); sched_yield() in one write hold of 8 only where the write lock sleeps (elsewhere
     * "yield" is renice).
     */
    private static BootArgs meddlers(BootArgs b, String m, String type) {
        boolean signals = type.equals("rtmutex_lock") || type.equals("mutex_lock");
        boolean yields = TortureType.byParam(type).writeLockSleeps();
        if (m.equals("setprio") || m.equals("all") || (m.equals("signal") && !signals)) b = b.with("proxytorture.setprio_interval", "10");
        if (m.equals("renice") || m.equals("all") || (m.equals("yield") && !yields)) b = b.with("proxytorture.renice_interval", "10");
        if ((m.equals("signal") || m.equals("all")) && signals) b = b.with("proxytorture.signal_interval", "10");
        if ((m.equals("yield") || m.equals("all")) && yields) b = b.with("proxytorture.hold_yield", "8");
        return b;
    }
}
