package org.proxytorture.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.proxytorture.check.Checks;
import org.proxytorture.config.BootArgs;
import org.proxytorture.torture.TortureParams;

/**
 * The hung-task timeout and the progress window scale with the run (issue 14): a 60 s run keeps
 * the kernel's 20 s and locktorture's 30 s; a short exploration run gets half its length, never
 * less than 1 s (hung task) or 2 s plus a stutter period (progress: the writers pause that long).
 */
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
        Checks.Config noStutter = config("locktorture.stutter=0", SEC);
        assertEquals(SEC, noStutter.hungTaskTimeoutNs(), "never below 1 s");
        assertEquals(2 * SEC, noStutter.progressWindowNs());
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
