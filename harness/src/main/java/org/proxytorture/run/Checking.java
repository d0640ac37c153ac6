package org.proxytorture.run;

import java.util.List;
import java.util.function.Function;
import org.proxytorture.check.Checks;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.torture.Checkers;
import org.proxytorture.torture.Console;
import org.proxytorture.config.RunConfig;
import org.proxytorture.torture.TortureParams;
import org.proxytorture.torture.TortureRun;
import org.proxytorture.torture.TortureType;
import org.proxytorture.kernel.sched.rt.Rt;

/**
 * The invariant checkers of a run, as the torture workload sees them: the run layer installs
 * {@link Checks} on the machine with the bootargs' configuration (proxytorture.checks,
 * audit_interval_ms, hung_task_timeout_secs) and keeps them to judge the run.
 */
public final class Checking implements Checkers {
    private final Checks checks;

    private Checking(Checks checks) {
        this.checks = checks;
    }

    /** The checkers that judged the run. */
    public Checks checks() {
        return checks;
    }

    /**
     * Installs the bootargs' checkers on a machine when the workload asks for them (after its
     * kthreads are created, before they run), and remembers them for the run layer.
     */
    public static final class Install implements Function<Core, Checkers> {
        private final boolean enabled;
        private final Checks.Config config;
        private Checking made;

        Install(boolean enabled, Checks.Config config) {
            this.enabled = enabled;
            this.config = config;
        }

        @Override
        public Checkers apply(Core core) {
            made = new Checking(enabled ? Checks.install(core, config) : Checks.none(core, config));
            return made;
        }

        /** The installed checkers (null before the machine asked for them). */
        public Checks checks() {
            return made == null ? null : made.checks;
        }
    }

    /**
     * A locktorture run with the bootargs' checkers, not yet booted: for tests that look inside
     * the machine (everything else goes through {@link Runner#run}).
     */
    public static TortureRun checked(RunConfig config, Console console) {
        TortureParams params = TortureParams.fromBootArgs(config.bootargs(), config.cpus(), config.hz());
        return new TortureRun(config, params, console).checkers(forRun(params, config.durationNs(), false));
    }

    /** The checkers of a locktorture run of {@code durationNs}, the liveness thresholds scaled to it. */
    public static Install forRun(TortureParams params, long durationNs, boolean stopOnFirst) {
        return new Install(params.checks, config(params, durationNs).withStopOnFirst(stopOnFirst));
    }

    /** The checkers of a pidemo case (the bootargs' thresholds, not scaled). */
    public static Install forPiDemo(TortureParams params) {
        return new Install(params.checks, config(params));
    }

    /** The checkers' configuration the parameters select (a hung-task timeout of 0 disables that check, as in the kernel). */
    public static Checks.Config config(TortureParams params) {
        var d = Checks.Config.defaults();
        return new Checks.Config(params.auditIntervalMs * 1_000_000L, params.hungTaskTimeoutSecs * 1_000_000_000L,
                d.progressWindowNs(), d.rtWindowNs(), d.stopOnFirst());
    }

    /** The shortest hung-task timeout and progress window a short run scales them down to. */
    static final long MIN_HUNG_NS = 1_000_000_000L, MIN_PROGRESS_NS = 2_000_000_000L;

    /**
     * sched_rt_periods the hung-task timeout covers at least when an RT task can share a CPU with
     * fair ones: RT throttling leaves the fair tasks 50 ms of every 1 s period there, so a fair
     * first waiter woken behind an RT writer that keeps retaking the lock (and holds it when
     * throttled) can lose a whole period, and the next (the kernel's 120 s timeout covers 120).
     */
    static final int HUNG_RT_PERIODS = 2;

    /**
     * The same, with the liveness thresholds scaled to a run of {@code durationNs}: at most half
     * the run (a 2 s exploration run can report a task that never ran again), never below
     * {@link #MIN_HUNG_NS} ({@link #HUNG_RT_PERIODS} sched_rt_periods when {@link #rtMayHog} says an
     * RT task can run), and the progress window never below {@link #MIN_PROGRESS_NS} plus a
     * stutter period (locktorture.stutter is in jiffies; a second per jiffy is generous). Both
     * grow with the writers' {@link #bandwidthFactor}. A 60 s run keeps the defaults.
     */
    public static Checks.Config config(TortureParams params, long durationNs) {
        var c = config(params);
        long hungFloor = rtMayHog(params) ? HUNG_RT_PERIODS * Rt.RT_PERIOD_NS : MIN_HUNG_NS;
        long hung = c.hungTaskTimeoutNs() == 0 ? 0 : Math.min(c.hungTaskTimeoutNs(), Math.max(durationNs / 2, hungFloor));
        long progress = Math.min(c.progressWindowNs(), Math.max(durationNs / 2, MIN_PROGRESS_NS + Math.max(0, params.stutter) * 1_000_000_000L));
        long factor = bandwidthFactor(params);
        return new Checks.Config(c.auditIntervalNs(), hung * factor, progress * factor, c.rtWindowNs(), c.stopOnFirst());
    }

    /**
     * Whether a torture kthread can run SCHED_FIFO: writer_fifo, rt_boost (every lock type at 2,
     * rtmutex_lock at any non-zero value: torture_rt_boost_rtmutex()), or the setprio meddler.
     */
    static boolean rtMayHog(TortureParams params) {
        return params.writerFifo != 0 || params.setprioInterval > 0 || params.rtBoost == 2
                || (params.rtBoost != 0 && params.tortureType == TortureType.RTMUTEX_LOCK);
    }

    /**
     * How much longer the writers take for the same CPU time under their cpu.max (QUOTA of every
     * PERIOD): the progress window is CPU time a writer needs, so a writer group limited to 5 ms
     * of every 100 ms gets a window 20 times as long (a 100 ms long_hold then lasts 2 s). 1 without a limit.
     */
    static long bandwidthFactor(TortureParams params) {
        if (!params.writerGroup || params.writerQuotaUs == TortureParams.RUNTIME_INF_US || params.writerQuotaUs >= params.writerPeriodUs) return 1;
        return (params.writerPeriodUs + params.writerQuotaUs - 1) / params.writerQuotaUs;
    }

    @Override
    public void watchProgress(List<Task> kthreads) {
        checks.watchProgress(kthreads);
    }

    @Override
    public boolean violated() {
        return !checks.violations().isEmpty();
    }

    @Override
    public boolean stopsOnFirst() {
        return checks.config().stopOnFirst();
    }

    @Override
    public void neverFinished(List<Task> notStopped, long graceNs) {
        checks.neverFinished(notStopped, graceNs);
    }

    @Override
    public void finish() {
        checks.finish();
    }

    @Override
    public List<String> findings() {
        return checks.findings().stream().map(v -> v.identity() + ": " + v.message()).toList();
    }

    @Override
    public List<Failure> violations() {
        return checks.violations().stream().map(Checking::failure).toList();
    }

    private static Failure failure(Violation v) {
        return new Failure(v.identity() + ": " + v.message(), v.report());
    }
}
