package org.proxytorture.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.proxytorture.check.Checks;
import org.proxytorture.config.BootArgs;
import org.proxytorture.torture.TortureParams;
import org.junit.jupiter.api.Tag;

/**
 * The hung-task timeout and the progress window scale with the run (issue 14): a 60 s run keeps
 * the kernel's 20 s and locktorture's 30 s; a short exploration run gets half its length, never
 * less than 1 s (hung task; 2 sched_rt_periods where an RT task can run) or 2 s plus a stutter
 * period (progress: the writers pause that long); both grow with the writers' CPU bandwidth limit.
 */
@Tag("fast")
class LivenessThresholdsTest {
    private static final long SEC = 1_000_000_000L;

    private static Checks.Config config(String bootargs, long durationNs) {
        return Checking.config(TortureParams.fromBootArgs(BootArgs.parse(bootargs), 4), durationNs);
    }

    @Test
    void aLongRunKeepsTheDefaults() {
        Checks.Config c = config("", 60 * SEC);
        assertEquals(20 * SEC, c.hungTaskTimeoutNs());
        assertEquals(30 * SEC, c.progressWindowNs());
    }

    @Test
    void aShortRunScalesDownToItsFloors() {
        Checks.Config c = config("", 4 * SEC);
        assertEquals(2 * SEC, c.hungTaskTimeoutNs(), "half the run");
        assertEquals(7 * SEC, c.progressWindowNs(), "2 s plus locktorture's default stutter of 5 s");
        Checks.Config noStutter = config("locktorture.stutter=0 locktorture.rt_boost=0", SEC);
        assertEquals(SEC, noStutter.hungTaskTimeoutNs(), "never below 1 s");
        assertEquals(2 * SEC, noStutter.progressWindowNs());
    }

    /**
     * The rwsem findings of model 15 (docs/findings, 2026-12-07): a fair first waiter woken onto a
     * CPU where a SCHED_FIFO writer keeps retaking the lock runs only in RT throttling's 50 ms of
     * every second, and lost a whole sched_rt_period at the 1 s floor; the same runs at 60 s with
     * a 2 s timeout are clean.
     */
    @Test
    void whereAnRtTaskCanShareACpuTheHungTaskTimeoutCoversTwoRtPeriods() {
        String fair = "locktorture.rt_boost=0 ";
        assertEquals(SEC, config(fair, SEC).hungTaskTimeoutNs());
        assertEquals(2 * SEC, config(fair + "locktorture.writer_fifo=1", SEC).hungTaskTimeoutNs(), "writer_fifo");
        assertEquals(2 * SEC, config(fair + "proxytorture.setprio_interval=10", SEC).hungTaskTimeoutNs(), "the setprio meddler");
        assertEquals(2 * SEC, config("", SEC).hungTaskTimeoutNs(), "locktorture's default rt_boost=2 boosts every lock type");
        assertEquals(SEC, config("locktorture.rt_boost=1", SEC).hungTaskTimeoutNs(), "rt_boost=1 boosts only rtmutex_lock");
        assertEquals(2 * SEC, config("locktorture.rt_boost=1 locktorture.torture_type=rtmutex_lock", SEC).hungTaskTimeoutNs());
        assertEquals(3 * SEC, config("", 6 * SEC).hungTaskTimeoutNs(), "half the run above the floor");
    }

    @Test
    void aThrottledWriterGroupStretchesTheHungTaskTimeoutToo() {
        assertEquals(4 * SEC, config("proxytorture.writer_cpu_max=50000,100000", SEC).hungTaskTimeoutNs(), "2 RT periods, half a CPU");
        assertEquals(40 * SEC, config("proxytorture.writer_cpu_max=50000,100000", 60 * SEC).hungTaskTimeoutNs(), "the 20 s default, doubled");
    }

    @Test
    void aDisabledHungTaskCheckStaysDisabled() {
        assertEquals(0, config("proxytorture.hung_task_timeout_secs=0", 2 * SEC).hungTaskTimeoutNs());
    }

    @Test
    void aThrottledWriterGroupGetsAWindowAsLongAsItsShareOfTheCpu() {
        assertEquals(7 * SEC, config("", 4 * SEC).progressWindowNs());
        assertEquals(140 * SEC, config("proxytorture.writer_cpu_max=5000,100000", 4 * SEC).progressWindowNs(), "5 % of a CPU: 20 times");
        assertEquals(14 * SEC, config("proxytorture.writer_cpu_max=50000,100000", 4 * SEC).progressWindowNs(), "half a CPU: twice");
        assertEquals(7 * SEC, config("proxytorture.writer_cpu_max=max", 4 * SEC).progressWindowNs(), "no limit");
    }
}
