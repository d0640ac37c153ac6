package org.proxytorture.explore.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.CatalogShrink;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.RecordingChoices;
import org.proxytorture.explore.SparseChoices;
import org.proxytorture.explore.TortureTarget;
import org.junit.jupiter.api.Tag;

/**
 * What the shrinker's work shares and its sparsest fresh runs promise: a pass within a share of
 * the bound stops there and gives the rest back; a rare-events-only run forces nothing but rare
 * events, and B03's failure shows in such a run with a handful of them.
 */
@Tag("fast")
class BudgetAndDensityTest {

    @Test
    void aPassWithinAQuarterOfTheBoundStopsThereAndTheNextPassGetsTheRest() {
        Budget b = new Budget(2_000_000_000L);
        long run = 100_000_000L;
        int[] runs = {0};
        b.within(0.25, () -> {
            while (!b.allotmentSpent(run)) {
                b.charge(run);
                runs[0]++;
            }
            return false;
        });
        assertEquals(5, runs[0], "a quarter of 2 s of work, 100 ms of work a run, however long the runs took on the clock");
        assertFalse(b.allotmentSpent(run), "outside the pass the whole bound is left");
        assertFalse(b.boundSpent(1_500_000_000L), "1.5 s of work left");
        assertTrue(b.boundSpent(1_500_000_001L), "a run longer than what is left would end past the bound");
    }

    @Test
    void aRunCostsItsEventsAtTheNominalRate() {
        assertEquals(Budget.NS_PER_RUN, Budget.cost(0));
        assertEquals(1_000_000_000L + Budget.NS_PER_RUN, Budget.cost(2_500_000L),
                "2.5 M events cost one second of work: the nominal rate the README and the commands' --help name");
    }

    @Test
    void aRareEventsOnlyRunForcesNoWindowOrderNorWorkloadDraw() {
        Density d = Density.rareOnly(16);
        SparseChoices c = new SparseChoices(7, d.forcedOneIn(), d.agentOneIn(), d.rareThin(), d.burst());
        int rare = 0;
        for (int i = 0; i < 100_000; i++) {
            assertEquals(0, c.chooseAgent(new int[] {0, 1, 2, 3}, 4), "window order");
            assertEquals(0, c.choose(16), "workload draw");
            assertEquals(0, c.chooseLoad(2), "load");
            if (c.oneIn(10)) rare++;
        }
        assertTrue(rare > 300 && rare < 1000, "one in 10, 16 times rarer: about 625 in 100 000, not " + rare);
    }

    @Test
    void b03ShowsInABriefRareEventsOnlyRunWithAHandfulOfForcedChoices() {
        TortureTarget t = CatalogShrink.target(BugCatalog.B03, 100_000_000L);
        Outcome found = null;
        for (long seed = 1; seed <= 6 && found == null; seed++) {
            Density d = Density.rareOnly(64);
            Outcome o = t.run(new RecordingChoices(new SparseChoices(seed, d.forcedOneIn(), d.agentOneIn(), d.rareThin(), d.burst()), true));
            if (o.failed() && BugCatalog.B03.matches(o.identity())) found = o;
        }
        assertNotNull(found, "six 100 ms runs of B03's scenario, long holds and preemptions 64 times rarer, nothing else forced");
        long forced = ChoiceLists.forced(ChoiceLists.canonical(found.choices()));
        assertTrue(forced <= 8, forced + " forced choices (the dense random run that found B03 had 21654)");
    }
}
