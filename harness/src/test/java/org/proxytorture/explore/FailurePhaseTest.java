package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.cli.Main;
import org.proxytorture.run.FailureTime;
import org.proxytorture.sim.SeededChoices;
import org.junit.jupiter.api.Tag;

/**
 * A failure's report says when it came: during the test, or after it, while the kthreads were
 * stopping. Given B05 on a 5 ms test (4 CPUs, long_hold=1): seed 8 fails at 4.060 ms, during the
 * test; seed 14 fails at 9.238 ms, 4 ms into the stop grace. A replay of the second says so under
 * a header that gives the test's length, not the run's.
 */
@Tag("fast")
class FailurePhaseTest {
    private static final TortureTarget B05 = new TortureTarget(null, 4, 1000, 5_000_000L,
            "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1"
                    + " locktorture.long_hold=1 proxytorture.inject=B05");

    private static String machineLine(Outcome o) {
        return Timeline.render(B05, o.choices().toArray(), o).stream().filter(l -> l.startsWith("machine: ")).findFirst().orElseThrow();
    }

    @Test
    void aFailureDuringTheTestSaysSo() {
        Outcome o = B05.run(new SeededChoices(8));
        assertTrue(o.failed());
        assertEquals(FailureTime.Phase.TEST, o.when().phase());
        assertEquals(4_060_000L, o.when().atNs() / 1000 * 1000);
        assertTrue(machineLine(o).endsWith("; failed at 0.004060 s, during the test"), machineLine(o));
    }

    @Test
    void aFailureInTheStopGraceSaysSoAndItsReplayToo(@TempDir Path dir) {
        Outcome o = B05.run(new SeededChoices(14));
        assertTrue(o.failed());
        assertEquals(FailureTime.Phase.STOP_GRACE, o.when().phase());
        assertEquals(5_000_000L, o.when().testEndNs());
        String line = machineLine(o);
        assertTrue(line.endsWith("; failed at 0.009238 s, in the stop grace: 4 ms after the test ended at 0.005000 s,"
                + " while kthread_stop() waited for the kthreads"), line);
        Path file = dir.resolve("b05.json");
        ReplayFile.of(B05, 14, "random", "", o.choices(), o, false).write(file);
        var out = new java.io.ByteArrayOutputStream();
        var old = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            code = Main.execute("replay", file.toString());
        } finally {
            System.setOut(old);
        }
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_FAILURE, code, text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("replay: 4 CPUs, HZ=1000, a 5 ms test (simulated), bootargs"), lines.get(0));
        assertTrue(text.contains(line), "the replay's header is the exploration's: " + text);
    }

    @Test
    void thePhasesInWords() {
        assertEquals("failed at 1.500000 s, at the end: the end checks and lock_torture_cleanup(), after the test ended at 1.000000 s"
                + " and the kthreads stopped", new FailureTime(1_500_000_000L, 1_000_000_000L, FailureTime.Phase.END).describe());
        assertEquals("", FailureTime.NONE.describe());
    }
}
