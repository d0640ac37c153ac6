package org.proxytorture.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The progress line: runs, simulated time, events per wall second, failures, time left. */
@Tag("fast")
class ProgressTest {
    @Test
    void theLineSaysWhereTheSoakIs() {
        Progress p = new Progress(120, 37, 5, 2, 12_000_000_000L, 410_000_000L, 1_000_000L, 3_720_000L);
        assertEquals("soak: 120 runs (37 this session), 12.0 s simulated, 410k events/s, 2 distinct failures in 5 failing runs, ETA 1h02m",
                p.line());
    }

    @Test
    void withoutABoundThereIsNoEta() {
        assertEquals("soak: 1 runs (1 this session), 0.100 s simulated, 0 events/s, 1 distinct failure in 1 failing run, no ETA",
                new Progress(1, 1, 1, 1, 100_000_000L, 0, 0, -1).line());
    }
}
