package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.proxy.Generation;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.explore.Target.Simplification.Kind;
import org.proxytorture.run.RunMode;
import org.proxytorture.run.RunObserver;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.torture.Console;
import org.proxytorture.config.RunConfig;
import org.proxytorture.torture.Scenario;
import org.proxytorture.torture.ScenarioParser;
import org.proxytorture.torture.TortureParams;

/**
 * A locktorture scenario as the engine runs it: machine, duration and kernel command line (a
 * catalog entry is one of these plus the identity it must fail with). Runs stop at their first
 * failure. {@code scenario} names the configs/lock scenario it came from, or is null.
 */
public record TortureTarget(String scenario, int cpus, int hz, long durationNs, BootArgs bootargs) implements Target {

    public TortureTarget {
        new RunConfig(cpus, hz, durationNs, bootargs, 0, null); // the run's own range checks, as bad input
        TortureParams.fromBootArgs(bootargs, cpus, hz);
    }

    /** From the command line's text (the edge: a CLI option, a replay file, a test's literal). */
    public TortureTarget(String scenario, int cpus, int hz, long durationNs, String bootargs) {
        this(scenario, cpus, hz, durationNs, BootArgs.parse(bootargs));
    }

    /**
     * A scenario of {@code configDir} (configs/lock) as exploration runs it: the scenario runner's
     * command line with {@code user}'s parameters after the .boot line, without shutdown_secs
     * (an exploration run ends at its duration or at its failure). Bad input: an unknown or
     * malformed scenario, or one whose torture_type is not modelled yet.
     */
    public static TortureTarget ofScenario(java.nio.file.Path configDir, String name, BootArgs user, long durationNs) {
        Scenario s = new ScenarioParser(configDir).load(name, null);
        String why = s.notModelledWith(BootArgs.EMPTY, durationNs);
        if (why != null) throw new BadInputException("scenario " + name + ": " + why);
        return new TortureTarget(name, s.cpus(), s.hz(), durationNs, s.commandLine(user, durationNs).without("locktorture.shutdown_secs"));
    }

    /**
     * A scenario of {@code configDir} as scripts/torture runs it (run --scenario): its command line
     * with per_version_boot_params() (stat_interval=15, shutdown_secs=the duration, verbose=1), on
     * {@code cpus} CPUs, or its CONFIG_NR_CPUS when null; checked as the runner checks it (a
     * torture_type not modelled yet is bad input here).
     */
    public static TortureTarget asScriptsTortureRunsIt(java.nio.file.Path configDir, String name, BootArgs user, Integer cpus, long durationNs) {
        Scenario s = new ScenarioParser(configDir).load(name, null);
        int n = cpus != null ? cpus : s.cpus();
        String why = s.notModelledWith(user, durationNs);
        if (why != null) throw new BadInputException("scenario " + name + ": " + why);
        s.validate(user, n, durationNs);
        return new TortureTarget(name, n, s.hz(), durationNs, s.commandLine(user, durationNs));
    }

    /** The scenario names of {@code configDir}, sorted (bad input if it is not a scenario directory). */
    public static List<String> scenarioNames(java.nio.file.Path configDir) {
        return new ScenarioParser(configDir).names();
    }

    @Override
    public String describe() {
        return (scenario == null ? "" : "scenario " + scenario + ": ") + cpus + " CPUs, HZ=" + hz + ", "
                + "a " + durationNs / 1_000_000 + " ms test (simulated), bootargs \"" + bootargs + "\"";
    }

    @Override
    public Outcome run(ChoiceSource choices) {
        return run(choices, List.of());
    }

    /** The same run with observers that only read (a trace recorder). */
    public Outcome run(ChoiceSource choices, List<RunObserver> observers) {
        RecordingChoices rec = choices instanceof RecordingChoices r ? r : new RecordingChoices(choices, false);
        InterleavingClasses ilv = new InterleavingClasses();
        List<RunObserver> all = new ArrayList<>(observers);
        all.add(new RunObserver() {
            @Override
            public void booted(org.proxytorture.kernel.sched.Core core) {
                core.trace.add(ilv);
            }
        });
        RunResult r = Runner.run(new RunRequest(new RunConfig(cpus, hz, durationNs, bootargs, 0, null), rec, RunMode.EXPLORE, all,
                List.of(), new Console(null, true)));
        List<String> coverage = new ArrayList<>();
        r.coverage().forEach((branch, n) -> {
            if (n > 0) coverage.add("branch:" + branch);
        });
        coverage.addAll(ilv.classes());
        coverage.add("generation:" + r.generation());
        return new Outcome(r.failure(), r.eventHash(), r.events(), r.simNs(), rec.log(), rec.kinds(), rec.windowSteps(),
                cpus, r.tasks(), coverage, r.report(), r.scores(), r.when(), r.latencies(), r.acquired());
    }

    /** The command line with {@code name=value} set (later wins, as the kernel parses it). */
    TortureTarget with(String name, String value) {
        return new TortureTarget(scenario, cpus, hz, durationNs, bootargs.with(name, value));
    }

    /** The command line with {@code extra}'s parameters after its own (theirs win). */
    public TortureTarget withBootArgs(BootArgs extra) {
        return new TortureTarget(scenario, cpus, hz, durationNs, bootargs.with(extra));
    }

    /** The command line without {@code name} (the parameter's default). */
    TortureTarget without(String name) {
        return new TortureTarget(scenario, cpus, hz, durationNs, bootargs.without(name));
    }

    /**
     * On {@code n} CPUs; a bind_writers/bind_readers mask that cpulist_parse() refuses there (-ERANGE:
     * it names a CPU the machine no longer has) keeps its shape, folded onto the smaller machine (CPU c
     * becomes c mod n: "31" on 32 CPUs is "15" on 16, the last CPU still), so the kthreads it binds
     * stay bound together; a mask that cannot be read is dropped, as the kernel would set all CPUs.
     */
    TortureTarget withCpus(int n) {
        BootArgs b = bootargs;
        for (String mask : List.of("locktorture.bind_writers", "locktorture.bind_readers")) {
            if (!b.has(mask) || TortureParams.cpulistNamesCpus(b.get(mask), n)) continue;
            String folded = folded(b.get(mask), n);
            b = folded == null ? b.without(mask) : b.with(mask, folded);
        }
        return new TortureTarget(scenario, n, hz, durationNs, b);
    }

    /** {@code list} on this machine, each CPU c as c mod n; null if it names none here either. */
    private String folded(String list, int n) {
        if (!TortureParams.cpulistNamesCpus(list, cpus)) return null;
        CpuMask m = CpuMask.cpulistParse(list, cpus);
        CpuMask f = CpuMask.none();
        for (int c = m.first(); c < cpus; c = m.next(c)) f = f.set(c % n);
        return f.toString();
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
        TortureTarget t = this;
        if (!bootargs.has("proxytorture.proxy_variant") && !bootargs.has("sched_proxy_exec"))
            t = t.with("proxytorture.proxy_variant", GENERATIONS.get(Math.floorMod(i, GENERATIONS.size())).param);
        if (!bootargs.has("proxytorture.sched_feat") && Math.floorMod(i / GENERATIONS.size(), 2) == 1)
            t = t.with("proxytorture.sched_feat", "NO_DELAY_DEQUEUE");
        return t;
    }

    /** Whether {@link #rotated} changes anything. */
    public boolean rotates() {
        return !rotated(0).bootargs.equals(bootargs) || !rotated(GENERATIONS.size()).bootargs.equals(bootargs);
    }

    private TortureParams params() {
        return TortureParams.fromBootArgs(bootargs, cpus);
    }

    @Override
    public List<Simplification> simplifications(Outcome last) {
        List<Simplification> out = new ArrayList<>();
        TortureParams p = params();
        Map<String, String> args = bootargs.asMap();
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
        if (p.schedProxyExec) out.add(new Simplification(Kind.SIMPLER_PROXY_VARIANT, "sched_proxy_exec=0", with("sched_proxy_exec", "0")));
        if (p.lockPi) out.add(new Simplification(Kind.SIMPLER_PROXY_VARIANT, "lock_pi off", without("proxytorture.lock_pi")));
        featuresOff(p, args, out);
        // fresh runs (twice the time the failure took to show; shorter_duration cuts it again) only
        // where they pay: a smaller machine; random_shuffle off, after which torture.c's own
        // shuffler draws no decision; a feature off or a simpler generation, whose runs take other
        // decisions than the failing list's (a scenario drawn from the whole space carries many);
        // fewer locks and shallower nesting are tried with the failing list alone
        List<Simplification> roomy = new ArrayList<>();
        for (Simplification s : out) {
            boolean fresh = s.kind().smallerMachine() || s.kind() == Kind.RANDOM_SHUFFLE_OFF || s.kind() == Kind.FEATURE_OFF
                    || s.kind() == Kind.SIMPLER_PROXY_VARIANT;
            roomy.add(s.resampledFrom(fresh ? s.target().withRoom(last) : null));
        }
        return roomy;
    }

    /** The scenario-space features, each off (the smallest scenario has none of them). */
    private void featuresOff(TortureParams p, Map<String, String> args, List<Simplification> out) {
        if (p.writerFifo != 0) out.add(new Simplification(Kind.FEATURE_OFF, "writer_fifo off", with("locktorture.writer_fifo", "0")));
        for (String mask : List.of("locktorture.bind_writers", "locktorture.bind_readers"))
            if (args.containsKey(mask)) out.add(new Simplification(Kind.FEATURE_OFF, mask.substring("locktorture.".length()) + " off", without(mask)));
        if (args.containsKey("proxytorture.writer_cpu_max"))
            out.add(new Simplification(Kind.FEATURE_OFF, "CFS bandwidth off", without("proxytorture.writer_cpu_max").without("proxytorture.throttle_model")));
        if (args.containsKey("proxytorture.writer_cpu_weight"))
            out.add(new Simplification(Kind.FEATURE_OFF, "writer_cpu_weight off", without("proxytorture.writer_cpu_weight")));
        for (String m : List.of("proxytorture.setprio_interval", "proxytorture.renice_interval", "proxytorture.signal_interval",
                "proxytorture.hold_yield", "proxytorture.ww_reorder"))
            if (args.containsKey(m) && !args.get(m).equals("0"))
                out.add(new Simplification(Kind.FEATURE_OFF, m.substring("proxytorture.".length()) + " off", without(m)));
        if (args.containsKey("proxytorture.sched_feat")) out.add(new Simplification(Kind.FEATURE_OFF, "sched_feat default", without("proxytorture.sched_feat")));
        if (args.containsKey("proxytorture.memory_model")) out.add(new Simplification(Kind.FEATURE_OFF, "memory_model default", without("proxytorture.memory_model")));
        if (args.containsKey("proxytorture.window_ns")) out.add(new Simplification(Kind.FEATURE_OFF, "window_ns default", without("proxytorture.window_ns")));
        if (hz != 1000) out.add(new Simplification(Kind.FEATURE_OFF, "HZ=" + hz + " -> 1000", new TortureTarget(scenario, cpus, 1000, durationNs, bootargs)));
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
