package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import org.proxytorture.config.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Costs;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.EventHash;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;

/**
 * One locktorture run on a freshly booted emulated machine: boot, lock_torture_init(), run for
 * the duration (or shutdown_secs), torture_cleanup_begin(), let the kthreads stop, the final
 * stats and the End of test line.
 */
public final class TortureRun {
    /** How long, after the end of the test, the torture kthreads get to return. */
    public static final long STOP_GRACE_NS = 30_000_000_000L;

    private final RunConfig config;
    private final TortureParams params;
    private final Console console;
    private Core core;
    private LockTorture torture;
    private Checkers checks;
    private java.util.function.Function<Core, Checkers> installCheckers = core -> Checkers.NONE;

    public TortureRun(RunConfig config, Console console) {
        this(config, TortureParams.fromBootArgs(config.bootargs(), config.cpus(), config.hz()), console);
    }

    /** With the parameters already parsed from config's bootargs (the run layer parses them once). */
    public TortureRun(RunConfig config, TortureParams params, Console console) {
        this.config = config;
        this.params = params;
        this.console = console;
    }

    public Core core() {
        return core;
    }

    public Console console() {
        return console;
    }

    /** The invariant checkers of this run, as the workload asks them. */
    public Checkers checks() {
        return checks;
    }

    /**
     * The run layer's checkers: {@code install} puts them on the machine once the torture
     * kthreads exist, before they run (before {@link #boot()}; without it, the run has none).
     */
    public TortureRun checkers(java.util.function.Function<Core, Checkers> install) {
        this.installCheckers = install;
        return this;
    }

    public LockTorture torture() {
        return torture;
    }

    private java.util.function.UnaryOperator<ChoiceSource> wrapChoices = c -> c;
    private java.util.function.Consumer<Core> observer = c -> { };

    /**
     * An observer of the whole run (a trace recorder): {@code wrap} sees the ChoiceSource before
     * the machine is built, {@code attach} the machine before the first task is created. Both
     * must only read, so that the run and its event hash stay the same.
     */
    public TortureRun observe(java.util.function.UnaryOperator<ChoiceSource> wrap, java.util.function.Consumer<Core> attach) {
        this.wrapChoices = wrap;
        this.observer = attach;
        return this;
    }

    /** Boots the machine and starts the torture threads (time 0); {@link #run()} does the rest. */
    public TortureRun boot() {
        ChoiceSource choices = wrapChoices.apply(source != null ? source
                : config.replay() != null ? new ReplayChoices(config.replay()) : new SeededChoices(config.seed()));
        core = new Core(config.cpus(), config.hz(), Costs.defaults(), choices, params.windowNs, new EventHash());
        core.proxy = params.proxy();
        core.lockPi = params.lockPi;
        core.faults = params.faults;
        core.hotplug.hotplugWaitPoll = params.hotplugWaitPoll;
        core.mem = new org.proxytorture.kernel.mem.Memory(params.memoryModel,
                core.nrCpus(), choices, core.loop, params.windowNs);
        observer.accept(core);
        core.trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void printk(long now, int cpu, String msg) {
                console.printk(now, msg);
            }
        });
        console.printk(0, "proxytorture: " + config.cpus() + " CPUs, HZ=" + config.hz() + ", " + choices.describe()
                + ", duration " + config.durationNs() / 1_000_000 + " ms simulated, bootargs: " + config.bootargs());
        for (String m : params.bootMessages) console.printk(0, m);
        String noHotplug = params.hotplugNeverRuns(config.durationNs(), config.cpus());
        if (noHotplug != null) console.printk(0, "proxytorture: warning: " + noHotplug);
        console.printk(0, "sched_proxy_exec " + (params.schedProxyExec ? "enabled" : "disabled")
                + (params.schedProxyExec ? " (proxytorture.proxy_variant=" + params.proxyVariant + ")" : "")
                + (params.lockPi ? ", mutexes with priority inheritance (proxytorture.lock_pi=1)" : ""));
        if (params.faults.any()) console.printk(0, "proxytorture: injected faults (bug catalog): " + params.faults);
        if (params.hotplugWaitPoll) console.printk(0, "proxytorture: hotplug_wait_poll: balance_hotplug_wait() also re-checks every jiffy");
        if (!params.schedFeat.toString().equals(org.proxytorture.kernel.sched.SchedFeat.DEFAULTS.toString()))
            console.printk(0, "proxytorture: sched_feat " + params.schedFeat);
        torture = ops == null ? new LockTorture(core, params, console) : new LockTorture(core, params, console, ops);
        checks = installCheckers.apply(core);
        torture.init();
        checks.watchProgress(torture.writers());
        checks.watchProgress(torture.readers());
        return this;
    }

    private LockTortureOps ops;
    private ChoiceSource source;
    private boolean stopAtFirstFailure;
    private boolean boundEndPhase;
    private boolean polledFailure;
    /** How often (simulated) a run that stops at its first failure looks for one. */
    public static final long FAILURE_POLL_NS = 1_000_000L;

    /** Every decision from {@code s} instead of the config's seed or replay list (an exploration strategy). */
    public TortureRun withChoices(ChoiceSource s) {
        this.source = s;
        return this;
    }

    /**
     * For exploration and shrinking: the run stops within {@link #FAILURE_POLL_NS} (simulated) of
     * its first failure (a checker's violation, a locktorture Fail, a WARN, an acq_writer_lim
     * report), and skips the end phase (the stop grace period and the end checks), which would
     * only add consequences of that failure. The poll is a timer: it takes no choice and mixes
     * nothing into the event hash.
     */
    public TortureRun stopAtFirstFailure() {
        this.stopAtFirstFailure = true;
        return this;
    }

    /**
     * For exploration and shrinking: the stop grace period ends early once it has taken as many
     * events as the test before it (at least {@link #END_PHASE_MIN_EVENTS}). Kthreads that are
     * merely asleep (torture_onoff's 30 s holdoff) cost the grace period almost no events and get
     * all of it; a candidate schedule whose writers livelock instead of stopping (B28's ping-pong
     * short of its WARN) is cut after about the run's own cost, not 30 simulated seconds of it,
     * and reported as not stopping, with the time it had.
     */
    public TortureRun boundEndPhase() {
        this.boundEndPhase = true;
        return this;
    }

    /** The fewest events a bounded end phase may take. */
    public static final long END_PHASE_MIN_EVENTS = 1_000_000L;

    /** Set when the emulated kernel oopsed: the run ended there. */
    private org.proxytorture.kernel.harness.KernelOops oops;

    /** The run stopped at its first failure (or a kernel oops), before the end of the test. */
    public boolean stoppedEarly() {
        return polledFailure || stoppedAtViolation() || oops != null;
    }

    private boolean failedYet() {
        return checks.violated() || torture.totalFails() > 0 || !torture.failures().isEmpty() || !core.warnings.isEmpty();
    }

    private void pollFailure(org.proxytorture.sim.Timer self, long now) {
        if (failedYet()) {
            polledFailure = true;
            core.loop.stop();
            return;
        }
        core.loop.arm(self, now + FAILURE_POLL_NS);
    }

    /** Tortures with these ops instead of torture_type's (a test's deliberately broken lock). */
    TortureRun withOps(LockTortureOps o) {
        this.ops = o;
        return this;
    }

    private java.util.List<String> requiredCoverage = java.util.List.of();

    /**
     * --require-coverage: the run fails if one of these branches is never hit; "all" means every
     * branch of the variant that a correct run can reach. Unknown names are bad input.
     */
    public TortureRun requireCoverage(java.util.List<String> branches) {
        java.util.List<String> known = params.proxy().branches();
        for (String b : branches) {
            if (!b.equals("all") && !known.contains(b))
                throw new BadInputException("--require-coverage: unknown branch '" + b + "' for sched_proxy_exec="
                        + (params.schedProxyExec ? "1 proxytorture.proxy_variant=" + params.proxyVariant : "0")
                        + " (accepted: all " + String.join(" ", known) + ")");
        }
        requiredCoverage = java.util.List.copyOf(branches);
        return this;
    }

    private java.util.List<String> requiredBranches() {
        if (!requiredCoverage.contains("all")) return requiredCoverage;
        java.util.List<String> all = new ArrayList<>(core.proxy.branches());
        all.removeAll(org.proxytorture.kernel.sched.ProxyExec.UNREACHABLE_IN_CORRECT_RUNS);
        return all;
    }

    /** "branch=count" pairs, in name order. */
    public String coverageLine() {
        StringBuilder sb = new StringBuilder();
        core.coverage.snapshot().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.length() == 0 ? "(no blocked donor was picked)" : sb.toString();
    }

    /** The checkers stopped the machine at their first violation (a bug hunt). */
    private boolean stoppedAtViolation() {
        return checks.stopsOnFirst() && checks.violated();
    }

    /** When the test ended and the kthreads were told to stop; -1 until then (a run stopped at its failure may never get there). */
    private long stoppedAtNs = -1;

    /** The first checker violation came from the end checks (neverFinished(), finish()), after the stop grace. */
    private boolean endChecksFailedFirst;

    /** When the test ended and the kthreads were told to stop, or -1 if the run stopped before. */
    public long testEndNs() {
        return stoppedAtNs;
    }

    /** Whether the run's first checker violation was reported by the end checks. */
    public boolean endChecksFailedFirst() {
        return endChecksFailedFirst;
    }

    /** The stop grace period the kthreads had: all of it, unless a bounded end phase was cut short. */
    private long graceTaken() {
        return Math.min(STOP_GRACE_NS, core.now() - stoppedAtNs);
    }

    public TortureResult run() {
        if (core == null) boot();
        if (stopAtFirstFailure) {
            org.proxytorture.sim.Timer[] poll = new org.proxytorture.sim.Timer[1];
            poll[0] = new org.proxytorture.sim.Timer(now -> pollFailure(poll[0], now));
            core.loop.arm(poll[0], core.now() + FAILURE_POLL_NS);
        }
        List<String> extra = new ArrayList<>();
        try {
            // until --duration, or until torture_shutdown stops the machine after shutdown_secs
            core.loop.runUntil(config.durationNs());
            if (!stoppedEarly()) {
                torture.stop();
                stoppedAtNs = core.now();
                long deadline = core.now() + STOP_GRACE_NS;
                long events = core.trace.hash().events();
                long eventLimit = boundEndPhase ? events + Math.max(events, END_PHASE_MIN_EVENTS) : Long.MAX_VALUE;
                while (!torture.notStopped().isEmpty() && core.now() < deadline && !stoppedEarly() && core.trace.hash().events() < eventLimit)
                    core.loop.runUntil(Math.min(deadline, core.now() + 10_000_000L));
            }
        } catch (org.proxytorture.kernel.harness.KernelOops e) {
            oops = e; // the kernel died: nothing more runs (as with panic_on_oops=1)
            for (String line : e.report()) console.printk(core.now(), line);
            extra.add("Oops: " + e.what());
        }
        if (oops != null) {
            console.printk(core.now(), "proxytorture: stopped at a kernel oops");
        } else if (stoppedEarly()) {
            console.printk(core.now(), "proxytorture: stopped at the first " + (stoppedAtViolation() ? "violation (stopOnFirst)" : "failure (exploration)"));
        } else {
            if (!torture.notStopped().isEmpty()) { // a hang: show what each CPU was doing
                for (org.proxytorture.kernel.cpu.Cpu c : core.cpus) console.printk(core.now(), "proxytorture: " + c.debugState());
            }
            boolean before = checks.violated();
            checks.neverFinished(torture.notStopped(), graceTaken());
            checks.finish();
            endChecksFailedFirst = !before && checks.violated();
        }
        for (String f : checks.findings()) console.printk(core.now(), "proxytorture: finding (not a failure) " + f);
        for (Checkers.Failure v : checks.violations()) {
            for (String line : v.report()) console.printk(core.now(), line);
            extra.add("VIOLATION " + v.summary());
        }
        if (!stoppedEarly()) for (Task t : torture.notStopped()) extra.add(t + " did not stop within " + graceTaken() / 1_000_000L + " ms of the end of the test (state " + org.proxytorture.kernel.sched.TaskState.letter(t.state) + ")");
        for (String w : core.warnings) {
            console.printk(core.now(), "WARNING: " + w);
            extra.add("WARNING: " + w);
        }
        for (String e : extra) if (!e.startsWith("WARNING")) console.printk(core.now(), "lock_torture_cleanup: " + e);
        if (core.proxy.enabled()) {
            console.printk(core.now(), "proxytorture: proxy coverage: " + coverageLine());
            List<String> missing = new ArrayList<>();
            for (String b : core.proxy.branches()) if (core.coverage.count(b) == 0) missing.add(b);
            console.printk(core.now(), "proxytorture: " + (core.proxy.branches().size() - missing.size()) + " of "
                    + core.proxy.branches().size() + " find_proxy_task/return branches hit" + (missing.isEmpty() ? "" : "; never hit: " + String.join(" ", missing)));
        }
        StringBuilder points = new StringBuilder();
        core.coverage.pointsSnapshot().forEach((k, v) -> points.append(' ').append(k).append('=').append(v));
        if (core.mem.staleLoads > 0) points.append(" mem_stale_loads=").append(core.mem.staleLoads);
        if (points.length() > 0) console.printk(core.now(), "proxytorture: interleaving points:" + points);
        for (String b : requiredBranches()) {
            if (core.coverage.count(b) == 0) extra.add("--require-coverage: branch " + b + " was never hit");
        }
        boolean ok = torture.cleanup(extra);
        List<String> failures = new ArrayList<>(torture.failures());
        if (torture.totalFails() > 0) failures.add("lock_is_write_held/lock_is_read_held: " + torture.totalFails() + " times a writer or reader found the lock held (Fail)");
        failures.addAll(extra);
        var hash = core.trace.hash();
        console.printk(core.now(), String.format("proxytorture: %s, %d events, event hash %016x, %d choices (%d forced)",
                config.replay() != null ? "replay" : "seed " + config.seed(), hash.events(), hash.value(),
                core.choices.log().size(), core.choices.log().nonZero()));
        return new TortureResult(ok, failures, List.copyOf(core.warnings), torture.totalAcquisitions(), torture.totalFails(),
                hash.events(), core.now(), hash.value(), core.choices.log(), torture.statsLine());
    }
}
