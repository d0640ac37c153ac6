package org.proxytorture.torture;

import org.HdrHistogram.Histogram;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Costs;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskGroup;
import org.proxytorture.sim.EventHash;
import org.proxytorture.sim.SeededChoices;

/**
 * John Stultz's priority-inversion demo (reference pi-demo-and-latency.md section 1) on the
 * emulated machine: a nice-0 "foreground" task in the root group and a "background" task in a
 * group with cpu.shares 4 both rename in a loop (each rename holds one mutex, s_vfs_rename_mutex,
 * for a short critical section); 2*CPUs busy tasks run in a group with cpu.shares 512. The
 * foreground's lock-acquisition latency (mutex_lock() called to lock held) is recorded.
 */
public final class PiDemo {
    /** Critical section of one rename under s_vfs_rename_mutex, and the syscall around it. */
    public static final long CRITICAL_NS = 2_000, OUTSIDE_NS = 1_000;

    /** One case's result. */
    public record Result(String mode, Histogram latencyNs, long renames, long eventHash) {
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

    /**
     * Runs one case: {@code bootargs} selects the mode (sched_proxy_exec=0, proxytorture.lock_pi=1,
     * proxytorture.proxy_variant=...).
     */
    public static Result run(String mode, int cpus, long durationNs, String bootargs, long seed) {
        TortureParams params = TortureParams.fromBootArgs(BootArgs.parse(bootargs), cpus);
        Core core = new Core(cpus, 1000, Costs.defaults(), new SeededChoices(seed), params.windowNs, new EventHash());
        core.proxy = params.proxy();
        core.lockPi = params.lockPi;
        core.mutexSpinOnOwner = params.mutexSpin;
        Mutex renameMutex = new Mutex(core, "s_vfs_rename_mutex", new LockClass("s_vfs_rename_mutex"));
        TaskGroup low = core.createGroup("low", core.rootTaskGroup, 4);
        TaskGroup medium = core.createGroup("medium", core.rootTaskGroup, 512);
        CpuMask all = CpuMask.first(cpus);
        Histogram hist = new Histogram(3_600_000_000_000L, 3);
        long[] t0 = new long[1];
        long[] renames = new long[1];
        Action start = (cpu, p, r) -> {
            t0[0] = core.now();
            return null;
        };
        Action record = (cpu, p, r) -> {
            hist.recordValue(core.now() - t0[0]);
            renames[0]++;
            return null;
        };
        Program fg = Program.builder("foreground").label("loop")
                .call(local(start)).lock(renameMutex).call(local(record)).run(CRITICAL_NS).unlock(renameMutex).run(OUTSIDE_NS)
                .lock(renameMutex).run(CRITICAL_NS).unlock(renameMutex).run(OUTSIDE_NS) // the untimed reset rename
                .jump("loop").build();
        Program bg = Program.builder("background").label("loop")
                .lock(renameMutex).run(CRITICAL_NS).unlock(renameMutex).run(OUTSIDE_NS)
                .jump("loop").build();
        Task f = core.createTask("foreground", all, core.rootTaskGroup, new ProgramFrame(fg));
        Task b = core.createTask("background", all, low, new ProgramFrame(bg));
        core.wakeUpNewTask(b);
        for (int i = 0; i < 2 * cpus; i++) {
            Program hog = Program.builder("busy").label("l").run(1_000_000).jump("l").build();
            core.wakeUpNewTask(core.createTask("busy", all, medium, new ProgramFrame(hog)));
        }
        core.wakeUpNewTask(f);
        core.loop.runUntil(durationNs);
        if (!core.warnings.isEmpty()) throw new IllegalStateException("WARNING in pidemo (" + mode + "): " + core.warnings);
        return new Result(mode, hist, renames[0], core.trace.hash().value());
    }

    private static Action local(Action a) {
        return Action.hook("pidemo", true, a);
    }
}
