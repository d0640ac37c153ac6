package org.proxytorture.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class ChoiceLogTest {
    @Test
    void recordsAndReadsBackWithZeroRunsCompressed() {
        ChoiceLog log = ChoiceLog.of(0, 0, 0, 3, 0, 1, 200, 0, 0);
        assertEquals(9, log.size());
        assertEquals(3, log.nonZero());
        assertArrayEquals(new int[] {0, 0, 0, 3, 0, 1, 200, 0, 0}, log.toArray());
        assertEquals("z3 3 z1 1 200 z2", log.toCompactString());
        assertArrayEquals(log.toArray(), ChoiceLog.parseCompact(log.toCompactString()).toArray());
    }

    @Test
    void aMillionZerosTakeAFewBytes() {
        ChoiceLog log = new ChoiceLog();
        for (int i = 0; i < 1_000_000; i++) log.append(0);
        log.append(1);
        assertTrue(log.encodedBytes() < 16, "bytes: " + log.encodedBytes());
        ChoiceLog.Reader r = log.reader();
        for (int i = 0; i < 1_000_000; i++) assertEquals(0, r.next());
        assertEquals(1, r.next());
    }

    @Test
    void aLogLargerThanTheSpillThresholdReadsBackExactly() {
        ChoiceLog log = new ChoiceLog();
        SplitMix64 rng = new SplitMix64(9);
        int n = ChoiceLog.SPILL_BYTES + 123_457; // every value is non-zero: at least one byte each
        for (int i = 0; i < n; i++) log.append(1 + rng.nextInt(100));
        assertTrue(log.encodedBytes() > ChoiceLog.SPILL_BYTES);
        ChoiceLog.Reader r = log.reader();
        SplitMix64 again = new SplitMix64(9);
        for (int i = 0; i < n; i++) assertEquals(1 + again.nextInt(100), r.next(), "choice " + i);
        assertEquals(0, r.next(), "past the end reads 0");
    }

    @Test
    void badCompactTokensAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChoiceLog.parseCompact("1 2 zq 3"));
        assertTrue(e.getMessage().contains("'zq'"));
    }

    @Test
    void replayClampsAndPadsWithZeros() {
        ReplayChoices r = ReplayChoices.of(5, 1);
        assertEquals(2, r.choose(3), "5 is clamped to n-1");
        assertEquals(1, r.choose(4));
        assertEquals(0, r.choose(4), "an exhausted list reads as 0");
        assertEquals(0, r.choose(1), "n=1 is no decision");
        assertArrayEquals(new int[] {2, 1, 0}, r.log().toArray());
    }

    @Test
    void seededChoicesAreReproducibleAndOneInIsRare() {
        SeededChoices a = new SeededChoices(42);
        SeededChoices b = new SeededChoices(42);
        int hits = 0;
        for (int i = 0; i < 100_000; i++) {
            assertEquals(a.choose(7), b.choose(7));
            boolean h = a.oneIn(100);
            assertEquals(h, b.oneIn(100));
            if (h) hits++;
        }
        assertEquals(1000, hits, 150);
        assertEquals(200_000, a.log().size());
    }
}
