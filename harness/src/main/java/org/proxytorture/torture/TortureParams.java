package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import org.proxytorture.config.BadInputException;
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
     * proxytorture.renice_interval=N (ms, 0 off): a torture_renice kthread calls set_user_nice() on
     * a random writer every N ms (nice -20..19), whatever it is doing: a donor or an owner reweighted
     * in place, an RT writer whose nice only is kept for later.
     */
    public int reniceInterval;
    /**
     * proxytorture.signal_interval=N (ms, 0 off; rtmutex_lock only): the writers take their
     * rt_mutexes with rt_mutex_lock_interruptible(), and a torture_signal kthread signals a random
     * writer every N ms; an interrupted lock returns -EINTR, and the writer flushes the signal and
     * tries again.
     */
    public int signalInterval;
    /** proxytorture.inject: the bug catalog's faults to inject (org.proxytorture.explore.BugCatalog). */
    public org.proxytorture.kernel.harness.Faults faults = org.proxytorture.kernel.harness.Faults.NONE;
    public static final long RUNTIME_INF_US = -1;
    static final String CPU_MAX_ACCEPTED = "max, max,PERIOD_US or QUOTA_US,PERIOD_US with PERIOD_US 1000..1000000 and QUOTA_US >= 1000";

    /** Parameters whose effect the model does not have yet, with a non-default-off value. */
    public List<String> notModelled() {
        List<String> out = new ArrayList<>();
        if (callRcuChains != 0) out.add("call_rcu_chains");
        if (verboseSleepFrequency != 0) out.add("torture.verbose_sleep_frequency");
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
            intParam("locktorture.nwriters_stress", -1, 4096, (p, v) -> p.nwritersStress = v),
            intParam("locktorture.nreaders_stress", -1, 4096, (p, v) -> p.nreadersStress = v),
            intParam("locktorture.acq_writer_lim", 0, Integer.MAX_VALUE, (p, v) -> p.acqWriterLim = v),
            intParam("locktorture.call_rcu_chains", 0, 1024, (p, v) -> p.callRcuChains = v),
            intParam("locktorture.long_hold", 0, 100_000, (p, v) -> p.longHold = v),
            intParam("locktorture.nested_locks", 0, Integer.MAX_VALUE, (p, v) -> p.nestedLocks = v), // clamped to MAX_NESTED_LOCKS at init
            intParam("locktorture.onoff_holdoff", 0, Integer.MAX_VALUE, (p, v) -> p.onoffHoldoff = v),
            intParam("locktorture.onoff_interval", 0, Integer.MAX_VALUE, (p, v) -> p.onoffInterval = v),
            intParam("locktorture.rt_boost", 0, 2, (p, v) -> p.rtBoost = v),
            intParam("locktorture.rt_boost_factor", 1, Integer.MAX_VALUE, (p, v) -> p.rtBoostFactor = v),
            intParam("locktorture.shuffle_interval", 0, Integer.MAX_VALUE, (p, v) -> p.shuffleInterval = v),
            intParam("locktorture.shutdown_secs", 0, Integer.MAX_VALUE, (p, v) -> p.shutdownSecs = v),
            intParam("locktorture.stat_interval", 0, Integer.MAX_VALUE, (p, v) -> p.statInterval = v),
            intParam("locktorture.stutter", 0, Integer.MAX_VALUE, (p, v) -> p.stutter = v),
            intParam("locktorture.verbose", 0, Integer.MAX_VALUE, (p, v) -> p.verbose = v), // >1: torture_onoff's per-operation lines
            intParam("locktorture.writer_fifo", 0, 1, (p, v) -> p.writerFifo = v),
            new Param("locktorture.bind_readers", "a cpulist such as 0-3,6", (p, v) -> p.bindReaders = v),
            new Param("locktorture.bind_writers", "a cpulist such as 0-3,6", (p, v) -> p.bindWriters = v),
            boolParam("torture.random_shuffle", (p, v) -> p.randomShuffle = v),
            boolParam("torture.disable_onoff_at_boot", (p, v) -> p.disableOnoffAtBoot = v),
            boolParam("torture.ftrace_dump_at_shutdown", (p, v) -> p.ftraceDumpAtShutdown = v),
            intParam("torture.verbose_sleep_frequency", 0, Integer.MAX_VALUE, (p, v) -> p.verboseSleepFrequency = v),
            intParam("torture.verbose_sleep_duration", 0, Integer.MAX_VALUE, (p, v) -> p.verboseSleepDuration = v),
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
            intParam("proxytorture.renice_interval", 0, 60_000, (p, v) -> p.reniceInterval = v),
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

    private static Param intParam(String name, int min, int max, IntSetter s) {
        String accepted = "an integer " + min + ".." + (max == Integer.MAX_VALUE ? "" : max);
        return new Param(name, accepted, (p, v) -> {
            int x;
            try {
                x = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new BadInputException(name + "=" + v + ": not an integer (accepted: " + accepted + ")");
            }
            if (x < min || x > max) throw new BadInputException(name + "=" + v + ": out of range (accepted: " + accepted + ")");
            s.set(p, x);
        });
    }

    private static Param boolParam(String name, BoolSetter s) {
        return new Param(name, "a bool: 0|1|y|n|on|off", (p, v) -> s.set(p, parseBool(name, v)));
    }

    /** The proxy-execution generation these parameters select (OFF when sched_proxy_exec=0). */
    public org.proxytorture.kernel.sched.ProxyExec proxy() {
        return schedProxyExec ? proxyVariant.create()
                : org.proxytorture.kernel.sched.ProxyExec.OFF;
    }

    /** kstrtobool() */
    public static boolean parseBool(String name, String v) {
        switch (v.toLowerCase()) {
            case "1", "y", "yes", "on", "true" -> { return true; }
            case "0", "n", "no", "off", "false" -> { return false; }
            default -> throw new BadInputException(name + "=" + v + ": not a bool (accepted: 0|1|y|n|on|off)");
        }
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
        if (!p.bindWriters.isEmpty()) p.bindWritersMask(nrCpus);
        if (!p.bindReaders.isEmpty()) parseMask("locktorture.bind_readers", p.bindReaders, nrCpus);
        if (p.signalInterval != 0 && p.tortureType != TortureType.RTMUTEX_LOCK)
            throw new BadInputException("proxytorture.signal_interval=" + p.signalInterval + ": interruptible waits are modelled for rtmutex_lock only, not "
                    + p.tortureType + " (accepted: 0, or 1..60000 with locktorture.torture_type=rtmutex_lock)");
        if (p.nwritersStress == 0 && (!p.hasReadLock() || p.nreadersStress == 0))
            throw new BadInputException("lock-torture: must run at least one locking thread (locktorture.nwriters_stress=0"
                    + (p.hasReadLock() ? " locktorture.nreaders_stress=0)" : "; " + p.tortureType + " has no readers)")
                    + " (accepted: locktorture.nwriters_stress=-1 or 1..4096" + (p.hasReadLock() ? ", or readers" : "") + ")");
        return p;
    }

    private static CpuMask parseMask(String name, String v, int nrCpus) {
        try {
            return CpuMask.parse(v, nrCpus);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + "=" + v + ": " + e.getMessage());
        }
    }

    public CpuMask bindWritersMask(int nrCpus) {
        return bindWriters.isEmpty() ? CpuMask.first(nrCpus) : parseMask("locktorture.bind_writers", bindWriters, nrCpus);
    }

    public CpuMask bindReadersMask(int nrCpus) {
        return bindReaders.isEmpty() ? CpuMask.first(nrCpus) : parseMask("locktorture.bind_readers", bindReaders, nrCpus);
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

    /** lock_torture_print_module_parms() */
    public String banner(String tag, int nrCpus) {
        String all = CpuMask.first(nrCpus).toString();
        return String.format("%s-torture:--- %s: acq_writer_lim=%d bind_readers=%s bind_writers=%s call_rcu_chains=%d "
                        + "long_hold=%d nested_locks=%d nreaders_stress=%d nwriters_stress=%d onoff_holdoff=%d "
                        + "onoff_interval=%d rt_boost=%d rt_boost_factor=%d shuffle_interval=%d shutdown_secs=%d "
                        + "stat_interval=%d stutter=%d verbose=%d writer_fifo=%d",
                tortureType, tag, acqWriterLim, bindReaders.isEmpty() ? all : bindReaders,
                bindWriters.isEmpty() ? all : bindWriters, callRcuChains, longHold, nestedLocks, realReaders(nrCpus),
                realWriters(nrCpus), onoffHoldoff, onoffInterval, rtBoost, rtBoostFactor, shuffleInterval,
                shutdownSecs, statInterval, stutter, verbose, writerFifo);
    }
}
