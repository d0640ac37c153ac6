package org.proxytorture.explore.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.proxytorture.explore.Explorer;
import org.proxytorture.explore.Strategies;
import org.proxytorture.explore.Strategy;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.explore.shrink.Shrinker;

/**
 * Shrinking across the scenario space (issue 16 item 5): a failure that needs none of a drawn
 * scenario's features ends at the smallest scenario that keeps its identity: features off, the
 * simplest generation, HZ back to 1000, fewer CPUs.
 */
class SpaceShrinkTest {
    @Test
    void aFailureThatNeedsNoFeatureLosesThemAll() {
        TortureTarget drawn = new TortureTarget(null, 4, 250, 200_000_000L, "locktorture.torture_type=lock_busted locktorture.writer_fifo=1"
                + " locktorture.bind_writers=0-1 proxytorture.writer_cpu_weight=100 proxytorture.setprio_interval=10"
                + " proxytorture.sched_feat=NO_DELAY_DEQUEUE proxytorture.memory_model=sc sched_proxy_exec=1 proxytorture.proxy_variant=migrate");
        Strategy st = Strategies.byName("random", 3);
        Explorer.Result r = Explorer.explore(drawn, st, 1, 20, 0, null, null);
        assertNotNull(r.found(), "lock_busted fails");
        Explorer.Found f = r.found();
        Shrinker.Result s = new Shrinker(st, f.params(), f.outcome().identity(), 120_000, Shrinker.MAX_STALL).shrink(drawn, f.outcome().choices(), f.outcome());
        assertEquals(f.outcome().identity(), s.outcome().identity());
        TortureTarget min = (TortureTarget) s.target();
        String b = min.bootargs().toString();
        for (String gone : new String[] {"writer_fifo=1", "bind_writers", "writer_cpu_weight", "setprio_interval", "sched_feat", "memory_model", "proxy_variant=migrate"})
            assertFalse(b.contains(gone), gone + " left in " + b);
        assertTrue(b.contains("sched_proxy_exec=0"), b);
        assertEquals(1000, min.hz());
        assertTrue(min.cpus() <= 2, min.describe());
    }
}
