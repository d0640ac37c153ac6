package org.proxytorture.explore;

import org.proxytorture.check.Identity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.explore.shrink.ChoiceLists;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.sim.ChoiceSource;

/**
 * The shrinker, on a pure function of a choice list whose minimum is known, and on real failing
 * runs (locktorture's lock_busted, a test-only ABBA deadlock): the identity stays, and the result
 * is small.
 */
class ShrinkerTest {
    /**
     * Fails ("synthetic/two-big") once two of its 100 draws of choose(10) are >= 3, and stops
     * there. The simplest failing list is [3, 3]: two forced choices, nothing before them.
     */
    record TwoBig() implements Target {
        @Override
        public String describe() {
            return "two draws >= 3";
        }

        @Override
        public Outcome run(ChoiceSource c) {
            RecordingChoices rec = c instanceof RecordingChoices r ? r : new RecordingChoices(c, false);
            int big = 0;
            for (int i = 0; i < 100 && big < 2; i++) if (rec.choose(10) >= 3) big++;
            return new Outcome(big >= 2 ? Identity.of("synthetic", "two-big") : null, 0, 0, 0, rec.log(), rec.kinds(), 0, 1, 1, List.of(), List.of());
        }
    }

    @Test
    void aPureFunctionShrinksToItsKnownMinimum() {
        Strategy random = new RandomStrategy();
        Explorer.Result r = Explorer.explore(new TwoBig(), random, 7, 10, 0, null, null);
        assertNotNull(r.found(), "random draws of choose(10) find two >= 3 at once");
        Outcome o = r.found().outcome();
        assertTrue(o.choices().nonZero() >= 2);
        Shrinker.Result s = new Shrinker(random, "", Identity.of("synthetic", "two-big"), 10_000, Shrinker.MAX_STALL).shrink(new TwoBig(), o.choices(), o);
        assertArrayEquals(new int[] {3, 3}, s.choices(), "profile:\n" + String.join("\n", s.profile()));
        assertEquals(Shrinker.Stop.FIXPOINT, s.stop());
    }

    @Test
    void lockBustedOnEightCpusShrinksToAFewCpusTasksAndChoices() {
        TortureTarget t = new TortureTarget(null, 8, 1000, 1_000_000_000L,
                "locktorture.torture_type=lock_busted locktorture.nwriters_stress=16 torture.random_shuffle=1");
        Strategy random = new RandomStrategy();
        Explorer.Result r = Explorer.explore(t, random, 1, 5, 0, null, null);
        assertNotNull(r.found());
        Outcome o = r.found().outcome();
        Identity id = Identity.of("warn", "lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)"); // locktorture's WARN, seen by the warn checker
        assertEquals(id, o.identity());
        Shrinker.Result s = new Shrinker(random, "", id, 20_000, Shrinker.MAX_STALL).shrink(t, o.choices(), o);
        assertEquals(id, s.outcome().identity());
        assertTrue(s.outcome().cpus() <= 4 && s.outcome().tasks() <= 6 && s.forced() <= 30,
                s.outcome().cpus() + " CPUs, " + s.outcome().tasks() + " tasks, " + s.forced() + " forced");
        assertTrue(Timeline.render(s.target(), s.choices(), s.outcome()).size() <= Timeline.MAX_LINES);
    }

    /** The bound is counted in emulated work, not on the clock: a shrink cut by it ends at the same list every time, on any machine. */
    @Test
    void aShrinkCutByItsBoundEndsAtTheSameListEveryTime() {
        TortureTarget t = CatalogShrink.target(BugCatalog.B11, 2_000_000_000L);
        Strategy random = new RandomStrategy();
        Explorer.Result r = Explorer.explore(t, random, 1, 5, 0, null, null);
        assertNotNull(r.found(), "B11 in 5 tries of 2 s");
        Outcome o = r.found().outcome();
        Shrinker.Result[] two = new Shrinker.Result[2];
        for (int i = 0; i < 2; i++) two[i] = new Shrinker(random, "", o.identity(), 1_000, Shrinker.MAX_STALL, 600_000).shrink(t, o.choices(), o);
        assertEquals(Shrinker.Stop.TIME_BOUND, two[0].stop(), "one second of work does not shrink B11 to a fixpoint");
        assertEquals(two[0].calls(), two[1].calls());
        assertArrayEquals(two[0].choices(), two[1].choices());
        assertEquals(two[0].outcome().eventHash(), two[1].outcome().eventHash());
    }

    @Test
    void anAbbaDeadlockKeepsItsIdentityAndShrinksToOneForcedInversion() {
        Target t = new AbbaMachine(8, 8);
        Strategy random = new RandomStrategy();
        assertEquals(null, t.run(org.proxytorture.sim.ReplayChoices.of()).identity(), "the all-default run never inverts the order");
        Explorer.Result r = Explorer.explore(t, random, 3, 20, 0, null, null);
        assertNotNull(r.found(), "random schedules find the deadlock");
        Outcome o = r.found().outcome();
        assertEquals("deadlock/wait-for-cycle", o.identity().kind(), o.identity().toString());
        Shrinker.Result s = new Shrinker(random, "", o.identity(), 25_000, Shrinker.MAX_STALL).shrink(t, o.choices(), o);
        assertEquals(o.identity(), s.outcome().identity());
        assertTrue(s.outcome().cpus() <= 4 && s.outcome().tasks() <= 6 && s.forced() <= 30,
                s.outcome().cpus() + " CPUs, " + s.outcome().tasks() + " tasks, " + s.forced() + " forced; profile:\n" + String.join("\n", s.profile()));
        assertEquals(2, s.outcome().cpus(), "two CPUs suffice for ABBA");
        assertEquals(2, s.outcome().tasks(), "no noise task is needed");
        List<String> tl = Timeline.render(s.target(), s.choices(), s.outcome());
        assertTrue(tl.size() <= Timeline.MAX_LINES, String.join("\n", tl));
    }

    @Test
    void aWorkloadBurstDrawsItsFirstDecisionsUniformlyThenTheDefaults() {
        SparseChoices c = new SparseChoices(11, 1 << 30, 4096, 16, 8);
        int[] first = new int[8];
        for (int i = 0; i < 8; i++) {
            first[i] = c.choose(16);
            c.chooseAgent(new int[] {0, 1}, 2); // window decisions are not part of the burst
            assertEquals(0, c.choose(1), "a choose(1) is no decision and not part of the burst");
        }
        assertTrue(java.util.Arrays.stream(first).filter(v -> v != 0).count() >= 6, java.util.Arrays.toString(first));
        for (int i = 0; i < 10_000; i++) assertEquals(0, c.choose(16), "after the burst every workload draw is the default");
    }

    @Test
    void b28ShowsInABriefWorkloadBurstWithFewForcedChoicesWhereADenseWorkloadNeedsThousands() {
        // the catalog's B28 scenario with random_shuffle off (its masks keep writers off CPUs) and 10 ms runs
        TortureTarget t = CatalogShrink.target(BugCatalog.B28, 10_000_000L).with("torture.random_shuffle", "0");
        Outcome burst = null;
        for (long seed = 1; seed <= 400 && burst == null; seed++) {
            Outcome o = t.run(new RecordingChoices(new SparseChoices(seed, 1 << 30, 4096, 16, 45), true));
            if (o.failed() && BugCatalog.B28.matches(o.identity())) burst = o;
        }
        assertNotNull(burst, "400 bursts of 45 lockset masks on 4 CPUs and 8 writers");
        long forced = ChoiceLists.forced(ChoiceLists.canonical(burst.choices()));
        assertTrue(forced <= 45 + 10, forced + " forced choices: the burst's masks and a few window decisions and rare events");
        Outcome dense = t.run(new RecordingChoices(new SparseChoices(1, 1, 4096, 16), true));
        long denseForced = ChoiceLists.forced(ChoiceLists.canonical(dense.choices()));
        assertTrue(denseForced > 10 * forced, "a workload-dense run, failing or not, forces a mask per acquisition: " + denseForced);
    }

    @Test
    void aFailureInTheEndPhaseGetsNoMoreRoomThanTheTestItself() {
        TortureTarget t = CatalogShrink.target(BugCatalog.B28, 10_000_000L);
        Outcome late = new Outcome(Identity.of("warn", "x"), 0, 0, 600_000_000L, org.proxytorture.sim.ChoiceLog.of(new int[0]), new byte[0], 0, 4, 8, List.of(), List.of());
        assertEquals(30_000_000L, t.withRoom(late).durationNs(), "a failure 590 ms into the stop grace: twice the 10 ms test, plus 10 ms");
        Outcome early = new Outcome(Identity.of("warn", "x"), 0, 0, 7_000_000L, org.proxytorture.sim.ChoiceLog.of(new int[0]), new byte[0], 0, 4, 8, List.of(), List.of());
        assertEquals(24_000_000L, t.withRoom(early).durationNs());
        assertEquals(5_000_000L, t.brief(5_000_000L).durationNs());
        assertEquals(10_000_000L, t.brief(50_000_000L).durationNs(), "brief never lengthens a run");
    }

    @Test
    void kthreadStopWakesASleepingKthreadSoTheEndPhaseDoesNotSleepOutItsHoldoff() {
        // torture_onoff sleeps in its 30 s holdoff when the 100 ms test ends; kthread_stop() wakes it,
        // so it stops at once and is neither called hung nor waited for
        TortureTarget t = new TortureTarget(null, 4, 1000, 100_000_000L,
                "locktorture.torture_type=spin_lock locktorture.onoff_interval=3 locktorture.onoff_holdoff=30");
        Outcome o = t.run(org.proxytorture.sim.ReplayChoices.of());
        assertEquals(null, o.identity(), String.join("\n", o.report()));
        assertTrue(o.simNs() < 1_000_000_000L, "the end phase slept out the holdoff: " + o.simNs());
    }
}
