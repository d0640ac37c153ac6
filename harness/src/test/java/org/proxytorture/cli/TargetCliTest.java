package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * explore --target as a user meets it: the best score printed at the end, the same exploration
 * twice from one seed, a failure filed under the targeted strategy's name and replayed exactly,
 * and an unknown score refused with the accepted names.
 */
@Tag("fast")
class TargetCliTest {
    private static final String[] NESTED = {"--cpus", "2", "--duration", "20ms", "--bootargs",
        "locktorture.torture_type=mutex_lock locktorture.nested_locks=2 locktorture.nwriters_stress=4 proxytorture.proxy_variant=full"};

    private static String[] explore(String... more) {
        String[] args = new String[1 + NESTED.length + more.length];
        args[0] = "explore";
        System.arraycopy(NESTED, 0, args, 1, NESTED.length);
        System.arraycopy(more, 0, args, 1 + NESTED.length, more.length);
        return args;
    }

    /** --score: plain random's best over the same tries, the figure a targeted search is judged against. */
    @Test
    void aPlainExplorationReportsItsBestScoreWithoutClimbing() {
        String[] args = {"explore", "--cpus", "2", "--duration", "20ms", "--tries", "12", "--score", "proxy_chain", "--expect", "none/none", "--bootargs",
            "locktorture.torture_type=mutex_lock locktorture.nested_locks=2 locktorture.nwriters_stress=4 proxytorture.proxy_variant=full proxytorture.sched_feat=DELAY_DEQUEUE"};
        CliTest.Outcome o = CliTest.execute(args);
        assertEquals(Main.EXIT_OK, o.code(), o.out() + o.err());
        assertTrue(o.out().matches("(?s).*\nexplore: best proxy_chain \\d+ at try \\d+ \\(random, no climbing\\)\n.*"), o.out());
        assertTrue(o.out().contains("explore: try 10 (seed "), o.out());
        assertTrue(o.out().matches("(?s).*explore: try 10 \\(seed -?\\d+\\): passed.*, proxy_chain \\d+\n.*"), o.out());
        CliTest.Outcome bad = CliTest.execute(explore("--tries", "1", "--score", "chain"));
        assertEquals(Main.EXIT_BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("--score=chain: unknown score (accepted: proxy_chain|"), bad.err());
    }

    @Test
    void aTargetedExplorationPrintsItsBestScoreAndRepeatsFromItsSeed() {
        String[] args = explore("--tries", "12", "--target", "proxy_chain", "--expect", "none/none", "--verbose");
        CliTest.Outcome o = CliTest.execute(args);
        assertEquals(Main.EXIT_OK, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("strategy random, target proxy_chain, seed 1"), o.out());
        assertTrue(o.out().contains("--target runs every try as given, not rotated"), o.out());
        assertTrue(o.out().matches("(?s).*\nexplore: best proxy_chain \\d+ at try \\d+\n.*"), o.out());
        assertTrue(o.out().contains("target proxy_chain: 2 climbs"), o.out());
        assertEquals(o.out(), CliTest.execute(args).out(), "the same seed, the same exploration");
    }

    @Test
    void aFailureIsFiledUnderTheTargetedStrategyAndReplays(@TempDir Path dir) {
        CliTest.Outcome o = CliTest.execute("explore", "--cpus", "2", "--duration", "50ms", "--bootargs", "locktorture.torture_type=lock_busted",
                "--tries", "3", "--target", "lock_wait_ns", "--no-shrink", "--out", dir.toString());
        assertEquals(Main.EXIT_FAILURE, o.code(), o.out() + o.err());
        Path found = dir.resolve("failure-target-lock_wait_ns-seed1-try1.json");
        assertTrue(Files.isRegularFile(found), o.out());
        CliTest.Outcome r = CliTest.execute("replay", found.toString());
        assertEquals(Main.EXIT_FAILURE, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("replay: reproduced exactly: event hash "), r.out());
    }

    @Test
    void anUnknownScoreIsBadInput() {
        CliTest.assertBadInput(CliTest.execute(explore("--tries", "1", "--target", "depth")),
                "--target=depth: unknown score (accepted: proxy_chain|lock_wait_ns|donor_migrations|pidemo_max_latency_ns)");
        CliTest.assertBadInput(CliTest.execute("explore", "--space", "--tries", "1", "--target", "proxy_chain"), "--target");
    }
}
