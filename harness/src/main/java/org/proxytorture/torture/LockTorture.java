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
import org.proxytorture.kernel.cpu.RunFrame;
import org.proxytorture.kernel.sched.ScheduleFrame;
import org.proxytorture.kernel.sched.SetAttrFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.fair.TaskGroup;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;
import org.proxytorture.kernel.sched.YieldFrame;
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
    /** nested_locks, for the types with nested_lock() */
    private final int nNested;
    private final int nWriters;
    private final int nReaders;
    private final List<Task> writers = new ArrayList<>();
    private final List<Task> readers = new ArrayList<>();
    /** torture_shuffle_task_list: every torture kthread. */
    private final List<Task> shuffled = new ArrayList<>();
    final long[] nLockAcquired;
    final long[] nLockFail;
    /** cxt.lrsa: the readers' lock_stress_stats. */
    final long[] nReadAcquired;
    final long[] nReadFail;
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
        this(core, params, console, params.tortureType.ops());
    }

    /** With the given ops (a test may pass a deliberately broken one). */
    LockTorture(Core core, TortureParams params, Console console, LockTortureOps ops) {
        this.core = core;
        this.params = params;
        this.console = console;
        this.ops = ops;
        this.nWriters = params.realWriters(core.nrCpus());
        this.nReaders = params.realReaders(core.nrCpus());
        this.main = new Mutex(core, "torture_mutex", new LockClass("torture_mutex"));
        // nested_lock()'s loop runs i < nested_locks: none for a negative value
        this.nNested = ops.hasNestedLock() ? Math.max(0, Math.min(params.nestedLocks, TortureParams.MAX_NESTED_LOCKS)) : 0;
        nLockAcquired = new long[nWriters];
        nLockFail = new long[nWriters];
        nReadAcquired = new long[nReaders];
        nReadFail = new long[nReaders];
        acquireStart = new long[nWriters];
        core.mutexSpinOnOwner = params.mutexSpin;
        core.schedFeat = params.schedFeat;
        core.donorAffinityFix = params.donorAffinityFix;
        core.fair.bandwidth.model = params.throttleModel.create();
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

    /** cxt.nrealreaders_stress */
    public int nReaders() {
        return nReaders;
    }

    LockTortureOps ops() {
        return ops;
    }

    public List<Task> writers() {
        return List.copyOf(writers);
    }

    public List<Task> readers() {
        return List.copyOf(readers);
    }

    /** lock_torture_init(): banner, writers, shuffler, stats. */
    public void init() {
        console.printk(core.now(), params.banner("Start of test", core.nrCpus()));
        clampNestedLocks();
        List<String> nm = params.notModelled();
        if (!nm.isEmpty()) console.printk(core.now(), "proxytorture: not modelled yet, accepted and ignored: " + String.join(" ", nm));
        CpuMask bind = params.bindWritersMask(core.nrCpus());
        CpuMask bindR = params.bindReadersMask(core.nrCpus());
        TaskGroup writerGroup = writerGroup();
        // writers and readers interleaved, a writer first (creation order is the shuffle list's)
        for (int i = 0; i < nWriters || i < nReaders; i++) {
            if (i < nWriters) {
                Task t = core.createTask("lock_torture_wr", bind, writerGroup, new ProgramFrame(writerProgram(i)));
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
            if (i < nReaders) {
                Task t = core.createTask("lock_torture_re", bindR, core.rootTaskGroup, new ProgramFrame(readerProgram(i)));
                readers.add(t);
                shuffled.add(t);
            }
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

    /**
     * proxytorture.writer_cpu_max / writer_cpu_weight: the writers go into one task group,
     * "lock_torture", with that cpu.max and cpu.weight; otherwise they stay in the root group.
     */
    private TaskGroup writerGroup() {
        if (!params.writerGroup) return core.rootTaskGroup;
        int weight = params.writerCpuWeight > 0 ? params.writerCpuWeight : 100;
        TaskGroup g = core.createGroup("lock_torture", core.rootTaskGroup, TaskGroup.weightToShares(weight));
        g.setCpuMax(params.writerCpuMax());
        console.printk(core.now(), "proxytorture: writers in task group lock_torture: cpu.max=" + g.cpuMax() + " cpu.weight=" + weight
                + " proxytorture.throttle_model=" + core.fair.bandwidth.model.name());
        return g;
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
        if (nNested > 0) b.add(new org.proxytorture.kernel.program.Insn.Choose(R_LOCKSET, 1 << nNested)); // lockset_mask
        // skip_main_lock = nested_locks && !(torture_random(&rand) % 100): a negative nested_locks skips too
        if (ops.hasNestedLock() && params.nestedLocks != 0) b.add(new org.proxytorture.kernel.program.Insn.OneIn(R_SKIP, 100));
        ops.taskBoost(this, b, tid);
        ops.nestedLock(this, b, R_LOCKSET, nNested);
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
        if (params.holdYield > 0) b.call(holdYield(params.holdYield));
        b.call(named("write_release", (cpu, p, r) -> {
            lockIsWriteHeld = false;
            lastLockRelease = core.now();
            return null;
        }));
        ops.writeunlock(this, b);
        b.label("skip");
        ops.nestedUnlock(this, b, R_LOCKSET, nNested);
        if (stutter != null) b.call(stutter.waitAction()); // stutter_wait("lock_torture_writer")
        b.call(mustStop());
        b.jumpIfZero(R_STOP, "loop");
        ops.taskBoost(this, b, tid); // cur_ops->task_boost(NULL): reset the priority
        b.exit();
        return b.build();
    }

    /** lock_torture_reader() as a kthread program. */
    private Program readerProgram(int tid) {
        Program.Builder b = Program.builder("lock_torture_reader/" + tid);
        if (params.verbose != 0) b.call(local("VERBOSE_TOROUT_STRING", (cpu, p, r) -> {
            console.printk(core.now(), params.tortureType + "-torture: lock_torture_reader task started");
            return null;
        }));
        b.nice(Weights.MAX_NICE); // set_user_nice(current, MAX_NICE)
        b.label("loop");
        b.add(new org.proxytorture.kernel.program.Insn.OneIn(R_SCRATCH, 1 << 20)); // (torture_random() & 0xfffff) == 0
        b.jumpIfZero(R_SCRATCH, "nosleep");
        b.sleep(core.tickNsec); // schedule_timeout_uninterruptible(1)
        b.label("nosleep");
        ops.readlock(this, b);
        b.call(named("read_held_check", (cpu, p, r) -> {
            lockIsReadHeld++; // atomic_inc(&lock_is_read_held)
            if (core.warnOnce(lockIsWriteHeld, "lock_torture_reader: WARN_ON_ONCE(lock_is_write_held)")) nReadFail[tid]++;
            nReadAcquired[tid]++;
            return null;
        }));
        ops.readDelay(this, b, tid);
        b.call(named("read_release", (cpu, p, r) -> {
            lockIsReadHeld--; // atomic_dec(&lock_is_read_held)
            return null;
        }));
        ops.readunlock(this, b);
        if (stutter != null) b.call(stutter.waitAction()); // stutter_wait("lock_torture_reader")
        b.call(mustStop());
        b.jumpIfZero(R_STOP, "loop");
        b.exit();
        return b.build();
    }

    /** The acq_writer_lim WARN_ONCE() has fired (once per call site, whatever its text). */
    private boolean acqWarned;

    private void writeLocked(int tid) {
        if (core.warnOnce(lockIsWriteHeld, "lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)")) nLockFail[tid]++;
        lockIsWriteHeld = true;
        if (core.warnOnce(lockIsReadHeld != 0, "lock_torture_writer: WARN_ON_ONCE(atomic_read(&lock_is_read_held))")) nLockFail[tid]++;
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
    /** How many nested locks the writers take (nested_locks, clamped to MAX_NESTED_LOCKS; 0 without nested_lock ops). */
    public int nestedLocks() {
        return nNested;
    }

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
        if (params.setprioInterval > 0) createTortureKthread("torture_setprio", new ProgramFrame(
                Meddlers.program("torture_setprio", core, params.setprioInterval, mustStop(), R_STOP, writers,
                        params.setprioIdle ? Meddlers.SETPRIO_IDLE : Meddlers.SETPRIO)));
        if (params.reniceInterval > 0) createTortureKthread("torture_renice", new ProgramFrame(
                Meddlers.program("torture_renice", core, params.reniceInterval, mustStop(), R_STOP, writers, Meddlers.RENICE)));
        if (params.signalInterval > 0) createTortureKthread("torture_signal", new ProgramFrame(
                Meddlers.program("torture_signal", core, params.signalInterval, mustStop(), R_STOP, writers, Meddlers.SIGNAL)));
        for (Task t : shuffled) t.pfKthread = true;
    }

    /** torture_create_kthread(): created, registered with the shuffler, and woken by init(). */
    private Task createTortureKthread(String comm, org.proxytorture.kernel.cpu.KFrame body) {
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
        b.idleSleep(shutdownTime - core.now());
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
        b.idleSleep(params.shuffleInterval * core.tickNsec); // torture_hrtimeout_jiffies()
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

    /** torture_preempt_schedule(): preempt_schedule(), which does nothing while preemption is disabled. */
    Action preemptScheduleOneIn(long oneIn) {
        return local("torture_preempt_schedule", (cpu, p, r) -> core.choices.oneIn(oneIn) && p.preemptCount == 0 ? new ScheduleFrame() : null);
    }

    /** proxytorture.hold_yield: sched_yield() with probability 1/oneIn, the write lock held. */
    Action holdYield(long oneIn) {
        return local("hold_yield", (cpu, p, r) -> core.choices.oneIn(oneIn) ? new YieldFrame() : null);
    }

    /** udelay(us) with probability 1/oneIn. */
    Action shortDelay(long oneIn, long ns) {
        return local("short_delay", (cpu, p, r) -> core.choices.oneIn(oneIn) ? new RunFrame(ns) : null);
    }

    /** mdelay(ms) with probability 1/oneIn, then pr_alert("%s: delay = %lu jiffies.\n", func, jiffies - j). */
    Action longDelayPrinted(long oneIn, long ms, String func) {
        return local("long_delay", (cpu, p, r) -> {
            if (!core.choices.oneIn(oneIn)) return null;
            long j = core.now() / core.tickNsec;
            return new MdelayPrintFrame(ms * 1_000_000L, () -> console.printk(core.now(),
                    func + ": delay = " + (core.now() / core.tickNsec - j) + " jiffies."));
        });
    }

    /** mdelay(longMs) with probability 1/oneIn (never if oneIn is 0), else mdelay(elseMs). */
    Action readDelay(long oneIn, long longMs, long elseMs) {
        return local("read_delay", (cpu, p, r) -> {
            long ms = oneIn > 0 && core.choices.oneIn(oneIn) ? longMs : elseMs;
            return ms > 0 ? new RunFrame(ms * 1_000_000L) : null;
        });
    }

    /**
     * The rw_lock delays: with probability 1/oneIn (never if oneIn is 0, long_hold=0) a long
     * mdelay(), else a short udelay(); both busy waits, given in ns.
     */
    Action longElseShortDelay(long oneIn, long longNs, long shortNs) {
        return local("long_else_short_delay", (cpu, p, r) -> new RunFrame(oneIn > 0 && core.choices.oneIn(oneIn) ? longNs : shortNs));
    }

    /** __torture_rt_boost(): sched_set_fifo() once in nwriters*factor, back to normal in twice that. */
    Action rtBoost() {
        return local("torture_rt_boost", (cpu, p, r) -> {
            // const unsigned int factor = rt_boost_factor: the odds are unsigned int products, wrapping as the
            // kernel's do (TortureParams refuses a factor that makes either 0, the kernel's divide error)
            int factor = params.rtBoostFactor;
            boolean stopping = r[R_STOP] != 0;
            if (!p.policy.isRt()) {
                if (!stopping && core.choices.oneIn(Integer.toUnsignedLong(nWriters * factor)))
                    return SetAttrFrame.setScheduler(null, Policy.SCHED_FIFO, Weights.MAX_RT_PRIO / 2, 0);
                return null;
            }
            if (stopping || core.choices.oneIn(Integer.toUnsignedLong(nWriters * factor * 2)))
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

    /** The writers' line of lock_torture_stats_print() (__torture_print_stats(buf, cxt.lwsa, true)). */
    public String statsLine() {
        return statsLine("Writes", nLockAcquired, nLockFail);
    }

    /** The readers' line (__torture_print_stats(buf, cxt.lrsa, false)), or null for a type without readlock. */
    public String readsLine() {
        return ops.hasReadLock() ? statsLine("Reads ", nReadAcquired, nReadFail) : null;
    }

    /** __torture_print_stats() */
    private String statsLine(String what, long[] acquired, long[] fails) {
        long sum = 0, max = 0, min = acquired.length > 0 ? acquired[0] : 0;
        boolean fail = false;
        for (int i = 0; i < acquired.length; i++) {
            if (fails[i] != 0) fail = true;
            long cur = acquired[i];
            sum += cur;
            if (max < cur) max = cur;
            if (min > cur) min = cur;
        }
        return String.format("%s:  Total: %d  Max/Min: %d/%d %s  Fail: %d %s", what, sum, max, min,
                params.onoffInterval == 0 && max / 2 > min ? "???" : "", fail ? 1 : 0, fail ? "!!!" : "");
    }

    /** lock_torture_stats_print(): the Writes line, then (with readlock) the Reads line; a failing line counts an error. */
    public void printStats() {
        console.printk(core.now(), statsLine());
        if (anyNonZero(nLockFail)) nLockTortureErrors++;
        if (ops.hasReadLock()) {
            console.printk(core.now(), readsLine());
            if (anyNonZero(nReadFail)) nLockTortureErrors++;
        }
        // locktorture does not call torture_onoff_stats(); rcutorture does, and the model prints it too
        if (onoff != null) console.printk(core.now(), onoff.stats());
    }

    private static boolean anyNonZero(long[] a) {
        for (long x : a) if (x != 0) return true;
        return false;
    }

    /** Writer acquisitions (the Writes line's Total). */
    public long totalAcquisitions() {
        long s = 0;
        for (long a : nLockAcquired) s += a;
        return s;
    }

    /** Each writer's n_lock_acquired (cxt.lwsa), in kthread order. */
    public long[] writerAcquisitions() {
        return nLockAcquired.clone();
    }

    /** Each reader's n_lock_acquired (cxt.lrsa), in kthread order. */
    public long[] readerAcquisitions() {
        return nReadAcquired.clone();
    }

    /** Reader acquisitions (the Reads line's Total). */
    public long totalReadAcquisitions() {
        long s = 0;
        for (long a : nReadAcquired) s += a;
        return s;
    }

    /** n_lock_fail over writers and readers. */
    public long totalFails() {
        long s = 0;
        for (long f : nLockFail) s += f;
        for (long f : nReadFail) s += f;
        return s;
    }

    /**
     * torture_cleanup_begin() and lock_torture_cleanup()'s torture_stop_kthread() calls:
     * torture_must_stop() becomes true, and kthread_stop()'s wake_up_process() ends each torture
     * kthread's torture_hrtimeout_*() sleep (shuffle interval, onoff holdoff, stutter) early.
     * Simplification: all at once, each woken by its own sleep timer firing now, where the kernel
     * stops them one by one from the cleanup task. torture_shutdown is not woken (see shutdownTask).
     */
    public void stop() {
        fullstop = true;
        core.loop.cancel(statsTimer);
        for (Task t : shuffled) {
            if (t == shutdownTask || t.state != TaskState.TASK_IDLE || !t.sleepTimer.armed()) continue;
            core.loop.cancel(t.sleepTimer);
            core.loop.arm(t.sleepTimer, core.now());
        }
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
