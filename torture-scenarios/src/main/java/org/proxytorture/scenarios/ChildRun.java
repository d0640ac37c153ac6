package org.proxytorture.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.run.RunSummary;

/**
 * One scenario run in its own JVM (kvm-test-1-run.sh's role): the harness's {@code run} command
 * with the scenario's CPUs, HZ and kernel command line, its console (stdout and stderr) in
 * console.log, its choice list in choices.txt.gz (ChoiceLog compact text), its summary.json, for a failure explore's replay
 * file replay.json (replay and shrink take it, or the directory); the exact command in cmd.
 */
final class ChildRun {
    /** Children still running; destroyed if the runner itself is stopped (Ctrl-C), so none is left behind. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "torture-children"));
    }

    private final Job job;
    private final boolean choicesOnlyIfFailed;

    /** {@code choicesOnlyIfFailed}: the child writes choices.txt.gz only for a run that fails (--keep-choices failed). */
    ChildRun(Job job, boolean choicesOnlyIfFailed) {
        this.job = job;
        this.choicesOnlyIfFailed = choicesOnlyIfFailed;
    }

    /** The child's command line: the running JVM's java and class path, the harness's Main. */
    List<String> command() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-XX:-OmitStackTraceInFastThrow", "-cp", System.getProperty("java.class.path"),
                "org.proxytorture.cli.Main", "run",
                "--cpus", Integer.toString(job.cpus()), "--hz", Integer.toString(job.scenario().hz()),
                "--duration", job.durationNs() + "ns", "--seed", Long.toString(job.seed()),
                "--bootargs", job.commandLine().toString(), "--label", job.dirName(),
                "--summary-out", job.dir().resolve("summary.json").toString(),
                "--choices-out", job.dir().resolve("choices.txt.gz").toString(),
                "--replay-out", job.dir().resolve("replay.json").toString()));
        if (choicesOnlyIfFailed) cmd.add("--choices-only-if-failed");
        return List.copyOf(cmd);
    }

    RunSummary run() throws IOException, InterruptedException {
        Path dir = job.dir();
        Files.createDirectory(dir);
        if (job.notModelled() != null) {
            RunSummary s = RunSummary.notRun(job.dirName(), job.seed(), job.cpus(), job.scenario().hz(), job.durationNs(),
                    job.commandLine().toString(), "NOT_MODELLED", job.notModelled(), 0);
            Files.writeString(dir.resolve("summary.json"), s.toJson(), StandardCharsets.UTF_8);
            return s;
        }
        List<String> cmd = command();
        Files.writeString(dir.resolve("cmd"), shellQuote(cmd) + "\n", StandardCharsets.UTF_8);
        Path console = dir.resolve("console.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        LIVE.add(p);
        int rc;
        try {
            p.getOutputStream().close();
            rc = p.waitFor();
        } finally {
            LIVE.remove(p);
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        Path summary = dir.resolve("summary.json");
        RunSummary s;
        if ((rc == 0 || rc == 1) && Files.isRegularFile(summary)) {
            s = RunSummary.parse(Files.readString(summary, StandardCharsets.UTF_8)).withScenario(job.dirName(), wallMs);
        } else {
            String last = lastLine(console);
            s = RunSummary.notRun(job.dirName(), job.seed(), job.cpus(), job.scenario().hz(), job.durationNs(), job.commandLine().toString(),
                    rc == 2 ? "BAD_INPUT" : "CRASHED", "exit code " + rc + (last.isEmpty() ? "" : ": " + last), wallMs);
        }
        Files.writeString(summary, s.toJson(), StandardCharsets.UTF_8);
        return s;
    }

    private static String lastLine(Path console) throws IOException {
        if (!Files.isRegularFile(console)) return "";
        List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).trim();
        return "";
    }

    static String shellQuote(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) out.add(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        return String.join(" ", out);
    }
}
