package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.proxytorture.explore.BugCatalog;

/** bugs --space searches each entry where its fault can fire: its fault injected, its generation, window and torture type pinned if its scenario names a generation or a window. */
@Tag("fast")
class BugsSpaceTableTest {
    @Test
    void aFaultInTheMigrateGenerationsCodeIsSearchedUnderThatGeneration() {
        var space = BugsSpaceTable.spaceOf(BugCatalog.valueOf("B28"));
        assertEquals("workload=locktorture torture_type=mutex_lock generation=migrate", space.describePins());
        assertEquals("B28", space.injected());
    }

    @Test
    void aRaceThatNeedsAWideWindowIsSearchedWithIt() {
        var space = BugsSpaceTable.spaceOf(BugCatalog.valueOf("B32"));
        assertEquals("workload=locktorture torture_type=mutex_lock window_ns=20000", space.describePins());
        assertEquals("B32", space.injected());
    }

    @Test
    void aFaultOnTheSignalExitIsSearchedWithSignals() {
        var space = BugsSpaceTable.spaceOf(BugCatalog.valueOf("B17"));
        assertEquals("workload=locktorture torture_type=mutex_lock meddlers=signal", space.describePins());
        assertEquals("B17", space.injected());
    }

    @Test
    void aFaultOfTheDefaultGenerationIsSearchedOverTheWholeSpace() {
        var space = BugsSpaceTable.spaceOf(BugCatalog.valueOf("B05"));
        assertEquals("", space.describePins());
        assertEquals("B05", space.injected());
    }

    /** Every entry's pins are values the space accepts (a pinned torture type is read from the entry's own scenario). */
    @Test
    void everyEntryHasASpaceToBeSearchedIn() {
        for (BugCatalog bug : BugCatalog.values()) {
            var space = BugsSpaceTable.spaceOf(bug);
            assertEquals(bug == BugCatalog.LOCK_BUSTED ? "" : bug.id, space.injected(), bug.id);
        }
    }

    @Test
    void lockBustedPinsItsTortureTypeAndInjectsNothing() {
        var space = BugsSpaceTable.spaceOf(BugCatalog.LOCK_BUSTED);
        assertEquals("workload=locktorture torture_type=lock_busted", space.describePins());
        assertEquals("", space.injected());
    }
}
