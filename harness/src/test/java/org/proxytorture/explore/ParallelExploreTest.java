package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.check.Identity;
import org.proxytorture.sim.ChoiceSource;

/**
 * explore --jobs (issue 18): random's tries on several workers give the result one worker gives
 * (the same failing try, the same other failures on the way, the same count), and the progress
 * lines come in try order.
 */
class ParallelExploreTest {
    /** Draws 8 choices of 0..9; fails "big" when their sum is over 56, "odd" when the first is 7. */
    private static final Target DICE = new Target() {
        @Override
        public String describe() {
            return "dice";
        }

        @Override
        public Outcome run(ChoiceSource choices) {
            RecordingChoices rec = (RecordingChoices) choices;
            int sum = 0, first = -1;
            for (int k = 0; k < 8; k++) {
                int v = rec.choose(10);
                if (first < 0) first = v;
                sum += v;
            }
            Identity id = sum > 56 ? Identity.of("dice", "big") : first == 7 ? Identity.of("dice", "odd") : null;
            return new Outcome(id, sum, 8, 0, rec.log(), rec.kinds(), 0, 1, 1, List.of(), List.of());
        }
    };

    private static String run(int jobs, int maxTries, String wanted, List<String> progress) {
        Explorer.Result r = Explorer.exploreWhere(i -> DICE, new RandomStrategy(), 42, maxTries, 0, (t, o) -> o.identity().invariant().equals(wanted),
                (i, t, target, o) -> progress.add(i + ":" + o.identity()), jobs);
        return (r.found() == null ? "none" : r.found().index() + " " + r.found().outcome().hashHex() + " " + r.found().seed()) + " tries " + r.tries()
                + " others " + r.otherFailures();
    }

    @Test
    void randomTriesOnThreeWorkersFindWhatOneFinds() {
        List<String> one = new ArrayList<>(), three = new ArrayList<>();
        String a = run(1, 10_000, "big", one), b = run(3, 10_000, "big", three);
        assertEquals(a, b);
        assertEquals(one, three, "the progress lines, in try order");
        assertTrue(!a.startsWith("none") && a.endsWith("others [dice/odd[]]") && one.size() > 3, "found after a few tries, odd on the way: " + a);
    }

    @Test
    void aBoundedCleanSearchCountsTheSameTries() {
        List<String> one = new ArrayList<>(), four = new ArrayList<>();
        String a = run(1, 50, "never", one), b = run(4, 50, "never", four);
        assertEquals(a, b);
        assertEquals(50, four.size());
        assertTrue(a.startsWith("none tries 50 others [dice/"), a);
    }
}
