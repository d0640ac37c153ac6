package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.Kstrtox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.sched.CpuMask;

/**
 * locktorture's module parameters (locktorture.*), torture.c's (torture.*) and the harness's own
 * (proxytorture.*), with the kernel's defaults and meanings (reference section 3.1).
 */
public final class TortureParams {
    /** torture_ops[] names, in the kernel's order; only some are implemented so far (TortureType). */
    public static final List<String> TORTURE_TYPES = TortureType.params();
    public static final List<String> IMPLEMENTED_TYPES = TortureType.modelledParams();
    public static final int MAX_NESTED_LOCKS = 8;
    /** The most writer (or reader) kthreads the model runs; the kernel's limit is memory. */
    public static final int MAX_KTHREADS = 4096;
    private static final String KTHREADS_ACCEPTED = "a negative count for the default (2 per CPU, 1 per CPU each with readers),"
            + " or 0.." + MAX_KTHREADS + ": the model's limit (the kernel's is memory)";

    /** Our CLI's default; the kernel's is "spin_lock" ("raw_spin_lock" under PREEMPT_RT). */
    public TortureType tortureType = TortureType.MUTEX_LOCK;
    public int nwritersStress = -1;
    public int nreadersStress = -1;
    public int acqWriterLim;
    public int callRcuChains;
    public int longHold = 100;
    public int nestedLocks;
    public int onoffHoldoff;
    public int onoffInterval;
    public int rtBoost = 2;
    public int rtBoostFactor = 50;
    public int shuffleInterval = 3;
    public int shutdownSecs;
    public int statInterval = 60;
    public int stutter = 5;
    public int verbose = 1;
    public int writerFifo;
    public String bindReaders = "";
    public String bindWriters = "";
    // torture.*
    public boolean randomShuffle;
    public boolean disableOnoffAtBoot;
    public boolean ftraceDumpAtShutdown;
    public int verboseSleepFrequency;
    public int verboseSleepDuration = 1;
    /** sched_proxy_exec=: on by default, as the static key is when CONFIG_SCHED_PROXY_EXEC=y. */
    public boolean schedProxyExec = true;
    // proxytorture.*
    public org.proxytorture.kernel.proxy.Generation proxyVariant = org.proxytorture.kernel.proxy.Generation.FULL;
    public boolean lockPi;
    public boolean mutexSpin = true;
    public long windowNs = 200;
    /** proxytorture.memory_model: sc, tso (x86, the default) or arm64 (package kernel.mem). */
    public org.proxytorture.kernel.mem.MemoryModel memoryModel = org.proxytorture.kernel.mem.MemoryModel.TSO;
    /** proxytorture.checks / audit_interval_ms / hung_task_timeout_secs: the invariant checkers (package check). */
    public boolean checks = true;
    public int auditIntervalMs = 10;
    public int hungTaskTimeoutSecs = 20;
    /** proxytorture.hotplug_wait_poll: balance_hotplug_wait() also re-checks every jiffy (a model safety net; off as in the kernel). */
    public boolean hotplugWaitPoll;
    /** What the machine runs: locktorture's kthreads, or the priority-inversion demo (PiDemo). */
    public Workload workload = Workload.LOCKTORTURE;
    /** With workload=pidemo: run.sh's case (PiDemo.Case). */
    public String pidemoCase = "schedload-contention-throttled";
    /**
     * proxytorture.writer_cpu_max / writer_cpu_weight: the writers' task group "lock_torture"
     * (cgroup v2 cpu.max in us, RUNTIME_INF_US for max; cpu.weight); without either the writers
     * stay in the root group. proxytorture.throttle_model: task (6.18+) or group (up to 6.17).
     */
    public long writerQuotaUs = RUNTIME_INF_US;
    public long writerPeriodUs = 100_000;
    public int writerCpuWeight;
    public boolean writerGroup;
    public org.proxytorture.kernel.sched.fair.ThrottleModel.Kind throttleModel = org.proxytorture.kernel.sched.fair.ThrottleModel.Kind.TASK;
    /**
     * proxytorture.donor_affinity_fix (default 1): the fix proposed for finding F1 (README): a blocked
     * donor whose CPU leaves its mask is moved by the stopper (6.17) or return-migrated at its wakeup
     * (7.1 and later) although task_cpu == wake_cpu. 0 is mainline's rule: affine_move_task() leaves
     * a donor that is not current where it is and proxy_needs_return() looks at wake_cpu only, so a
     * donor can run outside its mask (INV-P3).
     */
    public boolean donorAffinityFix = true;
    /** proxytorture.sched_feat: the switchable sched features (DELAY_DEQUEUE, DELAY_ZERO; on by default). */
    public org.proxytorture.kernel.sched.SchedFeat schedFeat = org.proxytorture.kernel.sched.SchedFeat.DEFAULTS;
    /**
     * proxytorture.ww_reorder=1: each ww_mutex_lock writer starts from its own lock order (rotated by
     * its pid), as test-ww_mutex's stress_reorder does, so wait-die kills and -EDEADLK backoffs happen;
     * locktorture's own writers all start in one order and never deadlock.
     */
    public boolean wwReorder;
    /**
     * proxytorture.setprio_interval=N (ms, 0 off): a torture_setprio kthread calls
     * sched_setscheduler() on a random writer every N ms (SCHED_FIFO at a random rt_priority if it is
     * fair, else SCHED_NORMAL), whatever the writer is doing: blocked on a lock, owning one.
     */
    public int setprioInterval;
    /**
     * proxytorture.setprio_idle=1: torture_setprio also moves a SCHED_NORMAL writer to SCHED_IDLE
     * (weight 3: any normal wakeup preempts it, it preempts nobody) or SCHED_BATCH, a third of the
     * time each with SCHED_FIFO, and such a writer back to SCHED_NORMAL: donors and owners of those
     * policies under proxy execution. Off: FIFO and NORMAL only, as before.
     */
    public boolean setprioIdle;
    /**
     * proxytorture.renice_interval=N (ms, 0 off): a torture_renice kthread calls set_user_nice() on
     * a random writer every N ms (nice -20..19), whatever it is doing: a donor or an owner reweighted
     * in place, an RT writer whose nice only is kept for later.
     */
    public int reniceInterval;
    /**
     * proxytorture.signal_interval=N (ms, 0 off; rtmutex_lock and mutex_lock): the writers take their
     * rt_mutexes with rt_mutex_lock_interruptible() (mutex_lock: the main mutex with
     * mutex_lock_interruptible()), and a torture_signal kthread signals a random
     * writer every N ms; an interrupted lock returns -EINTR, and the writer flushes the signal and
     * tries again.
     */
    public int signalInterval;
    /**
     * proxytorture.hold_yield=N (one in N write holds, 0 off; sleeping locks only): the writer calls
     * sched_yield() while it holds the lock, as stress-ng's yield stressor does under contention.
     * With proxy execution the owner may be running on a donor's behalf, and yield_task_fair()
     * moves rq->donor's deadline, not its own.
     */
    public int holdYield;
    /** proxytorture.inject: the bug catalog's faults to inject (org.proxytorture.explore.BugCatalog). */
    public org.proxytorture.kernel.harness.Faults faults = org.proxytorture.kernel.harness.Faults.NONE;
    public static final long RUNTIME_INF_US = -1;
    static final String CPU_MAX_ACCEPTED = "max, max,PERIOD_US or QUOTA_US,PERIOD_US with PERIOD_US 1000..1000000 and QUOTA_US >= 1000";

    /**
     * What the kernel prints while it parses the command line, before locktorture starts: a bad
     * bind_readers/bind_writers list (param_set_cpumask()'s warning, then parse_args()'s error).
     */
    public final List<String> bootMessages = new ArrayList<>();

    /** Parameters whose effect the model does not have yet, with a value that turns them on. */
    public List<String> notModelled() {
        List<String> out = new ArrayList<>();
        if (callRcuChains > 0) out.add("call_rcu_chains"); // call_rcu_chain_init(): <= 0 is off
        if (verboseSleepFrequency > 0 && verboseSleepDuration > 0) out.add("torture.verbose_sleep_frequency"); // verbose_torout_sleep()
        if (ftraceDumpAtShutdown) out.add("torture.ftrace_dump_at_shutdown");
        return out;
    }

    private interface Setter {
        void set(TortureParams p, String value);
    }

    private record Param(String name, String accepted, Setter setter) { }

    private static final List<Param> PARAMS = List.of(
            new Param("locktorture.torture_type", String.join("|", IMPLEMENTED_TYPES), (p, v) -> {
                TortureType t = TortureType.byParam(v);
                if (t == null)
                    throw new BadInputException("locktorture.torture_type=" + v + ": lock-torture: invalid torture type: \"" + v + "\" (accepted: " + String.join(" ", TORTURE_TYPES) + ")");
                if (!t.modelled())
                    throw new BadInputException("locktorture.torture_type=" + v + " is not modelled yet (accepted: " + String.join(" ", IMPLEMENTED_TYPES) + ")");
                p.tortureType = t;
            }),
            // module_param(int): any int, as kstrtoint() reads it; a negative count means the default (lock_torture_init())
            intParam("locktorture.nwriters_stress", Integer.MIN_VALUE, MAX_KTHREADS, KTHREADS_ACCEPTED, (p, v) -> p.nwritersStress = v),
            intParam("locktorture.nreaders_stress", Integer.MIN_VALUE, MAX_KTHREADS, KTHREADS_ACCEPTED, (p, v) -> p.nreadersStress = v),
            intParam("locktorture.acq_writer_lim", (p, v) -> p.acqWriterLim = v), // > 0 only
            intParam("locktorture.call_rcu_chains", (p, v) -> p.callRcuChains = v), // > 0 only; not modelled
            // negative: the rare long hold would mdelay() for 2^64 ms; the upper bound (nwriters * 2000 * long_hold
            // must fit an int in torture_*_delay()) is checked once the writers are counted
            intParam("locktorture.long_hold", 0, Integer.MAX_VALUE, "0 (off) or more: the kernel takes a negative long_hold, and its"
                    + " rare long hold then mdelay()s for about 2^64 ms", (p, v) -> p.longHold = v),
            intParam("locktorture.nested_locks", (p, v) -> p.nestedLocks = v), // clamped to MAX_NESTED_LOCKS at init; < 0 takes none
            intParam("locktorture.onoff_holdoff", (p, v) -> p.onoffHoldoff = v), // <= 0: none; * HZ checked with the HZ
            intParam("locktorture.onoff_interval", (p, v) -> p.onoffInterval = v), // <= 0: no hotplug
            intParam("locktorture.rt_boost", (p, v) -> p.rtBoost = v), // 2: every type; any other non-zero: rtmutex_lock only
            intParam("locktorture.rt_boost_factor", (p, v) -> p.rtBoostFactor = v), // a zero divisor is checked with the writers
            intParam("locktorture.shuffle_interval", (p, v) -> p.shuffleInterval = v), // <= 0: no shuffler
            intParam("locktorture.shutdown_secs", (p, v) -> p.shutdownSecs = v), // <= 0: no shutdown
            intParam("locktorture.stat_interval", (p, v) -> p.statInterval = v), // <= 0: no stats kthread; * HZ checked with the HZ
            intParam("locktorture.stutter", (p, v) -> p.stutter = v), // <= 0: no stutter
            intParam("locktorture.verbose", (p, v) -> p.verbose = v), // non-zero: VERBOSE_TOROUT_STRING; > 1: torture_onoff's lines
            intParam("locktorture.writer_fifo", (p, v) -> p.writerFifo = v), // non-zero: sched_set_fifo()
            new Param("locktorture.bind_readers", "a cpulist such as 0-3,6 (cpulist_parse())", (p, v) -> p.bindReaders = v),
            new Param("locktorture.bind_writers", "a cpulist such as 0-3,6 (cpulist_parse())", (p, v) -> p.bindWriters = v),
            boolParam("torture.random_shuffle", (p, v) -> p.randomShuffle = v),
            boolParam("torture.disable_onoff_at_boot", (p, v) -> p.disableOnoffAtBoot = v),
            boolParam("torture.ftrace_dump_at_shutdown", (p, v) -> p.ftraceDumpAtShutdown = v),
            intParam("torture.verbose_sleep_frequency", (p, v) -> p.verboseSleepFrequency = v), // > 0 only; not modelled
            intParam("torture.verbose_sleep_duration", (p, v) -> p.verboseSleepDuration = v),
            boolParam("sched_proxy_exec", (p, v) -> p.schedProxyExec = v),
            new Param("proxytorture.proxy_variant", org.proxytorture.kernel.proxy.Generation.accepted(), (p, v) -> {
                try {
                    p.proxyVariant = org.proxytorture.kernel.proxy.Generation.byParam(v);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("proxytorture.proxy_variant=" + v + ": unknown variant (accepted: " + org.proxytorture.kernel.proxy.Generation.accepted() + ")");
                }
            }),
            boolParam("proxytorture.lock_pi", (p, v) -> p.lockPi = v),
            boolParam("proxytorture.donor_affinity_fix", (p, v) -> p.donorAffinityFix = v),
            boolParam("proxytorture.mutex_spin", (p, v) -> p.mutexSpin = v),
            boolParam("proxytorture.ww_reorder", (p, v) -> p.wwReorder = v),
            intParam("proxytorture.setprio_interval", 0, 60_000, (p, v) -> p.setprioInterval = v),
            boolParam("proxytorture.setprio_idle", (p, v) -> p.setprioIdle = v),
            intParam("proxytorture.renice_interval", 0, 60_000, (p, v) -> p.reniceInterval = v),
            intParam("proxytorture.hold_yield", 0, 1_000_000, (p, v) -> p.holdYield = v),
            intParam("proxytorture.signal_interval", 0, 60_000, (p, v) -> p.signalInterval = v),
            intParam("proxytorture.window_ns", 0, 1_000_000, (p, v) -> p.windowNs = v),
            boolParam("proxytorture.hotplug_wait_poll", (p, v) -> p.hotplugWaitPoll = v),
            boolParam("proxytorture.checks", (p, v) -> p.checks = v),
            intParam("proxytorture.audit_interval_ms", 1, 60_000, (p, v) -> p.auditIntervalMs = v),
            intParam("proxytorture.hung_task_timeout_secs", 0, 3600, (p, v) -> p.hungTaskTimeoutSecs = v),
            new Param("proxytorture.workload", Workload.accepted(), (p, v) -> p.workload = Workload.byParam(v)),
            new Param("proxytorture.pidemo_case", String.join("|", PiDemo.Case.LABELS),
                    (p, v) -> p.pidemoCase = PiDemo.Case.byLabel(v).label),
            new Param("proxytorture.writer_cpu_max", CPU_MAX_ACCEPTED, TortureParams::setWriterCpuMax),
            intParam("proxytorture.writer_cpu_weight", 1, 10_000, (p, v) -> {
                p.writerCpuWeight = v;
                p.writerGroup = true;
            }),
            new Param("proxytorture.inject", "a list of faults such as B05,B23", (p, v) -> {
                try {
                    p.faults = org.proxytorture.kernel.harness.Faults.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("proxytorture.inject=" + v + ": " + e.getMessage());
                }
            }),
            new Param("proxytorture.throttle_model", "task|group", (p, v) -> {
                p.throttleModel = org.proxytorture.kernel.sched.fair.ThrottleModel.Kind.byParam(v);
                if (p.throttleModel == null)
                    throw new BadInputException("proxytorture.throttle_model=" + v + ": unknown throttle model (accepted: task|group)");
            }),
            new Param("proxytorture.memory_model", "sc|tso|arm64", (p, v) -> {
                if (!org.proxytorture.kernel.mem.MemoryModel.NAMES.contains(v))
                    throw new BadInputException("proxytorture.memory_model=" + v + ": unknown memory model (accepted: sc|tso|arm64)");
                p.memoryModel = org.proxytorture.kernel.mem.MemoryModel.byName(v);
            }),
            new Param("proxytorture.sched_feat", org.proxytorture.kernel.sched.SchedFeat.accepted(), (p, v) -> {
                try {
                    p.schedFeat = org.proxytorture.kernel.sched.SchedFeat.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("proxytorture.sched_feat=" + v + ": " + e.getMessage());
                }
            }));

    /** proxytorture.writer_cpu_max=QUOTA_US,PERIOD_US | max[,PERIOD_US] (a comma: bootargs split at spaces). */
    private static void setWriterCpuMax(TortureParams p, String v) {
        String[] tok = v.split(",", -1);
        long quota;
        long period = 100_000;
        try {
            if (tok.length > 2) throw new NumberFormatException();
            if (tok.length == 2) period = Long.parseLong(tok[1]);
            quota = tok[0].equals("max") ? RUNTIME_INF_US : Long.parseLong(tok[0]);
            if (tok.length == 1 && quota != RUNTIME_INF_US) throw new NumberFormatException(); // the period is required with a quota
        } catch (NumberFormatException e) {
            throw new BadInputException("proxytorture.writer_cpu_max=" + v + ": not a cpu.max (accepted: " + CPU_MAX_ACCEPTED + ")");
        }
        if (period < 1000 || period > 1_000_000 || (quota != RUNTIME_INF_US && (quota < 1000 || quota > org.proxytorture.kernel.sched.fair.FairBandwidth.MAX_CFS_RUNTIME / 1000)))
            throw new BadInputException("proxytorture.writer_cpu_max=" + v + ": out of range (accepted: " + CPU_MAX_ACCEPTED + ")");
        p.writerQuotaUs = quota;
        p.writerPeriodUs = period;
        p.writerGroup = true;
    }

    /** cpu.max as the cgroup file takes it: "20000 100000" or "max 100000". */
    public String writerCpuMax() {
        return (writerQuotaUs == RUNTIME_INF_US ? "max" : Long.toString(writerQuotaUs)) + " " + writerPeriodUs;
    }

    private interface IntSetter {
        void set(TortureParams p, int v);
    }

    private interface BoolSetter {
        void set(TortureParams p, boolean v);
    }

    /** An int module parameter the kernel takes whole (module_param(int)): any value kstrtoint() reads. */
    private static Param intParam(String name, IntSetter s) {
        return intParam(name, Integer.MIN_VALUE, Integer.MAX_VALUE, s);
    }

    /**
     * An int parameter in [min, max]: outside it the harness refuses what the kernel would take
     * and then misbehave on (or, for the proxytorture.* ones, what the harness defines).
     */
    private static Param intParam(String name, int min, int max, IntSetter s) {
        return intParam(name, min, max, min == Integer.MIN_VALUE && max == Integer.MAX_VALUE ? "an int as kstrtoint() reads it: -5, 0, 42, 0x10, 010"
                : "an integer " + min + ".." + (max == Integer.MAX_VALUE ? "" : max), s);
    }

    private static Param intParam(String name, int min, int max, String accepted, IntSetter s) {
        return new Param(name, accepted, (p, v) -> {
            Kstrtox.Result r = Kstrtox.kstrtoint(v);
            if (!r.ok()) throw new BadInputException(name + "=" + v + ": " + (r.errno().equals("-ERANGE") ? "out of range, kstrtoint() says -ERANGE"
                    : "not an integer, kstrtoint() says -EINVAL") + " (accepted: " + accepted + ")");
            int x = r.value();
            if (x < min || x > max) throw new BadInputException(name + "=" + v + ": out of range (accepted: " + accepted + ")");
            s.set(p, x);
        });
    }

    private static Param boolParam(String name, BoolSetter s) {
        return new Param(name, "a bool: 1|0, y|n, t|f, on|off", (p, v) -> s.set(p, parseBool(name, v)));
    }

    /** The proxy-execution generation these parameters select (OFF when sched_proxy_exec=0). */
    public org.proxytorture.kernel.sched.ProxyExec proxy() {
        return schedProxyExec ? proxyVariant.create()
                : org.proxytorture.kernel.sched.ProxyExec.OFF;
    }

    /** kstrtobool(), as param_set_bool() and setup_proxy_exec() use it. */
    public static boolean parseBool(String name, String v) {
        Kstrtox.Result r = Kstrtox.kstrtobool(v);
        if (!r.ok()) throw new BadInputException(name + "=" + v + ": not a bool, kstrtobool() says -EINVAL"
                + " (accepted: 1|0, y|n, t|f, on|off: the first letter counts, yes|no and true|false too)");
        return r.value() != 0;
    }

    /** Every parameter name this harness accepts. */
    public static List<String> names() {
        return PARAMS.stream().map(Param::name).toList();
    }

    /**
     * Applies the bootargs; unknown names and bad values throw BadInputException. Parameters
     * handled elsewhere (for instance by later subsystems) are passed in {@code alsoKnown}.
     */
    public static TortureParams fromBootArgs(BootArgs args, int nrCpus) {
        TortureParams p = new TortureParams();
        for (Map.Entry<String, String> e : args.asMap().entrySet()) {
            Param param = null;
            for (Param q : PARAMS) if (q.name.equals(e.getKey())) param = q;
            if (param == null) {
                throw new BadInputException("unknown parameter '" + e.getKey() + "' (accepted: " + String.join(" ", names()) + ")");
            }
            param.setter.set(p, e.getValue());
        }
        p.bindMessages("locktorture.bind_writers", p.bindWriters, nrCpus);
        p.bindMessages("locktorture.bind_readers", p.bindReaders, nrCpus);
        if (p.signalInterval != 0 && p.tortureType != TortureType.RTMUTEX_LOCK && p.tortureType != TortureType.MUTEX_LOCK)
            throw new BadInputException("proxytorture.signal_interval=" + p.signalInterval + ": interruptible waits are modelled for rtmutex_lock and mutex_lock only, not "
                    + p.tortureType + " (accepted: 0, or 1..60000 with locktorture.torture_type=rtmutex_lock or mutex_lock)");
        if (p.setprioIdle && p.setprioInterval == 0)
            throw new BadInputException("proxytorture.setprio_idle=1: torture_setprio does not run (proxytorture.setprio_interval=0) (accepted: 0, or 1 with proxytorture.setprio_interval=1..60000)");
        if (p.holdYield != 0 && !p.tortureType.writeLockSleeps())
            throw new BadInputException("proxytorture.hold_yield=" + p.holdYield + ": sched_yield() in a write hold needs a sleeping lock, not "
                    + p.tortureType + " (scheduling while atomic) (accepted: 0, or 1..1000000 with locktorture.torture_type="
                    + String.join("|", TortureType.sleepingParams()) + ")");
        if (p.nwritersStress == 0 && (!p.hasReadLock() || p.nreadersStress == 0))
            throw new BadInputException("lock-torture: must run at least one locking thread (locktorture.nwriters_stress=0"
                    + (p.hasReadLock() ? " locktorture.nreaders_stress=0)" : "; " + p.tortureType + " has no readers)")
                    + " (accepted: locktorture.nwriters_stress=-1 or 1.." + MAX_KTHREADS + (p.hasReadLock() ? ", or readers" : "") + ")");
        p.checkDelayArithmetic(nrCpus);
        return p;
    }

    /**
     * The same, with the checks that need CONFIG_HZ: the kernel multiplies onoff_holdoff,
     * onoff_interval and stat_interval (seconds) by HZ in an int, and a product that does not fit
     * is refused here (the kernel's would wrap: a negative timeout, or a hotplug that starts at once).
     */
    public static TortureParams fromBootArgs(BootArgs args, int nrCpus, int hz) {
        TortureParams p = fromBootArgs(args, nrCpus);
        if (p.onoffInterval > 0) { // torture_onoff_init(onoff_holdoff * HZ, onoff_interval * HZ, NULL)
            secondsTimesHz("locktorture.onoff_holdoff", p.onoffHoldoff, hz, "lock_torture_init()'s torture_onoff_init(onoff_holdoff * HZ, ...)");
            secondsTimesHz("locktorture.onoff_interval", p.onoffInterval, hz, "lock_torture_init()'s torture_onoff_init(..., onoff_interval * HZ, ...)");
        }
        if (p.statInterval > 0) // lock_torture_stats(): schedule_timeout_interruptible(stat_interval * HZ)
            secondsTimesHz("locktorture.stat_interval", p.statInterval, hz, "lock_torture_stats()'s schedule_timeout_interruptible(stat_interval * HZ)");
        return p;
    }

    private static void secondsTimesHz(String name, int secs, int hz, String where) {
        long jiffies = (long) secs * hz;
        if (jiffies != (int) jiffies)
            throw new BadInputException(name + "=" + secs + ": out of range: " + secs + " * HZ (" + hz + ") overflows an int in " + where
                    + " (accepted: " + Integer.MIN_VALUE / hz + ".." + Integer.MAX_VALUE / hz + " at HZ=" + hz + ")");
    }

    /**
     * The products the kernel computes in an int or unsigned int before a modulo, for the kthread
     * counts of this machine: the long-hold odds ({@code nrealwriters_stress * 2000 * long_hold},
     * the readers' likewise) must not overflow, and the rt-boost odds ({@code nrealwriters_stress *
     * rt_boost_factor}, and twice that, unsigned) must not be 0: the kernel would divide by zero.
     */
    private void checkDelayArithmetic(int nrCpus) {
        int nw = realWriters(nrCpus), nr = realReaders(nrCpus);
        for (int n : new int[] {nw, nr}) {
            if (n > 0 && longHold > 0 && (long) n * 2000 * longHold > Integer.MAX_VALUE)
                throw new BadInputException("locktorture.long_hold=" + longHold + ": out of range: " + n + " kthreads * 2000 * long_hold overflows"
                        + " an int in the " + tortureType + " delay's odds (accepted: 0 (off) to " + Integer.MAX_VALUE / (2000L * Math.max(nw, nr))
                        + " with " + nw + " writers" + (nr > 0 ? " and " + nr + " readers" : "") + ")");
        }
        boolean boosts = rtBoost == 2 || rtBoost != 0 && tortureType == TortureType.RTMUTEX_LOCK; // torture_rt_boost(), torture_rt_boost_rtmutex()
        if (boosts && nw > 0 && (nw * rtBoostFactor == 0 || nw * rtBoostFactor * 2 == 0))
            throw new BadInputException("locktorture.rt_boost_factor=" + rtBoostFactor + ": __torture_rt_boost() takes torture_random() modulo "
                    + nw + " writers * rt_boost_factor (and twice that), an unsigned int that is 0 here: the kernel oopses with a divide error"
                    + " (accepted: a factor whose product with 2 * nwriters_stress is not a multiple of 2^32, e.g. 1, 50; or rt_boost=0)");
    }

    /** param_set_cpumask()'s warning and parse_args()'s error for a list cpulist_parse() refuses. */
    private void bindMessages(String name, String list, int nrCpus) {
        try {
            CpuMask.cpulistParse(list, nrCpus);
        } catch (IllegalArgumentException e) {
            bootMessages.add(name + ": Bad CPU range, all CPUs set");
            bootMessages.add("Booting kernel: `" + list + "' invalid for parameter `" + name + "'");
        }
    }

    /**
     * The CPUs the writers (readers) run on: param_set_cpumask() parses the list with
     * cpulist_parse(); a list it refuses sets every CPU ("Bad CPU range, all CPUs set"), and an
     * empty mask ("" or ",,,") makes lock_torture_init() skip torture_sched_setaffinity()
     * (cpumask_nonempty()): every CPU as well.
     */
    static CpuMask bindMask(String list, int nrCpus) {
        CpuMask m;
        try {
            m = CpuMask.cpulistParse(list, nrCpus);
        } catch (IllegalArgumentException e) {
            return CpuMask.first(nrCpus);
        }
        return m.weight() == 0 ? CpuMask.first(nrCpus) : m;
    }

    /** Whether cpulist_parse() takes {@code list} on {@code nrCpus} CPUs and it names one at least. */
    public static boolean cpulistNamesCpus(String list, int nrCpus) {
        try {
            return CpuMask.cpulistParse(list, nrCpus).weight() > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public CpuMask bindWritersMask(int nrCpus) {
        return bindMask(bindWriters, nrCpus);
    }

    public CpuMask bindReadersMask(int nrCpus) {
        return bindMask(bindReaders, nrCpus);
    }

    /**
     * Why the CPU hotplug asked for (onoff_interval > 0) never happens in a test of
     * {@code durationNs} (or shutdown_secs, if shorter), or null: torture_onoff() sleeps
     * onoff_holdoff seconds before its first operation. kvm.sh gives every CONFIG_HOTPLUG_CPU=y
     * scenario onoff_holdoff=30 and runs 30 minutes by default.
     */
    public String hotplugNeverRuns(long durationNs, int nrCpus) {
        if (workload != Workload.LOCKTORTURE || onoffInterval <= 0 || nrCpus < 2) return null; // one CPU: torture_onoff() says so itself
        long testNs = shutdownSecs > 0 ? Math.min(durationNs, shutdownSecs * 1_000_000_000L) : durationNs;
        if (Math.max(0, onoffHoldoff) * 1_000_000_000L < testNs) return null;
        return "locktorture.onoff_holdoff=" + onoffHoldoff + " is not shorter than the test (" + seconds(testNs) + "): CPU hotplug"
                + " (onoff_interval=" + onoffInterval + ") never runs and the stats will say onoff: 0/0:0/0; a longer duration or a"
                + " shorter onoff_holdoff tests it";
    }

    private static String seconds(long ns) {
        return ns % 1_000_000_000L == 0 ? ns / 1_000_000_000L + " s" : String.format("%.3f s", ns / 1e9);
    }

    /** cur_ops->readlock != NULL */
    public boolean hasReadLock() {
        return tortureType.ops().hasReadLock();
    }

    /**
     * cxt.nrealwriters_stress: nwriters_stress, or 2 * num_online_cpus(), or num_online_cpus() for
     * a type with readers whose reader count is left to default (lock_torture_init()).
     */
    public int realWriters(int onlineCpus) {
        if (nwritersStress >= 0) return nwritersStress;
        return hasReadLock() && nreadersStress < 0 ? onlineCpus : 2 * onlineCpus;
    }

    /** cxt.nrealreaders_stress: 0 without readlock; nreaders_stress, or as many as writers. */
    public int realReaders(int onlineCpus) {
        if (!hasReadLock()) return 0;
        return nreadersStress >= 0 ? nreadersStress : realWriters(onlineCpus);
    }

    /** lock_torture_print_module_parms(): the masks as %*pbl prints them, every CPU for an empty one. */
    public String banner(String tag, int nrCpus) {
        return String.format("%s-torture:--- %s: acq_writer_lim=%d bind_readers=%s bind_writers=%s call_rcu_chains=%d "
                        + "long_hold=%d nested_locks=%d nreaders_stress=%d nwriters_stress=%d onoff_holdoff=%d "
                        + "onoff_interval=%d rt_boost=%d rt_boost_factor=%d shuffle_interval=%d shutdown_secs=%d "
                        + "stat_interval=%d stutter=%d verbose=%d writer_fifo=%d",
                tortureType, tag, acqWriterLim, bindReadersMask(nrCpus), bindWritersMask(nrCpus), callRcuChains, longHold, nestedLocks, realReaders(nrCpus),
                realWriters(nrCpus), onoffHoldoff, onoffInterval, rtBoost, rtBoostFactor, shuffleInterval,
                shutdownSecs, statInterval, stutter, verbose, writerFifo);
    }
}
