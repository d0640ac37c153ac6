package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proxytorture.check.Identity;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.proxy.Generation;
import org.proxytorture.explore.Target.Simplification.Kind;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.torture.BootArgs;
import org.proxytorture.torture.Console;
import org.proxytorture.torture.RunConfig;
import org.proxytorture.torture.RunResult;
import org.proxytorture.torture.TortureParams;
import org.proxytorture.torture.TortureRun;

/**
 * A locktorture scenario as the engine runs it: machine, duration and kernel command line (a
 * catalog entry is one of these plus the identity it must fail with). Runs stop at their first
 * failure. {@code scenario} names the configs/lock scenario it came from, or is null.
 */
public record TortureTarget(String scenario, int cpus, int hz, long durationNs, String bootargs) implements Target {

    public TortureTarget {
        new RunConfig(cpus, hz, durationNs, bootargs, 0, null); // the run's own range checks, as bad input
        TortureParams.fromBootArgs(BootArgs.parse(bootargs), cpus);
    }

    @Override
    public String describe() {
        return (scenario == null ? "" : "scenario " + scenario + ": ") + cpus + " CPUs, HZ=" + hz + ", "
                + durationNs / 1_000_000 + " ms simulated, bootargs \"" + bootargs + "\"";
    }

    @Override
    public Outcome run(ChoiceSource choices) {
        return run(choices, c -> c, c -> { });
    }

    /** The same run with an observer that only reads (a trace recorder; see {@link TortureRun#observe}). */
    public Outcome run(ChoiceSource choices, java.util.function.UnaryOperator<ChoiceSource> wrap,
            java.util.function.Consumer<org.proxytorture.kernel.sched.Core> attach) {
        RecordingChoices rec = choices instanceof RecordingChoices r ? r : new RecordingChoices(choices, false);
        Console console = new Console(null, true);
        TortureRun run = new TortureRun(new RunConfig(cpus, hz, durationNs, bootargs, 0, null), console)
                .withChoices(rec).observe(wrap, attach).stopAtFirstFailure().boundEndPhase().boot();
        InterleavingClasses ilv = new InterleavingClasses();
        run.core().trace.add(ilv);
        RunResult r;
        try {
            r = run.run();
        } catch (RuntimeException | StackOverflowError e) {
            return oops(run, rec, ilv, e);
        }
        List<String> report = new ArrayList<>();
        Identity identity = identity(run, r, params().tortureType, report);
        List<String> coverage = new ArrayList<>();
        for (var e : run.core().coverage.snapshot().entrySet()) if (e.getValue() > 0) coverage.add("branch:" + e.getKey());
        coverage.addAll(ilv.classes());
        coverage.add("generation:" + run.core().proxy.name() + (run.core().schedFeat.toString().contains("NO_DELAY_DEQUEUE") ? "+NO_DELAY_DEQUEUE" : ""));
        return new Outcome(identity, r.eventHash(), r.events(), r.simNs(), r.choices(), rec.kinds(), rec.windowSteps(),
                cpus, run.torture().writers().size() + run.torture().readers().size(), coverage, report);
    }

    /**
     * The emulated kernel reached a state its code cannot handle (the kernel would oops): a
     * failure like any other, so that exploration and shrinking go on. Its identity is the first
     * violation if a checker saw one before, else the exception and the model function it was
     * thrown in (no line numbers, so that it survives unrelated edits).
     */
    private Outcome oops(TortureRun run, RecordingChoices rec, InterleavingClasses ilv, Throwable e) {
        List<Violation> vs = run.checks().violations();
        List<String> report = new ArrayList<>();
        Identity identity;
        if (!vs.isEmpty()) {
            identity = vs.get(0).identity();
            report.addAll(vs.get(0).report());
        } else {
            identity = Identity.oops(e);
            report.add("proxytorture: oops: " + e);
            for (int i = 0; i < Math.min(8, e.getStackTrace().length); i++) report.add("    at " + e.getStackTrace()[i]);
        }
        var hash = run.core().trace.hash();
        List<String> coverage = new ArrayList<>();
        for (var c : run.core().coverage.snapshot().entrySet()) if (c.getValue() > 0) coverage.add("branch:" + c.getKey());
        coverage.addAll(ilv.classes());
        return new Outcome(identity, hash.value(), hash.events(), run.core().now(), rec.log(), rec.kinds(), rec.windowSteps(),
                cpus, run.torture().writers().size() + run.torture().readers().size(), coverage, report);
    }

    /**
     * The failure identity: the first checker violation's (checker/invariant[roles]); else
     * locktorture's own failures, named after what fired, without numbers, pids or times.
     */
    static Identity identity(TortureRun run, RunResult r, org.proxytorture.torture.TortureType tortureType, List<String> report) {
        List<Violation> vs = run.checks().violations();
        if (!vs.isEmpty()) {
            report.addAll(vs.get(0).report());
            return vs.get(0).identity();
        }
        if (r.success()) return null;
        Identity id;
        if (r.fails() > 0) id = Identity.of("locktorture", "lock_is_held", "torture_type=" + tortureType);
        else if (!r.warnings().isEmpty()) id = Identity.of("warn", normalize(r.warnings().get(0)));
        else id = Identity.of("locktorture", normalize(r.failures().get(0)));
        report.addAll(lastLines(run.console().lines(), 20));
        return id;
    }

    /** Digits and hex out, so that an identity does not depend on counts, times or pids. */
    static String normalize(String s) {
        String t = s.replaceAll("[0-9a-f]{8,}", "H").replaceAll("[0-9]+", "N");
        int colon = t.indexOf(": ");
        return (colon > 0 ? t.substring(0, colon) : t).trim();
    }

    private static List<String> lastLines(List<String> lines, int n) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The command line with {@code name=value} set (later wins, as the kernel parses it). */
    TortureTarget with(String name, String value) {
        return new TortureTarget(scenario, cpus, hz, durationNs, BootArgs.parse(bootargs).with(BootArgs.parse(name + "=" + value)).toString());
    }

    TortureTarget withCpus(int n) {
        return new TortureTarget(scenario, n, hz, durationNs, bootargs);
    }

    TortureTarget withDuration(long ns) {
        return new TortureTarget(scenario, cpus, hz, ns, bootargs);
    }

    /** The generations and DELAY_DEQUEUE settings {@link #rotated} goes through, try by try. */
    static final List<Generation> GENERATIONS = List.of(Generation.FULL, Generation.MIGRATE, Generation.SINGLE_RQ);

    /**
     * Try {@code i}'s variant of this scenario when it pins neither the proxy generation
     * (proxytorture.proxy_variant, sched_proxy_exec) nor the sched features: the generations in
     * turn, then the same with NO_DELAY_DEQUEUE. A pinned scenario is itself every try.
     */
    public TortureTarget rotated(int i) {
        Map<String, String> args = BootArgs.parse(bootargs).asMap();
        TortureTarget t = this;
        if (!args.containsKey("proxytorture.proxy_variant") && !args.containsKey("sched_proxy_exec"))
            t = t.with("proxytorture.proxy_variant", GENERATIONS.get(Math.floorMod(i, GENERATIONS.size())).param);
        if (!args.containsKey("proxytorture.sched_feat") && Math.floorMod(i / GENERATIONS.size(), 2) == 1)
            t = t.with("proxytorture.sched_feat", "NO_DELAY_DEQUEUE");
        return t;
    }

    /** Whether {@link #rotated} changes anything. */
    public boolean rotates() {
        return !rotated(0).bootargs.equals(bootargs) || !rotated(GENERATIONS.size()).bootargs.equals(bootargs);
    }

    private TortureParams params() {
        return TortureParams.fromBootArgs(BootArgs.parse(bootargs), cpus);
    }

    @Override
    public List<Simplification> simplifications(Outcome last) {
        List<Simplification> out = new ArrayList<>();
        TortureParams p = params();
        Map<String, String> args = BootArgs.parse(bootargs).asMap();
        // a failure found late is shrunk on runs that end soon after it
        long ms = 1_000_000L;
        long shorter = (last.simNs() / ms + 10) * ms;
        if (shorter < durationNs) out.add(new Simplification(Kind.SHORTER_DURATION, durationNs / ms + " ms -> " + shorter / ms + " ms", withDuration(shorter), null));
        if (cpus > 2) out.add(new Simplification(Kind.FEWER_CPUS, cpus + " -> " + cpus / 2 + " CPUs", withCpus(cpus / 2)));
        if (cpus > 1) out.add(new Simplification(Kind.FEWER_CPUS, cpus + " -> " + (cpus - 1) + " CPUs", withCpus(cpus - 1)));
        int writers = last.tasks() - (p.nreadersStress > 0 ? p.nreadersStress : 0);
        if (p.nwritersStress != 0 && writers > 1) {
            if (writers > 2) out.add(new Simplification(Kind.FEWER_TASKS, writers + " -> " + writers / 2 + " writers", with("locktorture.nwriters_stress", Integer.toString(writers / 2))));
            int threeQuarters = (writers * 3) / 4; // a bisection's next step, between half and one fewer
            if (threeQuarters > writers / 2 && threeQuarters < writers - 1)
                out.add(new Simplification(Kind.FEWER_TASKS, writers + " -> " + threeQuarters + " writers", with("locktorture.nwriters_stress", Integer.toString(threeQuarters))));
            out.add(new Simplification(Kind.FEWER_TASKS, writers + " -> " + (writers - 1) + " writers", with("locktorture.nwriters_stress", Integer.toString(writers - 1))));
        }
        if (p.nreadersStress > 0)
            out.add(new Simplification(Kind.FEWER_TASKS, p.nreadersStress + " -> " + (p.nreadersStress - 1) + " readers", with("locktorture.nreaders_stress", Integer.toString(p.nreadersStress - 1))));
        if (p.nestedLocks > 0) {
            out.add(new Simplification(Kind.FEWER_LOCKS, "nested_locks " + p.nestedLocks + " -> 0", with("locktorture.nested_locks", "0")));
            if (p.nestedLocks > 1) out.add(new Simplification(Kind.SHALLOWER_NESTING, "nested_locks " + p.nestedLocks + " -> " + (p.nestedLocks - 1), with("locktorture.nested_locks", Integer.toString(p.nestedLocks - 1))));
        }
        if (p.randomShuffle) out.add(new Simplification(Kind.RANDOM_SHUFFLE_OFF, "random_shuffle off", with("torture.random_shuffle", "0")));
        if (p.stutter != 0) out.add(new Simplification(Kind.FEATURE_OFF, "stutter off", with("locktorture.stutter", "0")));
        if (p.onoffInterval != 0) out.add(new Simplification(Kind.FEATURE_OFF, "CPU hotplug off", with("locktorture.onoff_interval", "0")));
        if (p.rtBoost != 0) out.add(new Simplification(Kind.FEATURE_OFF, "rt_boost off", with("locktorture.rt_boost", "0")));
        if (p.longHold != 0) out.add(new Simplification(Kind.FEATURE_OFF, "long_hold off", with("locktorture.long_hold", "0")));
        if (p.schedProxyExec && p.proxyVariant.simpler() != null)
            out.add(new Simplification(Kind.SIMPLER_PROXY_VARIANT, "proxy_variant " + p.proxyVariant + " -> " + p.proxyVariant.simpler(),
                    with("proxytorture.proxy_variant", p.proxyVariant.simpler().param)));
        if (p.schedProxyExec && !args.containsKey("sched_proxy_exec"))
            out.add(new Simplification(Kind.SIMPLER_PROXY_VARIANT, "sched_proxy_exec=0", with("sched_proxy_exec", "0")));
        // fresh runs (twice the time the failure took to show; shorter_duration cuts it again) only
        // where they pay: a smaller machine, and random_shuffle off, after which torture.c's own
        // shuffler draws no decision; the other simplifications are tried with the failing list alone
        List<Simplification> roomy = new ArrayList<>();
        for (Simplification s : out) {
            boolean fresh = s.kind().smallerMachine() || s.kind() == Kind.RANDOM_SHUFFLE_OFF;
            roomy.add(s.resampledFrom(fresh ? s.target().withRoom(last) : null));
        }
        return roomy;
    }

    @Override
    public TortureTarget brief(long ns) {
        return ns < durationNs ? withDuration(ns) : this;
    }

    @Override
    public TortureTarget withRoom(Outcome last) {
        long ms = 1_000_000L;
        // a failure in the end phase (kthreads not stopping) counts as one at the end of the test
        long room = (2 * Math.min(last.simNs(), durationNs) / ms + 10) * ms;
        return room <= durationNs ? this : withDuration(room);
    }
}
