package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** explore over the generations (issue 14): an unpinned scenario is tried under each in turn. */
@Tag("fast")
class GenerationRotationTest {
    private static final long MS = 1_000_000L;
    private static final String BOOT = "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1";

    @Test
    void anUnpinnedScenarioGoesThroughTheGenerationsThenWithoutDelayDequeue() {
        TortureTarget t = new TortureTarget(null, 4, 1000, 100 * MS, BOOT);
        assertTrue(t.rotates());
        assertEquals(BOOT + " proxytorture.proxy_variant=full", t.rotated(0).bootargs().toString());
        assertEquals(BOOT + " proxytorture.proxy_variant=migrate", t.rotated(1).bootargs().toString());
        assertEquals(BOOT + " proxytorture.proxy_variant=single-rq", t.rotated(2).bootargs().toString());
        assertEquals(BOOT + " proxytorture.proxy_variant=full proxytorture.sched_feat=NO_DELAY_DEQUEUE", t.rotated(3).bootargs().toString());
        assertEquals(BOOT + " proxytorture.proxy_variant=single-rq proxytorture.sched_feat=NO_DELAY_DEQUEUE", t.rotated(5).bootargs().toString());
        assertEquals(t.rotated(0), t.rotated(6), "then again");
    }

    @Test
    void aScenarioThatPinsBothIsEveryTry() {
        TortureTarget t = new TortureTarget("PROXY02", 8, 1000, 100 * MS, BOOT + " proxytorture.proxy_variant=migrate proxytorture.sched_feat=DELAY_DEQUEUE");
        assertFalse(t.rotates());
        for (int i = 0; i < 6; i++) assertEquals(t, t.rotated(i));
        TortureTarget off = new TortureTarget(null, 4, 1000, 100 * MS, BOOT + " sched_proxy_exec=0");
        assertEquals(BOOT + " sched_proxy_exec=0 proxytorture.sched_feat=NO_DELAY_DEQUEUE", off.rotated(3).bootargs().toString(), "the features still rotate");
    }

    @Test
    void theFailingTryKeepsItsOwnTarget() {
        TortureTarget t = new TortureTarget(null, 2, 1000, 200 * MS, BOOT + " locktorture.shuffle_interval=1 proxytorture.inject=B05");
        Explorer.Result r = Explorer.exploreFor(t::rotated, Strategies.byName("random", 3), 1, 3, 0, id -> id != null, null);
        assertTrue(r.found() != null, "B05 shows within three tries");
        assertSame(TortureTarget.class, r.found().target().getClass());
        assertEquals(t.rotated(r.found().index()), r.found().target());
    }
}
