package org.proxytorture.torture;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.RunFrame;
import org.proxytorture.kernel.sched.ScheduleFrame;
import org.proxytorture.kernel.sched.SetAttrFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;
import org.proxytorture.sim.Timer;

/**
 * kernel/locking/locktorture.c on the emulated machine: the writer kthreads (lock_torture_writer
 * as a kthread program), the lock_is_write_held check, the stats lines, and the shuffler of
 * torture.c. Randomness (torture_random()) is drawn from the run's choice source.
 */
public final class LockTorture {
    private static final int R_SCRATCH = 0, R_LOCKSET = 1, R_SKIP = 2, R_STOP = 3;

    private final Core core;
    private final TortureParams params;
    private final Console console;
    private final LockTortureOps ops;
    private final Mutex main;
    private final Mutex[] nested;
    private final int nWriters;
    private final List<Task> writers = new ArrayList<>();
    /** torture_shuffle_task_list: every torture kthread. */
    private final List<Task> shuffled = new ArrayList<>();
    final long[] nLockAcquired;
    final long[] nLockFail;
    private final long[] acquireStart;
    private boolean lockIsWriteHeld;
    private int lockIsReadHeld;
    private boolean fullstop;
    private int nLockTortureErrors;
    private final List<String> failures = new ArrayList<>();
    private long lastLockRelease;
    private final Timer statsTimer;
    /** torture.c's stutter, or null with stutter=0. */
    final Stutter stutter;
    /** torture.c's CPU hotplug (torture_onoff), or null with onoff_interval=0. */
    final Onoff onoff;
    /** torture_shutdown: asleep until shutdown_secs; kthread_stop() would wake it, the model leaves it asleep. */
    private Task shutdownTask;

    public LockTorture(Core core, TortureParams params, Console console) {
        this.core = core;
        this.params = params;
        this.console = console;
        this.ops = LockTortureOps.forType(params.tortureType);
        this.nWriters = params.realWriters(core.nrCpus());
        this.main = new Mutex(core, "torture_mutex", new LockClass("torture_mutex"));
        int nn = ops.hasNestedLock() ? Math.min(params.nestedLocks, TortureParams.MAX_NESTED_LOCKS) : 0;
        this.nested = new Mutex[nn];
        for (int i = 0; i < nn; i++) nested[i] = new Mutex(core, "torture_nested_mutexes[" + i + "]", new LockClass("nested_mutex_key#" + i));
        nLockAcquired = new long[nWriters];
        nLockFail = new long[nWriters];
        acquireStart = new long[nWriters];
        core.mutexSpinOnOwner = params.mutexSpin;
        statsTimer = new Timer(this::statsTick);
        stutter = params.stutter > 0 ? new Stutter(core, params.stutter) : null;
        onoff = params.onoffInterval > 0 ? new Onoff(core, params, s -> console.printk(core.now(), s)) : null;
    }

    public Core core() {
        return core;
    }

    public TortureParams params() {
        return params;
    }

    public int nWriters() {
        return nWriters;
    }

    public Mutex mainLock() {
        return main;
    }

    public Mutex[] nestedLocks() {
        return nested.clone();
    }

    public List<Task> writers() {
        return List.copyOf(writers);
    }

    /** lock_torture_init(): banner, writers, shuffler, stats. */
    public void init() {
        console.printk(core.now(), params.banner("Start of test", core.nrCpus()));
        clampNestedLocks();
        List<String> nm = params.notModelled();
        if (!nm.isEmpty()) console.printk(core.now(), "proxytorture: not modelled yet, accepted and ignored: " + String.join(" ", nm));
        CpuMask bind = params.bindWritersMask(core.nrCpus());
        for (int tid = 0; tid < nWriters; tid++) {
            Task t = core.createTask("lock_torture_wr", bind, core.rootTaskGroup, new ProgramFrame(writerProgram(tid)));
            if (params.writerFifo != 0) {
                // torture_create_kthread_cb(..., sched_set_fifo)
                t.policy = Policy.SCHED_FIFO;
                t.rtPriority = Weights.MAX_RT_PRIO / 2;
                t.normalPrio = t.prio = Weights.MAX_RT_PRIO - 1 - t.rtPriority;
                t.schedClass = core.rt;
            }
            writers.add(t);
            shuffled.add(t);
        }
        if (params.shuffleInterval > 0 && core.nrCpus() > 1) {
            Task s = core.createTask("torture_shuffle", CpuMask.first(core.nrCpus()), core.rootTaskGroup,
                    new ProgramFrame(shufflerProgram()));
            shuffled.add(s);
        }
        initTortureKthreads();
        for (Task t : writers) core.wakeUpNewTask(t);
        for (Task t : shuffled) if (!writers.contains(t)) core.wakeUpNewTask(t);
        if (params.statInterval > 0) core.loop.arm(statsTimer, params.statInterval * 1_000_000_000L);
    }

    /** lock_torture_writer() as a kthread program. */
    private Program writerProgram(int tid) {
        Program.Builder b = Program.builder("lock_torture_writer/" + tid);
        if (params.verbose != 0) b.call(local("VERBOSE_TOROUT_STRING", (cpu, p, r) -> {
            console.printk(core.now(), params.tortureType + "-torture: lock_torture_writer task started");
            return null;
        }));
        if (params.writerFifo == 0) b.nice(Weights.MAX_NICE); // if (!rt_task(current)) set_user_nice(current, MAX_NICE)
        b.label("loop");
        b.add(new org.proxytorture.kernel.program.Insn.OneIn(R_SCRATCH, 1 << 20));
        b.jumpIfZero(R_SCRATCH, "nosleep");
        b.sleep(core.tickNsec); // schedule_timeout_uninterruptible(1)
        b.label("nosleep");
        if (nested.length > 0) {
            b.add(new org.proxytorture.kernel.program.Insn.Choose(R_LOCKSET, 1 << nested.length)); // lockset_mask
            b.add(new org.proxytorture.kernel.program.Insn.OneIn(R_SKIP, 100)); // skip_main_lock
        }
        ops.taskBoost(this, b, tid);
        for (int i = 0; i < nested.length; i++) b.add(new org.proxytorture.kernel.program.Insn.LockIfBit(R_LOCKSET, i, nested[i]));
        b.jumpIfNonZero(R_SKIP, "skip");
        if (params.acqWriterLim > 0) b.call(local("acq_start", (cpu, p, r) -> {
            acquireStart[tid] = core.now();
            return null;
        }));
        ops.writelock(this, b);
        b.call(named("write_held_check", (cpu, p, r) -> {
            writeLocked(tid);
            return null;
        }));
        ops.writeDelay(this, b, tid);
        b.call(named("write_release", (cpu, p, r) -> {
            lockIsWriteHeld = false;
            lastLockRelease = core.now();
            return null;
        }));
        ops.writeunlock(this, b);
        b.label("skip");
        for (int i = nested.length - 1; i >= 0; i--) b.add(new org.proxytorture.kernel.program.Insn.UnlockIfBit(R_LOCKSET, i, nested[i]));
        if (stutter != null) b.call(stutter.waitAction()); // stutter_wait("lock_torture_writer")
        b.call(mustStop());
        b.jumpIfZero(R_STOP, "loop");
        ops.taskBoost(this, b, tid); // cur_ops->task_boost(NULL): reset the priority
        b.exit();
        return b.build();
    }

    /** The acq_writer_lim WARN_ONCE() has fired (once per call site, whatever its text). */
    private boolean acqWarned;

    private void writeLocked(int tid) {
        if (lockIsWriteHeld) nLockFail[tid]++;
        lockIsWriteHeld = true;
        if (lockIsReadHeld != 0) nLockFail[tid]++;
        if (params.acqWriterLim > 0) {
            // WARN_ONCE(time_after(j1, j + acq_writer_lim), "%s: Lock acquisition took %lu jiffies.\n", __func__, j1 - j)
            long jiffies = core.now() / core.tickNsec - acquireStart[tid] / core.tickNsec;
            if (jiffies > params.acqWriterLim && !acqWarned) {
                acqWarned = true;
                core.warnOnce(true, "lock_torture_writer: Lock acquisition took " + jiffies + " jiffies.");
                failures.add("acq_writer_lim: lock acquisition took " + jiffies + " jiffies");
            }
        }
        nLockAcquired[tid]++;
    }

    /** "cap nested_locks to MAX_NESTED_LOCKS", silently, after the Start of test banner (which shows the value asked for). */
    private void clampNestedLocks() {
        if (params.nestedLocks > TortureParams.MAX_NESTED_LOCKS) params.nestedLocks = TortureParams.MAX_NESTED_LOCKS;
    }

    /**
     * torture.c's kthreads besides the shuffler: torture_onoff_init(), torture_shutdown_init(),
     * torture_stutter_init(). Every torture kthread is a kernel thread (PF_KTHREAD).
     */
    private void initTortureKthreads() {
        if (onoff != null) createTortureKthread("torture_onoff", onoff.frame(() -> fullstop));
        if (params.shutdownSecs > 0) shutdownTask = createTortureKthread("torture_shutdown", new ProgramFrame(shutdownProgram()));
        if (stutter != null) createTortureKthread("torture_stutter", new ProgramFrame(
                stutter.program(verboseString("torture_stutter task started"), mustStop(), R_STOP)));
        for (Task t : shuffled) t.pfKthread = true;
    }

    /** torture_create_kthread(): created, registered with the shuffler, and woken by init(). */
    private Task createTortureKthread(String comm, org.proxytorture.kernel.sched.KFrame body) {
        Task t = core.createTask(comm, CpuMask.first(core.nrCpus()), core.rootTaskGroup, body);
        shuffled.add(t);
        return t;
    }

    /** True once torture_shutdown has called the cleanup hook: the run ends (kernel_power_off()). */
    boolean shutdownRequested;

    /**
     * torture_shutdown(): sleeps until shutdown_secs after init, then "shuts down the system":
     * lock_torture_cleanup() runs (in {@link TortureRun}) and the machine powers off.
     */
    private Program shutdownProgram() {
        long shutdownTime = core.now() + params.shutdownSecs * 1_000_000_000L;
        Program.Builder b = Program.builder("torture_shutdown");
        if (params.verbose != 0) b.call(local("torture_shutdown", (cpu, p, r) -> {
            console.printk(core.now(), params.tortureType + "-torture: torture_shutdown task: "
                    + (shutdownTime - core.now()) / 1_000_000 + " ms remaining");
            return null;
        }));
        b.sleep(shutdownTime - core.now());
        if (params.verbose != 0) b.call(verboseString("torture_shutdown task shutting down system"));
        b.call(named("torture_shutdown_hook", (cpu, p, r) -> {
            shutdownRequested = true;
            core.loop.stop();
            return null;
        }));
        b.exit();
        return b.build();
    }

    /** VERBOSE_TOROUT_STRING(s): printed only with verbose != 0; null (nothing to call) otherwise. */
    Action verboseString(String s) {
        if (params.verbose == 0) return null;
        return local("VERBOSE_TOROUT_STRING", (cpu, p, r) -> {
            console.printk(core.now(), params.tortureType + "-torture: " + s);
            return null;
        });
    }

    /** torture_shuffle(): every shuffle_interval jiffies, torture_shuffle_tasks(). */
    private Program shufflerProgram() {
        Program.Builder b = Program.builder("torture_shuffle");
        b.label("loop");
        b.sleep(params.shuffleInterval * core.tickNsec);
        b.call(named("torture_shuffle_tasks", (cpu, p, r) -> new ShuffleFrame(core, shuffled, params.randomShuffle, this)));
        b.call(mustStop());
        b.jumpIfZero(R_STOP, "loop");
        b.exit();
        return b.build();
    }

    private int shuffleIdleCpu = -1;

    /** The next shuffle mask: all CPUs but one, rotating; on wrap-around, all CPUs. */
    CpuMask nextShuffleMask() {
        shuffleIdleCpu++;
        if (shuffleIdleCpu >= core.nrCpus()) shuffleIdleCpu = -1;
        CpuMask all = CpuMask.first(core.nrCpus());
        return shuffleIdleCpu < 0 ? all : all.clear(shuffleIdleCpu);
    }

    Action longDelay(long oneIn, long ms) {
        return local("long_delay", (cpu, p, r) -> core.choices.oneIn(oneIn) ? new RunFrame(ms * 1_000_000L) : null);
    }

    Action preemptScheduleOneIn(long oneIn) {
        return local("torture_preempt_schedule", (cpu, p, r) -> core.choices.oneIn(oneIn) ? new ScheduleFrame() : null);
    }

    /** __torture_rt_boost(): sched_set_fifo() once in nwriters*factor, back to normal in twice that. */
    Action rtBoost() {
        return local("torture_rt_boost", (cpu, p, r) -> {
            long factor = params.rtBoostFactor;
            boolean stopping = r[R_STOP] != 0;
            if (!p.policy.isRt()) {
                if (!stopping && core.choices.oneIn(nWriters * factor))
                    return SetAttrFrame.setScheduler(null, Policy.SCHED_FIFO, Weights.MAX_RT_PRIO / 2, 0);
                return null;
            }
            if (stopping || core.choices.oneIn(nWriters * factor * 2))
                return SetAttrFrame.setScheduler(null, Policy.SCHED_NORMAL, 0, 0);
            return null;
        });
    }

    private Action mustStop() {
        return local("torture_must_stop", (cpu, p, r) -> {
            r[R_STOP] = fullstop ? 1 : 0;
            return null;
        });
    }

    private static Action named(String name, Action a) {
        return hook(name, false, a);
    }

    /** A hook that touches only the task's own state: it does not end the section. */
    private static Action local(String name, Action a) {
        return hook(name, true, a);
    }

    private static Action hook(String name, boolean local, Action a) {
        return Action.hook(name, local, a);
    }

    // ---------------------------------------------------------------- stats and the end of test

    private void statsTick(long now) {
        printStats();
        core.loop.arm(statsTimer, now + params.statInterval * 1_000_000_000L);
    }

    /** lock_torture_stats_print() -> __torture_print_stats() */
    public String statsLine() {
        long sum = 0, max = 0, min = nWriters > 0 ? nLockAcquired[0] : 0;
        boolean fail = false;
        for (int i = 0; i < nWriters; i++) {
            if (nLockFail[i] != 0) fail = true;
            long cur = nLockAcquired[i];
            sum += cur;
            if (max < cur) max = cur;
            if (min > cur) min = cur;
        }
        return String.format("%s:  Total: %d  Max/Min: %d/%d %s  Fail: %d %s", "Writes", sum, max, min,
                params.onoffInterval == 0 && max / 2 > min ? "???" : "", fail ? 1 : 0, fail ? "!!!" : "");
    }

    public void printStats() {
        console.printk(core.now(), statsLine());
        // locktorture does not call torture_onoff_stats(); rcutorture does, and the model prints it too
        if (onoff != null) console.printk(core.now(), onoff.stats());
        for (long f : nLockFail) {
            if (f != 0) {
                nLockTortureErrors++;
                break;
            }
        }
    }

    public long totalAcquisitions() {
        long s = 0;
        for (long a : nLockAcquired) s += a;
        return s;
    }

    public long totalFails() {
        long s = 0;
        for (long f : nLockFail) s += f;
        return s;
    }

    /** torture_cleanup_begin(): torture_must_stop() becomes true. */
    public void stop() {
        fullstop = true;
        core.loop.cancel(statsTimer);
    }

    /** Torture kthreads that have not returned yet. */
    public List<Task> notStopped() {
        List<Task> out = new ArrayList<>();
        for (Task t : shuffled) if (t.state != TaskState.TASK_DEAD && t != shutdownTask) out.add(t);
        return out;
    }

    public List<String> failures() {
        return failures;
    }

    /** lock_torture_cleanup(): the last stats line and the End of test banner; true on SUCCESS. */
    public boolean cleanup(List<String> extraFailures) {
        printStats();
        boolean failed = nLockTortureErrors > 0 || totalFails() > 0 || !failures.isEmpty() || !extraFailures.isEmpty();
        boolean hotplug = !failed && onoff != null && onoff.failures();
        console.printk(core.now(), params.banner(failed ? "End of test: FAILURE"
                : hotplug ? "End of test: LOCK_HOTPLUG" : "End of test: SUCCESS", core.nrCpus()));
        if (hotplug) failures.add("torture_onoff_failures: " + onoff.stats().trim());
        return !failed && !hotplug;
    }
}
