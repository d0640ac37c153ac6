package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.proxytorture.kernel.harness.Faults;

/**
 * One specification per catalog entry: given its scenario and seeded random choices (the default
 * exploration), with the fault injected the expected checker fires first within a short run (or,
 * for an entry caught on some seeds only, within the runs {@code bugs} makes); the same seed
 * without the fault passes. A synthetic entry declared not detected yet is asserted to be
 * still missed.
 */
class BugCatalogTest {
    private static final long SEC = 1_000_000_000L;
    /** Seeds tried with the fault; the first that detects it is the one re-run clean. */
    private static final int SEEDS = 3;
    /**
     * What {@code scripts/proxytorture bugs} runs by default (README: --seeds 5 --duration 10s): an
     * entry caught only there is caught; tried only when the short runs miss (S12 was, 1 of 5 seeds
     * at 8.95 s, until its entry ran LOCK03 with long_hold=0).
     */
    private static final int BUGS_SEEDS = 5;
    private static final long BUGS_NS = 10 * SEC;

    @ParameterizedTest(name = "{0}")
    @EnumSource(BugCatalog.class)
    void theInjectedFaultIsCaughtByItsCheckerAndTheSameSeedPassesWithoutIt(BugCatalog bug) {
        if (bug.notDetectedYet()) {
            theFaultIsStillMissed(bug);
            return;
        }
        List<String> seen = new ArrayList<>();
        BugHunt.Outcome hit = null;
        for (long seed = 1; seed <= SEEDS && hit == null; seed++) {
            BugHunt.Outcome o = BugHunt.run(bug, seed, true, 3 * SEC);
            seen.add("seed " + seed + ": " + o.first());
            if (o.detected()) hit = o;
        }
        for (long seed = 1; seed <= BUGS_SEEDS && hit == null; seed++) {
            BugHunt.Outcome o = BugHunt.run(bug, seed, true, BUGS_NS);
            seen.add("seed " + seed + " (10 s): " + o.first());
            if (o.detected()) hit = o;
        }
        assertTrue(hit != null, () -> bug.id + ": expected " + bug.expected + " to fire first; got " + seen);
        BugHunt.Outcome clean = BugHunt.run(bug, hit.seed(), false, 2 * SEC);
        assertTrue(clean.success(), () -> bug.id + " without the fault, seed " + clean.seed() + ": " + clean.first() + " " + clean.failures());
    }

    /**
     * A synthetic entry declared not detected yet (a known miss of the synthetic-rate measurement):
     * with its fault, nothing fires in the seeds a caught entry gets. A checker that starts seeing
     * it fails this, so that the entry is updated (notDetectedYet() dropped, its identities set).
     */
    private static void theFaultIsStillMissed(BugCatalog bug) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            BugHunt.Outcome o = BugHunt.run(bug, seed, true, 3 * SEC);
            assertTrue(o.first() == null && o.success(), () -> bug.id + " is declared not detected yet, but seed " + o.seed() + " found "
                    + o.first() + " " + o.failures() + ": update the catalog entry");
        }
    }

    @Test
    void everyFaultHasAnEntryAndEveryEntryItsFault() {
        List<String> faults = new ArrayList<>();
        for (BugCatalog b : BugCatalog.values()) if (b.fault() != null) faults.add(b.fault());
        assertEquals(Faults.IDS, faults);
        for (BugCatalog b : BugCatalog.values()) assertTrue(!b.expected.isEmpty() && !b.story.isEmpty() && !b.note.isEmpty(), b.id);
    }

    @Test
    void unknownFaultsAreNamedWithTheAcceptedOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Faults.parse("B05,B99"));
        assertTrue(e.getMessage().startsWith("unknown fault B99 (accepted: B01 "), e.getMessage());
        assertTrue(Faults.parse("b05, B23").b05 && Faults.parse("B05,B23").b23 && !Faults.parse("B05").b23);
        assertEquals("none", Faults.parse("").toString());
    }
}
