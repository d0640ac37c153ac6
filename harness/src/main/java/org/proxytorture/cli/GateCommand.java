package org.proxytorture.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.gate.Baseline;
import org.proxytorture.gate.CrossJvm;
import org.proxytorture.gate.FairnessCheck;
import org.proxytorture.gate.Gate;
import org.proxytorture.gate.GateDiff;
import org.proxytorture.gate.GateResult;
import org.proxytorture.gate.GateSet;
import org.proxytorture.gate.JUnitXml;
import org.proxytorture.gate.LatencyCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** scripts/proxytorture gate: the CI gate over a declared set of runs, against a committed baseline. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:a new failure, a catalog entry not detected, or a pinned hash moved under the same MODEL_VERSION",
                Main.EXIT_2, Main.EXIT_3},
        description = {"Run the gate set (scenarios x seeds, catalog faults that must be detected and their clean runs, pinned"
                + " event hashes) and judge it against the baseline: new failures, known failures no longer seen, moved hashes."})
public final class GateCommand implements Callable<Integer> {
    @Option(names = "--set", paramLabel = "FILE", description = "the gate set (default torture-scenarios/configs/gate/DEFAULT)")
    Path set;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "known failures, pinned hashes, model version (default: the set's FILE.baseline beside it, if there is one)")
    Path baseline;

    @Option(names = "--update-baseline", description = "rewrite the baseline: this model, the known failures still seen, the pinned hashes now")
    boolean updateBaseline;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "write the results as JUnit XML (Surefire's schema) here")
    Path junitXml;

    @Option(names = "--failures", paramLabel = "DIR",
            description = "where replay files of failing runs go (default: gate-failures beside --junit-xml, else proxytorture-failures)")
    Path failures;

    @Option(names = "--jobs", paramLabel = "N", description = "runs at once, 1..64 (default: the host's CPUs)")
    Integer jobs;

    @Option(names = "--cross-jvm-every", paramLabel = "N", defaultValue = "10",
            description = "re-run every N-th run (from the first) in a child JVM (" + "-XX:+UseSerialGC -Xmx128m" + ") and compare hashes; 0: none (default ${DEFAULT-VALUE})")
    int crossJvmEvery;

    @Option(names = "--shrink-time", paramLabel = "TIME", defaultValue = "60s",
            description = "bound of each new failure's shrink, e.g. 30s, " + Shrinker.BOUND_HELP + "; 0s: keep the found run only (default ${DEFAULT-VALUE})")
    String shrinkTime;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory (default torture-scenarios/configs/lock)")
    Path configDir;

    @Override
    public Integer call() {
        int n = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 64) throw new BadInputException("--jobs " + n + ": out of range (accepted: 1..64)");
        if (crossJvmEvery < 0) throw new BadInputException("--cross-jvm-every " + crossJvmEvery + ": out of range (accepted: 0 for none, or N >= 1)");
        Path lockDir = ScenarioOptions.configDir(configDir);
        Path setFile = set != null ? set : lockDir.resolveSibling("gate").resolve("DEFAULT");
        if (!Files.isRegularFile(setFile)) throw new BadInputException("--set " + setFile + ": no such file (a gate set, e.g. torture-scenarios/configs/gate/DEFAULT)");
        Path baseFile = baseline != null ? baseline : setFile.resolveSibling(setFile.getFileName() + ".baseline");
        if (baseline != null && !Files.isRegularFile(baseline) && !updateBaseline)
            throw new BadInputException("--baseline " + baseline + ": no such file (--update-baseline creates it)");
        long shrinkMs = Durations.parse("--shrink-time", shrinkTime) / 1_000_000L;
        GateSet gs = GateSet.read(setFile, v -> Durations.parse("duration", v));
        Baseline base = Files.isRegularFile(baseFile) ? Baseline.read(baseFile) : Baseline.EMPTY;
        Path out = failures != null ? failures : junitXml != null && junitXml.toAbsolutePath().getParent() != null
                ? junitXml.toAbsolutePath().getParent().resolve("gate-failures") : Path.of("proxytorture-failures");
        System.out.printf("gate %s: %d runs, %d jobs, %s; baseline %s%n", gs.name(), gs.runs().size(), n, ReplayFile.MODEL_VERSION,
                Files.isRegularFile(baseFile) ? baseFile + " (" + (base.model() == null ? "no model line" : base.model()) + ")" : "none");
        long t0 = System.nanoTime();
        List<GateResult> results = new Gate(lockDir, base, out, shrinkMs).run(gs, n, GateCommand::print);
        double wall = (System.nanoTime() - t0) / 1e9;
        GateDiff diff = GateDiff.of(results, base, ReplayFile.MODEL_VERSION).withCrossJvm(crossJvm(results, lockDir))
                .withLatency(LatencyCheck.compare(results, base.latency()))
                .withFairness(FairnessCheck.compare(results, base.fairness()));
        diff.lines().forEach(System.out::println);
        if (junitXml != null) {
            org.proxytorture.soak.Host h = org.proxytorture.soak.Host.probe(Version.implementationVersion());
            JUnitXml.write(junitXml, "proxytorture.gate." + gs.name(), results, diff, wall,
                    java.util.Map.of("harness", h.harnessVersion(), "commit", h.gitCommit(), "java", h.javaVersion(), "host", h.name()));
            // the diff as printed, statistical comparisons included (the XML has only what fails the gate): the report shows it
            write(junitXml.resolveSibling(JUnitXml.DIFF_FILE), diff.lines().isEmpty() ? "no difference from the baseline\n" : String.join("\n", diff.lines()) + "\n");
        }
        if (updateBaseline) write(baseFile, diff.updated(base, results).text());
        System.out.printf("gate %s: %s in %.1f s (%d runs)%s%n", gs.name(), diff.fails() ? "FAILED" : "PASSED", wall, results.size(),
                updateBaseline ? "; baseline " + baseFile + " updated" : "");
        return diff.fails() ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    private List<CrossJvm.Sample> crossJvm(List<GateResult> results, Path lockDir) {
        List<GateResult> sample = CrossJvm.sample(results, crossJvmEvery);
        if (sample.isEmpty()) return List.of();
        Path dir;
        try {
            dir = Files.createTempDirectory("proxytorture-crossjvm");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a directory for the cross-JVM re-runs: " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        List<CrossJvm.Sample> s = CrossJvm.check(sample, lockDir, ReplayFile.MODEL_VERSION, dir);
        long differ = s.stream().filter(CrossJvm.Sample::differs).count();
        System.out.printf("cross-JVM: %d runs re-run in a child JVM (%s): %s (%.1f s; %s)%n", s.size(), String.join(" ", CrossJvm.CHILD_FLAGS),
                differ == 0 ? "the same hashes" : differ + " differ", (System.nanoTime() - t0) / 1e9, dir);
        return s;
    }

    private static void print(GateResult r) {
        String what = switch (r.verdict()) {
            case PASSED -> "passed";
            case DETECTED -> "detected " + r.identity();
            case KNOWN -> "known failure " + r.identity();
            case NEW_FAILURE -> "NEW FAILURE " + r.identity();
            case NOT_DETECTED -> "NOT DETECTED" + (r.identity() == null ? "" : " (failed otherwise: " + r.identity() + ")");
        };
        String hash = switch (r.hashState()) {
            case UNPINNED -> "";
            case SAME -> ", pinned hash same";
            case MOVED -> ", pinned hash MOVED " + r.pinnedHash() + " -> " + r.hash();
            case NOT_IN_BASELINE -> ", pinned hash not in the baseline";
        };
        System.out.printf("  %-24s %s (hash %s, %d events, %d ms)%s%n", r.run().name(), what, r.hash(), r.events(), r.wallMs(), hash);
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the baseline " + file + ": " + e.getMessage(), e);
        }
    }
}
