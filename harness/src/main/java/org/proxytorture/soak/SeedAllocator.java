package org.proxytorture.soak;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Hands out run numbers to the workers, each exactly once: first those a resumed soak lost (below
 * the highest committed number but not committed: the runs that were in flight), in order, then
 * the next numbers after the highest committed one; a shard's numbers only ({@link Shard}). None
 * at or past {@link Stop}'s run count, or once
 * its deadline has passed, or after {@link #stop}. What a number runs is {@link SoakPlan#at}'s
 * business, so the allocation decides only which worker runs it, never what it is.
 */
public final class SeedAllocator {
    private final ArrayDeque<Long> lost = new ArrayDeque<>();
    private final long limit;
    private final long deadlineMs;
    private final LongSupplier clockMs;
    private final long step;
    private long next;
    private boolean stopped;

    /** A whole soak's allocator. */
    public SeedAllocator(List<Long> committed, Stop stop, LongSupplier clockMs) {
        this(committed, stop, Shard.WHOLE, clockMs);
    }

    /**
     * @param committed the run numbers the ledger holds, ascending (all of them the shard's)
     * @param shard     the run numbers this soak runs: {@code shard.index()}, then every {@code shard.count()}th
     */
    public SeedAllocator(List<Long> committed, Stop stop, Shard shard, LongSupplier clockMs) {
        this.limit = stop.runLimit();
        this.deadlineMs = stop.deadline();
        this.clockMs = clockMs;
        this.step = shard.count();
        long expect = shard.index();
        for (long seq : committed) {
            if (!shard.owns(seq)) throw new IllegalArgumentException("run " + seq + " in the ledger is not shard " + shard + "'s");
            for (; expect < seq; expect += step) lost.add(expect);
            expect = seq + step;
        }
        this.next = expect;
    }

    /** The next run number, or -1: no more (the run count is reached, the deadline passed, or the soak was stopped). */
    public synchronized long next() {
        if (stopped || clockMs.getAsLong() >= deadlineMs) return -1;
        while (!lost.isEmpty()) {
            long seq = lost.poll();
            if (seq < limit) return seq;
        }
        if (next >= limit) return -1;
        long seq = next;
        next += step;
        return seq;
    }

    /** No more numbers are handed out (Ctrl-C, a worker's failure); runs in flight finish. */
    public synchronized void stop() {
        stopped = true;
    }

    /** Runs lost before the resume that are still to be handed out. */
    public synchronized int lostLeft() {
        return lost.size();
    }
}
