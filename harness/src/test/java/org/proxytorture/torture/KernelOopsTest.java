package org.proxytorture.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.BugHunt;

/**
 * B11 (ttwu takes a task in flight for asleep) used to end some runs in a Java
 * NullPointerException inside the model before any checker fired. The kernel has WARNs exactly
 * where the race shows (attach_task(), move_queued_task()), and past them it dereferences NULL in
 * check_preempt_wakeup_fair(): both are now modelled by name.
 */
class KernelOopsTest {
    private static final long SEC = 1_000_000_000L;
    private static final String BOOT = "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 "
            + "locktorture.shuffle_interval=1 proxytorture.inject=B11";

    /**
     * Seed 2 hit the NPE at 26 ms; the attach_task() WARN saw the moved task at 20 ms. Since
     * DELAY_DEQUEUE changed the schedules, seed 2 no longer meets the race in 2 s; seed 1 sees it
     * at 44 ms.
     */
    @Test
    void b11IsCaughtByTheAttachTaskWarnNotByAJavaException() {
        BugHunt.Outcome o = BugHunt.run(BugCatalog.B11, 1, true, 2 * SEC);
        assertEquals("warn/attach_task: task_rq(p) != rq[]", o.first(), String.valueOf(o.failures()));
        assertTrue(o.detected());
    }

    /**
     * Left running past the WARN (no stop at the first violation), the kernel oopses by name and the
     * test ends. Seed 7 (2 before DELAY_DEQUEUE; seed 1 oopses in __dequeue_entity instead, on the
     * cfs_rq the stale task_cpu() corrupted) oopses here at 99 ms.
     */
    @Test
    void pastTheWarnTheKernelOopsesInCheckPreemptWakeupFair() {
        RunResult r = new TortureRun(new RunConfig(4, 1000, 2 * SEC, BOOT, 7, null), new Console(null, true)).run();
        assertFalse(r.success());
        assertTrue(r.failures().contains("Oops: BUG: kernel NULL pointer dereference in check_preempt_wakeup_fair"), String.valueOf(r.failures()));
        assertTrue(r.failures().stream().anyMatch(f -> f.startsWith("VIOLATION oops/BUG: kernel NULL pointer dereference in check_preempt_wakeup_fair")),
                String.valueOf(r.failures()));
        assertTrue(r.simNs() < SEC / 10, "the run ends at the oops (99 ms), got " + r.simNs());
    }
}
