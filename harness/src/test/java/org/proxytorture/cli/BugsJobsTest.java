package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bugs --jobs and explore --jobs (issue 18): the detection table's verdicts and what fired do not
 * depend on the number of workers (the wall-time columns do); a bad count is bad input.
 */
class BugsJobsTest {
    /** The table without its wall-time columns (which a second worker changes). */
    private static List<String> verdicts(CliTest.Outcome o) {
        return o.out().lines().map(l -> l.length() > 130 ? l.substring(0, 130) : l).toList();
    }

    @Test
    void twoWorkersGiveOneWorkersTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String[] args = {"bugs", "--only", "B05,lock_busted", "--seeds", "2", "--duration", "300ms", "--out", dir.toString()};
        CliTest.Outcome one = CliTest.execute(args);
        CliTest.Outcome two = CliTest.execute(concat(args, "--jobs", "2"));
        assertEquals(Main.EXIT_OK, one.code(), one.out() + one.err());
        assertEquals(verdicts(one), verdicts(two));
        assertTrue(one.out().contains("placement/P2[task=lock_torture_wr]") && one.out().contains("every entry detected, every clean run passed"), one.out());
    }

    @Test
    void aBadWorkerCountIsOneLine() {
        CliTest.assertBadInput(CliTest.execute("bugs", "--jobs", "0"), "--jobs=0");
        CliTest.assertBadInput(CliTest.execute("explore", "--jobs", "300"), "--jobs=300");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
