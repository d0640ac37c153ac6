package org.proxytorture.torture;

import org.proxytorture.config.BadInputException;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Costs;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.fair.TaskGroup;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.EventHash;

/**
 * John Stultz's priority-inversion demo (reference pi-demo-and-latency.md section 1) on the
 * emulated machine: a nice-0 "foreground" task in the root group renames in a loop (each rename
 * holds one mutex, s_vfs_rename_mutex, for a short critical section) and its lock-acquisition
 * latency (mutex_lock() called to lock held) is recorded. What runs beside it is run.sh's case
 * ({@link Case}): a "background" task renaming on the same mutex, 2*CPUs busy tasks, and whether
 * they are "throttled", i.e. put into low-weight groups (background in cpu.shares 4, busy tasks
 * in cpu.shares 512), not bandwidth-limited.
 */
public final class PiDemo {
    /** Critical section of one rename under s_vfs_rename_mutex, and the syscall around it. */
    public static final long CRITICAL_NS = 2_000, OUTSIDE_NS = 1_000;

    /** run.sh's case matrix (reference section 1.2), named after its results-* files. */
    public enum Case {
        ALONE("alone", false, false, false),
        CONTENTION("contention", true, false, false),
        SCHEDLOAD("schedload", false, true, false),
        SCHEDLOAD_CONTENTION("schedload-contention", true, true, false),
        CONTENTION_THROTTLED("contention-throttled", true, false, true),
        SCHEDLOAD_THROTTLED("schedload-throttled", false, true, true),
        SCHEDLOAD_CONTENTION_THROTTLED("schedload-contention-throttled", true, true, true);

        public final String label;
        /** The background rename loop runs. */
        public final boolean contention;
        /** 2*CPUs busy tasks run (the May 2024+ long-running spinners). */
        public final boolean schedload;
        /** Background in /low (cpu.shares 4), busy tasks in /medium (cpu.shares 512); else both in /. */
        public final boolean throttled;

        Case(String label, boolean contention, boolean schedload, boolean throttled) {
            this.label = label;
            this.contention = contention;
            this.schedload = schedload;
            this.throttled = throttled;
        }

        public static final List<String> LABELS = java.util.Arrays.stream(values()).map(c -> c.label).toList();

        public static Case byLabel(String label) {
            for (Case c : values()) if (c.label.equals(label)) return c;
            throw new BadInputException("proxytorture.pidemo_case=" + label + ": unknown case (accepted: " + String.join("|", LABELS) + ")");
        }

        /** What run.sh starts for this case, in one line. */
        public String describe(int cpus) {
            String bg = contention ? "background rename loop in " + (throttled ? "/low (cpu.shares 4)" : "/") : "no background rename";
            String load = schedload ? (2 * cpus) + " busy tasks in " + (throttled ? "/medium (cpu.shares 512)" : "/") : "no CPU load";
            return "pidemo case " + label + ": foreground nice 0 in /, " + bg + ", " + load;
        }
    }

    /** One case's result. */
    public record Result(String mode, Histogram latencyNs, long renames, long eventHash, long acquisitions,
                         List<String> warnings, Core core) {
        public long max() {
            return latencyNs.getMaxValue();
        }

        public long over(long ns) {
            return latencyNs.getCountBetweenValues(ns + 1, Long.MAX_VALUE / 4);
        }

        /** min/avg/percentiles/max in the cyclictest/hist.py style. */
        public String summary() {
            Histogram h = latencyNs;
            return String.format("%-22s renames %8d  lock latency us: min %8.1f avg %8.1f p50 %8.1f p99 %9.1f p99.9 %9.1f max %10.1f  >10ms %d",
                    mode, renames, h.getMinValue() / 1e3, h.getMean() / 1e3, h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                    over(10_000_000L));
        }
    }

    private PiDemo() { }

    /** Runs one case of the matrix with the run layer's checkers; WARNINGs and violations are returned in the result. */
    public static Result run(Case c, String mode, int cpus, int hz, long durationNs, TortureParams params, ChoiceSource choices,
            java.util.function.Function<Core, Checkers> checkers) {
        return run(c, mode, cpus, hz, durationNs, params, choices, core -> { }, checkers);
    }

    /** Runs one case with a read-only observer attached to the machine before the first task (a trace recorder). */
    public static Result run(Case c, String mode, int cpus, int hz, long durationNs, TortureParams params, ChoiceSource choices,
            java.util.function.Consumer<Core> observer, java.util.function.Function<Core, Checkers> checkers) {
        Core core = new Core(cpus, hz, Costs.defaults(), choices, params.windowNs, new EventHash());
        core.proxy = params.proxy();
        core.lockPi = params.lockPi;
        core.faults = params.faults;
        core.mutexSpinOnOwner = params.mutexSpin;
        core.mem = new org.proxytorture.kernel.mem.Memory(params.memoryModel,
                core.nrCpus(), choices, core.loop, params.windowNs);
        core.schedFeat = params.schedFeat;
        core.donorAffinityFix = params.donorAffinityFix;
        observer.accept(core);
        Mutex renameMutex = new Mutex(core, "s_vfs_rename_mutex", new LockClass("s_vfs_rename_mutex"));
        // Both groups exist in every case (run.sh creates them); only a throttled case puts tasks in them.
        TaskGroup low = core.createGroup("low", core.rootTaskGroup, 4);
        TaskGroup medium = core.createGroup("medium", core.rootTaskGroup, 512);
        CpuMask all = CpuMask.first(cpus);
        Histogram hist = new Histogram(3_600_000_000_000L, 3);
        long[] t0 = new long[1];
        long[] renames = new long[1];
        long[] acquisitions = new long[1];
        Action start = (cpu, p, r) -> {
            t0[0] = core.now();
            return null;
        };
        Action record = (cpu, p, r) -> {
            hist.recordValue(core.now() - t0[0]);
            renames[0]++;
            return null;
        };
        core.trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock lock) {
                if (lock == renameMutex) acquisitions[0]++;
            }
        });
        Program fg = Program.builder("foreground").label("loop")
                .call(local(start)).lock(renameMutex).call(local(record)).run(CRITICAL_NS).unlock(renameMutex).run(OUTSIDE_NS)
                .lock(renameMutex).run(CRITICAL_NS).unlock(renameMutex).run(OUTSIDE_NS) // the untimed reset rename
                .jump("loop").build();
        Program bg = Program.builder("background").label("loop")
                .lock(renameMutex).run(CRITICAL_NS).unlock(renameMutex).run(OUTSIDE_NS)
                .jump("loop").build();
        Task f = core.createTask("foreground", all, core.rootTaskGroup, new ProgramFrame(fg));
        if (c.contention) {
            Task b = core.createTask("background", all, c.throttled ? low : core.rootTaskGroup, new ProgramFrame(bg));
            core.wakeUpNewTask(b);
        }
        if (c.schedload) {
            for (int i = 0; i < 2 * cpus; i++) {
                Program hog = Program.builder("busy").label("l").run(1_000_000).jump("l").build();
                core.wakeUpNewTask(core.createTask("busy", all, c.throttled ? medium : core.rootTaskGroup, new ProgramFrame(hog)));
            }
        }
        Checkers checks = checkers.apply(core);
        core.wakeUpNewTask(f);
        core.loop.runUntil(durationNs);
        checks.finish();
        // a checker's violation fails the case like a WARNING does
        List<String> problems = new java.util.ArrayList<>(core.warnings);
        for (Checkers.Failure v : checks.violations()) problems.add("VIOLATION " + v.summary());
        return new Result(mode, hist, renames[0], core.trace.hash().value(), acquisitions[0], List.copyOf(problems), core);
    }

    private static Action local(Action a) {
        return Action.hook("pidemo", true, a);
    }
}
