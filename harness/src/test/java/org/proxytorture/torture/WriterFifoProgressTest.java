package org.proxytorture.torture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two SCHED_FIFO writers of one priority on one CPU, on a spinning lock (rwlock_t): the running
 * one sleeps only in locktorture's 1-in-2^20 schedule_timeout_uninterruptible(1), so the other
 * waits runnable for seconds by SCHED_FIFO's rules. That is CPU starvation by policy, not a
 * writer starved of the lock: the run is clean (explore --space found it as progress/starved at
 * model 18, shrunk to exactly this scenario with 0 forced choices).
 */
@Tag("fast")
class WriterFifoProgressTest {
    @Test
    void anEqualPrioFifoWriterWaitingBehindAnotherIsNotStarvedOfTheLock() {
        TortureRun run = TortureTypesTest.boot(1, 2_020_000_000L, "locktorture.torture_type=rw_lock locktorture.writer_fifo=1 locktorture.rt_boost=0"
                + " locktorture.stutter=0 sched_proxy_exec=0 locktorture.nreaders_stress=0 torture.random_shuffle=0 locktorture.nwriters_stress=2"
                + " locktorture.long_hold=0", 1);
        TortureResult r = run.run();
        assertTrue(r.success(), String.valueOf(r.failures()));
    }
}
