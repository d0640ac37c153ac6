package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's shard acceptance: three shards run as separate processes (one with --shard 0/3, one
 * as a Kubernetes Indexed Job's pod, one as a Slurm array task) and merged equal one unsharded
 * soak of the same range: the same runs, the same failures with the same counts.
 */
class SoakShardTest {
    @TempDir
    Path tmp;

    private List<String> soak(Path dir, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("soak", "--config-dir", SoakFixture.configDir(tmp).toString(), "--configs", "CFLIST.tiny",
                "--inject", "B05", "--duration", "20ms", "--runs", "9", "--jobs", "1", "--shrink-time", "1s", "--results", dir.toString()));
        a.addAll(List.of(more));
        return a;
    }

    /** {@code proxytorture args} in its own JVM with {@code env} (and no job engine's variables but these); its exit code. */
    private static int process(List<String> args, Map<String, String> env, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-OmitStackTraceInFastThrow",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String k : List.of("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT")) pb.environment().remove(k);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", args));
        }
        return p.exitValue();
    }

    @Test
    void threeShardProcessesMergedAreTheUnshardedSoak() throws Exception {
        Path whole = tmp.resolve("whole");
        Path[] shards = {tmp.resolve("s0"), tmp.resolve("s1"), tmp.resolve("s2")};
        assertEquals(Main.EXIT_FAILURE, CliTest.execute(soak(whole).toArray(String[]::new)).code());
        List<Integer> codes = List.of(
                process(soak(shards[0], "--shard", "0/3"), Map.of(), tmp.resolve("s0.out")),
                process(soak(shards[1], "--shard", "auto/3"), Map.of("JOB_COMPLETION_INDEX", "1"), tmp.resolve("s1.out")),
                process(soak(shards[2], "--shard", "auto"), Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "3"), tmp.resolve("s2.out")));
        for (int i = 0; i < 3; i++)
            assertTrue(codes.get(i) == Main.EXIT_OK || codes.get(i) == Main.EXIT_FAILURE,
                    "shard " + i + " exited " + codes.get(i) + ": " + java.nio.file.Files.readString(tmp.resolve("s" + i + ".out"), StandardCharsets.UTF_8));
        assertEquals(Set3.of("0 3 6", "1 4 7", "2 5 8"), Set3.of(String.join(" ", SoakFixture.strings(shards[0], "SELECT seq FROM runs")),
                String.join(" ", SoakFixture.strings(shards[1], "SELECT seq FROM runs")), String.join(" ", SoakFixture.strings(shards[2], "SELECT seq FROM runs"))));

        Path merged = tmp.resolve("merged");
        CliTest.Outcome m = CliTest.execute("soak", "merge", merged.toString(), shards[0].toString(), shards[1].toString(), shards[2].toString());
        assertEquals(Main.EXIT_FAILURE, m.code(), m.err() + m.out());
        assertEquals(SoakFixture.rows(whole), SoakFixture.rows(merged));
        String failures = "SELECT identity || ' ' || count FROM failures";
        assertEquals(SoakFixture.strings(whole, failures), SoakFixture.strings(merged, failures));
        for (String f : SoakFixture.strings(merged, "SELECT reproducer FROM failures"))
            assertTrue(java.nio.file.Files.isRegularFile(merged.resolve(f)), "the best reproducer is copied: " + f);
    }

    /** Order-free comparison of three strings. */
    private static final class Set3 {
        static java.util.Set<String> of(String a, String b, String c) {
            return new java.util.TreeSet<>(List.of(a, b, c));
        }
    }
}
