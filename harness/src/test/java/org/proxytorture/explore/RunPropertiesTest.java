package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.sim.SeededChoices;

/**
 * The shipped run properties: each holds of a clean run, and each sees what it exists for (a
 * lock still held, a latency over its bound).
 */
class RunPropertiesTest {
    private static final long MS = 1_000_000L;
    private static final TortureTarget NESTED = new TortureTarget(null, 3, 1000, 100 * MS,
            "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1");

    private static RunProperty.Run tried(TortureTarget t, long seed) {
        return new RunProperty.Run(t, seed, t.run(new SeededChoices(seed)));
    }

    @Test
    void eachPropertyHoldsOfACleanRun() {
        RunProperty.Run run = tried(NESTED, 3);
        assertFalse(run.outcome().failed(), run.outcome().report().toString());
        for (RunProperty p : List.of(RunProperties.sameSeedSameHash(), RunProperties.replaySameHash(), RunProperties.checkersOnlyRead(),
                RunProperties.locksReleased(), RunProperties.proxyLatencyWithin(0)))
            assertNull(p.check(run), p.name());
    }

    @Test
    void theDeterminismPropertiesHoldOfAFailingRunToo() {
        TortureTarget busted = new TortureTarget(null, 2, 1000, 100 * MS, "locktorture.torture_type=lock_busted");
        RunProperty.Run run = tried(busted, 1);
        assertTrue(run.outcome().failed());
        assertFalse(RunProperties.sameSeedSameHash().runMustPass());
        assertNull(RunProperties.sameSeedSameHash().check(run));
        assertNull(RunProperties.replaySameHash().check(run));
    }

    @Test
    void locksStillHeldAreReported() {
        // a run that stops at its first failure (exploration does) stops with writers inside their critical sections
        TortureTarget s02 = new TortureTarget(null, 2, 1000, 500 * MS, "locktorture.torture_type=mutex_lock locktorture.nested_locks=2 proxytorture.inject=S02");
        RunProperty.Run run = tried(s02, 2);
        assertEquals("derived/D1[lock=nested_mutex_key]", String.valueOf(run.outcome().identity()), "S02 is caught, 30 ms in");
        RunProperty.Broken b = RunProperties.locksReleased().check(run);
        assertNotNull(b, "stopped at " + run.outcome().identity() + " with a lock held");
        assertTrue(b.report().get(0).startsWith("at the end of the run"), b.report().toString());
        assertEquals(List.of("  nested_mutex_key#0: lock_torture_wr:5 acquired 1 more times than released",
                "  nested_mutex_key#1: lock_torture_wr:5 acquired 1 more times than released"), b.report().subList(1, b.report().size()));
        assertEquals(List.of("lock=nested_mutex_key"), b.roles(), "the lock classes, without the instance numbers (stable while shrinking)");
    }

    @Test
    void theLatencyBoundIsInTicksOverTheBaseline(@TempDir Path db) {
        // one CPU, the background renaming on the same mutex: the migrate generation's foreground
        // waits a little longer than without proxy execution, less than a tick more (1007.1 us ->
        // 1008.1 us at HZ=1000, seed 1, model 16)
        TortureTarget contention = new TortureTarget(null, 1, 1000, 100 * MS,
                "proxytorture.workload=pidemo proxytorture.pidemo_case=contention sched_proxy_exec=1 proxytorture.proxy_variant=migrate");
        RunProperty.Run run = tried(contention, 1);
        assertNull(RunProperties.proxyLatencyWithin(1).check(run));
        RunProperty.Broken b = RunProperties.proxyLatencyWithin(0).check(run);
        assertNotNull(b);
        assertEquals(List.of("case=contention"), b.roles());
        assertTrue(b.report().get(0).startsWith("proxy migrate's worst foreground latency 1008.1 us exceeds sched_proxy_exec=0's 1007.1 us + 0 ticks of 1000 us"),
                b.report().get(0));

        var out = new ByteArrayOutputStream();
        AssertionError e = assertThrows(AssertionError.class, () -> PropertyCheck.of("latency0", contention).holds(RunProperties.proxyLatencyWithin(0))
                .tries(1).seed(1).database(db).log(new PrintStream(out, true, StandardCharsets.UTF_8)).check());
        assertTrue(e.getMessage().startsWith("property latency0 failed: property/proxy-latency-within-0-ticks[case=contention] (seed 1, try 1 of 1"), e.getMessage());
        assertTrue(e.getMessage().contains("(the run, its hash and trace; the property itself is checked by this test)"), e.getMessage());
    }
}
