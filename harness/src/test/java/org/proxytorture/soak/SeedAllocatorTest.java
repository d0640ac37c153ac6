package org.proxytorture.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The allocator hands out each run number once: a fresh soak 0, 1, 2, ...; a resumed one first
 * the numbers that were in flight when it stopped (below the highest committed, not committed),
 * then the numbers after the highest committed; none past --runs or the deadline, or once stopped.
 */
@Tag("fast")
class SeedAllocatorTest {
    private static List<Long> drain(SeedAllocator a) {
        List<Long> out = new ArrayList<>();
        for (long s; (s = a.next()) >= 0; ) out.add(s);
        return out;
    }

    @Test
    void aFreshSoakRunsZeroToRunsMinusOne() {
        assertEquals(List.of(0L, 1L, 2L, 3L), drain(new SeedAllocator(List.of(), new Stop(4L, null), () -> 0)));
    }

    @Test
    void aResumedSoakRunsTheLostRunsFirstThenGoesOn() {
        // committed 0, 1, 3, 6: runs 2, 4, 5 were in flight when it was killed
        SeedAllocator a = new SeedAllocator(List.of(0L, 1L, 3L, 6L), new Stop(9L, null), () -> 0);
        assertEquals(3, a.lostLeft());
        assertEquals(List.of(2L, 4L, 5L, 7L, 8L), drain(a));
    }

    @Test
    void aSoakWhoseRunsAreAllCommittedRunsNothing() {
        assertEquals(List.of(), drain(new SeedAllocator(List.of(0L, 1L, 2L), new Stop(3L, null), () -> 0)));
    }

    @Test
    void noNumberIsHandedOutAtOrAfterTheDeadline() {
        AtomicLong now = new AtomicLong(1_000);
        SeedAllocator a = new SeedAllocator(List.of(), new Stop(null, 2_000L), now::get);
        assertEquals(0, a.next());
        assertEquals(1, a.next());
        now.set(2_000);
        assertEquals(-1, a.next());
    }

    @Test
    void stopEndsTheHandingOut() {
        SeedAllocator a = new SeedAllocator(List.of(), Stop.NEVER, () -> 0);
        assertEquals(0, a.next());
        a.stop();
        assertEquals(-1, a.next());
    }

    /** Four threads draining one allocator: every number 0..9999 exactly once (none twice, none skipped). */
    @Test
    void workersNeverShareOrSkipANumber() throws InterruptedException {
        SeedAllocator a = new SeedAllocator(List.of(1L, 5L, 9L), new Stop(10_000L, null), () -> 0);
        ConcurrentLinkedQueue<Long> got = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) ts.add(new Thread(() -> {
            for (long s; (s = a.next()) >= 0; ) got.add(s);
        }));
        ts.forEach(Thread::start);
        for (Thread t : ts) t.join();
        TreeSet<Long> distinct = new TreeSet<>(got);
        assertEquals(got.size(), distinct.size(), "a number handed out twice");
        assertEquals(10_000 - 3, distinct.size());
        assertTrue(!distinct.contains(1L) && !distinct.contains(5L) && !distinct.contains(9L), "a committed run handed out again");
    }
}
