package org.proxytorture.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.proxytorture.run.Provenance;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.config.RunConfig;
import org.proxytorture.run.TraceOutput;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.RecordingChoices;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.Strategies;
import org.proxytorture.explore.TortureTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One run on the emulated machine, in the kernel's words: locktorture, or with
 * {@code proxytorture.workload=pidemo} one case of the priority-inversion demo. The scenario
 * runner ({@code scripts/torture}) starts one of these per scenario, with the result files.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:the run failed: a checker violation, a WARNING, a locktorture Fail (End of test: FAILURE) or an oops", Main.EXIT_2, Main.EXIT_3},
        description = "Boot the emulated machine and run locktorture (duration is simulated time).")
public final class RunCommand implements Callable<Integer> {
    /** The default scenario: 4 CPUs, mutex_lock, nested_locks=4, random shuffle, 10 s simulated. */
    public static final String DEFAULT_BOOTARGS = "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1";

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "4",
            description = "number of CPUs, 1..256 (default ${DEFAULT-VALUE}); with --scenario, instead of its CONFIG_NR_CPUS")
    int cpus;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s",
            description = "simulated run time with its unit: 500ms, 30s, 2m, 1h, 1d (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "64-bit seed of every decision (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--hz", paramLabel = "HZ", defaultValue = "1000", description = "CONFIG_HZ, 100..10000 (default ${DEFAULT-VALUE})")
    int hz;

    @Option(names = "--bootargs", paramLabel = "\"NAME=VALUE ...\"", defaultValue = DEFAULT_BOOTARGS,
            description = "kernel command line (default \"${DEFAULT-VALUE}\"); with --scenario, appended to its .boot line")
    String bootargs;

    @Option(names = "--require-coverage", split = ",", paramLabel = "BRANCH",
            description = "fail the run if a find_proxy_task/return-migration branch is never hit; 'all' = every reachable one")
    java.util.List<String> requireCoverage = java.util.List.of();

    @Option(names = "--inject", split = ",", paramLabel = "BUG",
            description = "inject bug-catalog faults, e.g. --inject B05 or --inject B05,B23 (proxytorture.inject=; see 'bugs')")
    java.util.List<String> inject = java.util.List.of();

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "run a scenario of --config-dir (e.g. PROXY01) as scripts/torture runs it: its CONFIG_NR_CPUS and CONFIG_HZ,"
                    + " its .boot line, --bootargs, then locktorture.stat_interval=15 shutdown_secs=<duration> verbose=1")
    String scenario;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory (default torture-scenarios/configs/lock, here or beside the jar)")
    Path configDir;

    @Option(names = "--label", paramLabel = "NAME", description = "the run's name in --summary-out (default: the --scenario, if any)")
    String label;

    @Option(names = "--summary-out", paramLabel = "FILE", description = "write summary.json (verdict, figures, event hash) here")
    Path summaryOut;

    @Option(names = "--choices-out", paramLabel = "FILE", description = "write the recorded choice list (compact text; gzip-compressed if FILE ends in .gz) here")
    Path choicesOut;

    @Option(names = "--choices-only-if-failed", description = "with --choices-out: write the choice list only if the run fails (scripts/torture's default)")
    boolean choicesOnlyIfFailed;

    @Option(names = "--replay-out", paramLabel = "FILE",
            description = "if the run fails, write explore's replay file of its failure here (replay and shrink take it; nothing for a passing run)")
    Path replayOut;

    @Mixin
    TraceOptions trace = new TraceOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long ns = Durations.parse("--duration", duration);
        RunConfig cfg = scenario != null ? scenarioConfig(ns) : new RunConfig(cpus, hz, ns, withInject(BootArgs.parse(bootargs)), seed, null);
        TraceOutput traceOut = trace.output();
        RunResult r = Runner.run(RunRequest.of(cfg).printTo(System.out).observers(traceOut.observers())
                .requireCoverage(requireCoverage));
        System.out.flush();
        writeResults(cfg, r, label != null ? label : scenario);
        if (replayOut != null && r.failed()) writeReplay(cfg, r);
        traceOut.write(r.violationNs());
        return r.success() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    private BootArgs withInject(BootArgs b) {
        return inject.isEmpty() ? b : b.with("proxytorture.inject", String.join(",", inject));
    }

    /**
     * --scenario: the machine and command line scripts/torture would give the scenario's run
     * (Scenario#commandLine), checked as it checks them; a scenario not modelled yet is bad input.
     */
    private RunConfig scenarioConfig(long ns) {
        var given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--hz"))
            throw new BadInputException("--hz with --scenario " + scenario + ": the scenario's CONFIG_HZ sets it"
                    + " (accepted: --scenario with --cpus, --duration, --seed, --bootargs; or --hz without --scenario)");
        BootArgs user = withInject(given.hasMatchedOption("--bootargs") ? BootArgs.parse(bootargs) : BootArgs.EMPTY);
        TortureTarget t = TortureTarget.asScriptsTortureRunsIt(ScenarioOptions.configDir(configDir), scenario, user,
                given.hasMatchedOption("--cpus") ? cpus : null, ns);
        return new RunConfig(t.cpus(), t.hz(), ns, t.bootargs(), seed, null);
    }

    /**
     * The failure as explore's replay file: the run's choices replayed as explore replays them (up
     * to the first failure, where the file's event hash is taken). If that replay does not fail
     * with the run's identity (a failure only the full run's end reaches), no file, and a line says so.
     */
    private void writeReplay(RunConfig cfg, RunResult r) {
        TortureTarget t = new TortureTarget(null, cfg.cpus(), cfg.hz(), cfg.durationNs(), cfg.bootargs().toString());
        Outcome o = t.run(new RecordingChoices(Strategies.byName("random", 1).replay("", r.choices()), false));
        if (!r.failure().equals(o.identity())) {
            System.err.println("proxytorture: no replay file: replayed as explore replays, the run " + (o.failed() ? "failed with " + o.identity() : "passed")
                    + ", not " + r.failure() + "; choices.txt.gz and the command reproduce it");
            return;
        }
        ReplayFile.of(t, cfg.seed(), "random", "", o.choices(), o, false).write(replayOut);
    }

    private void writeResults(RunConfig cfg, RunResult r, String name) {
        try {
            if (choicesOut != null && (r.failed() || !choicesOnlyIfFailed)) {
                var os = Files.newOutputStream(choicesOut);
                if (choicesOut.toString().endsWith(".gz")) os = new java.util.zip.GZIPOutputStream(os, 1 << 16) {
                    { def.setLevel(java.util.zip.Deflater.BEST_SPEED); } // a long run records millions of choices
                };
                try (Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                    r.choices().writeCompact(w);
                    w.write('\n');
                }
            }
            if (summaryOut != null) {
                long wallMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                org.proxytorture.soak.Host h = org.proxytorture.soak.Host.probe(Version.implementationVersion());
                Provenance p = new Provenance(ReplayFile.MODEL_VERSION, h.harnessVersion(), h.gitCommit(), h.javaVersion(), h.name());
                Files.writeString(summaryOut, r.summary(name, cfg, wallMs).withProvenance(p).toJson(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's result files: " + e.getMessage(), e);
        }
    }
}
