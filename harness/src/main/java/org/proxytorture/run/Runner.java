package org.proxytorture.run;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.proxytorture.check.Checks;
import org.proxytorture.check.Identity;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.config.BadInputException;
import org.proxytorture.torture.LockTorture;
import org.proxytorture.torture.PiDemo;
import org.proxytorture.torture.PiDemoRun;
import org.proxytorture.torture.TortureParams;
import org.proxytorture.torture.TortureResult;
import org.proxytorture.torture.TortureRun;
import org.proxytorture.torture.Workload;

/** Boots, runs and judges one run (see the package's description). */
public final class Runner {
    private Runner() { }

    /** Runs {@code req}; bad input (a parameter, a value) throws BadInputException before anything runs. */
    public static RunResult run(RunRequest req) {
        TortureParams params = TortureParams.fromBootArgs(req.config().bootargs(), req.config().cpus(), req.config().hz());
        if (params.workload == Workload.PIDEMO) {
            if (!req.requireCoverage().isEmpty()) throw new BadInputException(
                    "--require-coverage applies to proxytorture.workload=locktorture only (accepted: no --require-coverage with workload=pidemo)");
            return pidemo(req, params);
        }
        Checking.Install checking = Checking.forRun(params, req.config().durationNs(), req.mode() == RunMode.STOP_AT_VIOLATION);
        ScoreObserver scores = new ScoreObserver();
        List<RunObserver> observers = withScores(scores, req.observers());
        TortureRun run = new TortureRun(req.config(), params, req.console()).withChoices(req.choices())
                .observe(wrap(observers), attach(observers)).requireCoverage(req.requireCoverage()).checkers(checking);
        if (req.mode() == RunMode.EXPLORE) run.stopAtFirstFailure().boundEndPhase();
        run.boot();
        Checks checks = checking.checks();
        for (RunObserver o : req.observers()) o.booted(run.core());
        checks.onFirstViolation(v -> req.observers().forEach(o -> o.firstViolation(v)));
        TortureResult r;
        try {
            r = run.run();
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            return oops(run, checks, params, e, scores.scores());
        }
        List<String> report = new ArrayList<>();
        Identity failure = identity(run, checks, r, params, report);
        List<Violation> vs = checks.violations();
        Violation first = vs.isEmpty() ? null : vs.get(0);
        return new RunResult(r.success(), failure, report, r.failures(), r.warnings(), r.statsLine(), r.acquisitions(), r.fails(),
                r.events(), r.simNs(), r.eventHash(), r.choices(), first == null ? -1 : first.timeNs(),
                first == null ? -1 : checks.firstViolationEvents(), tasks(run), run.core().coverage.snapshot(), generation(run.core()),
                checks.findings(), params.workload.param, "", scores.scores(), failureTime(run, first, failure, r.simNs()), Latencies.NONE,
                acquired(run));
    }

    /**
     * When the first failure came: a checker's violation at its time; any other failure (a
     * locktorture Fail, a kthread that did not stop, lock_torture_cleanup()'s verdict) when the run
     * noticed it: at its poll (exploration) or at the end.
     */
    static FailureTime failureTime(TortureRun run, Violation first, Identity failure, long endNs) {
        if (failure == null) return FailureTime.NONE;
        long testEnd = run.testEndNs();
        long at = first != null ? first.timeNs() : endNs;
        FailureTime.Phase phase;
        if (testEnd < 0 || at <= testEnd) phase = FailureTime.Phase.TEST;
        else if (first != null ? run.endChecksFailedFirst() : !run.stoppedEarly()) phase = FailureTime.Phase.END;
        else phase = FailureTime.Phase.STOP_GRACE;
        return new FailureTime(at, testEnd, phase);
    }

    /** The run's observers, the score observer first (it sees the decision source as the strategy made it). */
    private static List<RunObserver> withScores(ScoreObserver scores, List<RunObserver> observers) {
        List<RunObserver> all = new ArrayList<>();
        all.add(scores);
        all.addAll(observers);
        return all;
    }

    /**
     * The failure identity, one rule for every user: the first checker violation's; else
     * locktorture's own failures, named after what fired, without numbers, pids or times (a Fail
     * of lock_is_write_held, a WARNING, a cleanup failure); null if the run passed.
     */
    static Identity identity(TortureRun run, Checks checks, TortureResult r, TortureParams params, List<String> report) {
        List<Violation> vs = checks.violations();
        if (!vs.isEmpty()) {
            report.addAll(vs.get(0).report());
            return vs.get(0).identity();
        }
        if (r.success()) return null;
        Identity id;
        if (r.fails() > 0) id = Identity.of("locktorture", "lock_is_held", "torture_type=" + params.tortureType);
        else if (!r.warnings().isEmpty()) id = Identity.warn(r.warnings().get(0));
        else id = Identity.of("locktorture", failureKind(r.failures().get(0)));
        report.addAll(lastLines(run.console().lines(), 20));
        return id;
    }

    /**
     * The emulated kernel reached a state its code cannot handle (the kernel would oops): a
     * failure like any other, so that exploration and shrinking go on. Its identity is the first
     * violation if a checker saw one before, else {@link Identity#oops}.
     */
    private static RunResult oops(TortureRun run, Checks checks, TortureParams params, Throwable e, Scores scores) {
        Core core = run.core();
        List<Violation> vs = checks.violations();
        List<String> report = new ArrayList<>();
        Identity failure;
        if (!vs.isEmpty()) {
            failure = vs.get(0).identity();
            report.addAll(vs.get(0).report());
        } else {
            failure = Identity.oops(e);
            report.add("proxytorture: oops: " + e);
            for (int i = 0; i < Math.min(8, e.getStackTrace().length); i++) report.add("    at " + e.getStackTrace()[i]);
        }
        var hash = core.trace.hash();
        Violation first = vs.isEmpty() ? null : vs.get(0);
        return new RunResult(false, failure, report, List.of(failure + ": " + e.getMessage()), List.copyOf(core.warnings), "", 0, 0,
                hash.events(), core.now(), hash.value(), core.choices.log(), first == null ? -1 : first.timeNs(),
                first == null ? -1 : checks.firstViolationEvents(), tasks(run), core.coverage.snapshot(), generation(core),
                checks.findings(), params.workload.param, "", scores, failureTime(run, first, failure, core.now()), Latencies.NONE,
                acquired(run));
    }

    private static RunResult pidemo(RunRequest req, TortureParams params) {
        Checking.Install checking = Checking.forPiDemo(params);
        ScoreObserver scores = new ScoreObserver();
        List<RunObserver> observers = withScores(scores, req.observers());
        PiDemoRun demo = new PiDemoRun(req.config(), params, req.console()).withChoices(req.choices()).observe(wrap(observers), attach(observers))
                .checkers(checking);
        TortureResult r = demo.run();
        PiDemo.Result demoResult = demo.result();
        List<Violation> vs = checking.checks().violations();
        Identity failure = !vs.isEmpty() ? vs.get(0).identity()
                : r.success() ? null : Identity.warn(demoResult.core().warnings.get(0));
        return new RunResult(r.success(), failure, r.failures(), r.failures(), r.warnings(), r.statsLine(), r.acquisitions(), r.fails(),
                r.events(), r.simNs(), r.eventHash(), r.choices(), -1, -1, 0, new TreeMap<>(), "", List.of(), params.workload.param,
                demoResult.summary(), scores.scores().with(Scores.PIDEMO_MAX_LATENCY_NS, demoResult.max()), FailureTime.NONE,
                Latencies.of(demoResult.latencyNs()), Acquisitions.NONE);
    }

    /** Each torture kthread's acquisitions so far (NONE if locktorture never started). */
    private static Acquisitions acquired(TortureRun run) {
        LockTorture t = run.torture();
        return t == null ? Acquisitions.NONE : new Acquisitions(t.writerAcquisitions(), t.readerAcquisitions());
    }

    /** The proxy generations, by proxytorture.proxy_variant value, oldest first. */
    public static List<String> proxyVariants() {
        return org.proxytorture.kernel.proxy.Generation.params();
    }

    private static UnaryOperator<ChoiceSource> wrap(List<RunObserver> observers) {
        return c -> {
            for (RunObserver o : observers) c = o.wrap(c);
            return c;
        };
    }

    private static Consumer<Core> attach(List<RunObserver> observers) {
        return core -> observers.forEach(o -> o.attach(core));
    }

    private static int tasks(TortureRun run) {
        return run.torture() == null ? 0 : run.torture().writers().size() + run.torture().readers().size();
    }

    private static String generation(Core core) {
        return core.proxy.name() + (core.schedFeat.toString().contains("NO_DELAY_DEQUEUE") ? "+NO_DELAY_DEQUEUE" : "");
    }

    /** A locktorture failure line as an invariant: what failed, before its ": details", digits and hex out. */
    static String failureKind(String s) {
        String t = s.replaceAll("[0-9a-f]{8,}", "H").replaceAll("[0-9]+", "N");
        int colon = t.indexOf(": ");
        return (colon > 0 ? t.substring(0, colon) : t).trim();
    }

    private static List<String> lastLines(List<String> lines, int n) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
