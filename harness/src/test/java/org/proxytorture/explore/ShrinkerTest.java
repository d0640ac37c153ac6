package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
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
            return new Outcome(big >= 2 ? "synthetic/two-big[]" : null, 0, 0, 0, rec.log(), rec.kinds(), 0, 1, 1, List.of(), List.of());
        }
    }

    @Test
    void aPureFunctionShrinksToItsKnownMinimum() {
        Strategy random = new RandomStrategy();
        Explorer.Result r = Explorer.explore(new TwoBig(), random, 7, 10, 0, null, null);
        assertNotNull(r.found(), "random draws of choose(10) find two >= 3 at once");
        Outcome o = r.found().outcome();
        assertTrue(o.choices().nonZero() >= 2);
        Shrinker.Result s = new Shrinker(random, "", "synthetic/two-big[]", 10_000, Shrinker.MAX_STALL).shrink(new TwoBig(), o.choices(), o);
        assertArrayEquals(new int[] {3, 3}, s.choices(), "profile:\n" + String.join("\n", s.profile()));
        assertEquals("fixpoint", s.stopReason());
    }

    @Test
    void lockBustedOnEightCpusShrinksToAFewCpusTasksAndChoices() {
        TortureTarget t = new TortureTarget(null, 8, 1000, 1_000_000_000L,
                "locktorture.torture_type=lock_busted locktorture.nwriters_stress=16 torture.random_shuffle=1");
        Strategy random = new RandomStrategy();
        Explorer.Result r = Explorer.explore(t, random, 1, 5, 0, null, null);
        assertNotNull(r.found());
        Outcome o = r.found().outcome();
        String id = "warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]"; // locktorture's WARN, seen by the warn checker
        assertEquals(id, o.identity());
        Shrinker.Result s = new Shrinker(random, "", id, 20_000, Shrinker.MAX_STALL).shrink(t, o.choices(), o);
        assertEquals(id, s.outcome().identity());
        assertTrue(s.outcome().cpus() <= 4 && s.outcome().tasks() <= 6 && s.forced() <= 30,
                s.outcome().cpus() + " CPUs, " + s.outcome().tasks() + " tasks, " + s.forced() + " forced");
        assertTrue(Timeline.render(s.target(), s.choices(), s.outcome()).size() <= Timeline.MAX_LINES);
    }

    @Test
    void anAbbaDeadlockKeepsItsIdentityAndShrinksToOneForcedInversion() {
        Target t = new AbbaMachine(8, 8);
        Strategy random = new RandomStrategy();
        assertEquals(null, t.run(org.proxytorture.sim.ReplayChoices.of()).identity(), "the all-default run never inverts the order");
        Explorer.Result r = Explorer.explore(t, random, 3, 20, 0, null, null);
        assertNotNull(r.found(), "random schedules find the deadlock");
        Outcome o = r.found().outcome();
        assertTrue(o.identity().startsWith("deadlock/wait-for-cycle"), o.identity());
        Shrinker.Result s = new Shrinker(random, "", o.identity(), 25_000, Shrinker.MAX_STALL).shrink(t, o.choices(), o);
        assertEquals(o.identity(), s.outcome().identity());
        assertTrue(s.outcome().cpus() <= 4 && s.outcome().tasks() <= 6 && s.forced() <= 30,
                s.outcome().cpus() + " CPUs, " + s.outcome().tasks() + " tasks, " + s.forced() + " forced; profile:\n" + String.join("\n", s.profile()));
        assertEquals(2, s.outcome().cpus(), "two CPUs suffice for ABBA");
        assertEquals(2, s.outcome().tasks(), "no noise task is needed");
        List<String> tl = Timeline.render(s.target(), s.choices(), s.outcome());
        assertTrue(tl.size() <= Timeline.MAX_LINES, String.join("\n", tl));
    }
}
