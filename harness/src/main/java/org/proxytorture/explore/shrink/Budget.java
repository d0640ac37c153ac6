package org.proxytorture.explore.shrink;

import java.util.function.BooleanSupplier;

/**
 * The shrink's bound, allotted across its passes: a pass runs within a share of the work left
 * when it starts, so that no one pass (a restart whose runs do not fail and each cost a whole
 * test, a scenario pass replaying a long list on ten machines) eats the bound and leaves the
 * choice passes nothing. A pass that stops at its allotment is not the shrink stopping: the driver
 * goes on with the next pass, and only the whole bound ends the shrink ({@link Shrinker.Stop#TIME_BOUND}).
 *
 * <p>Determinism: the bound is counted in work, not read from the clock: each run costs its
 * emulated events at a nominal rate ({@link #cost}), so when a pass stops, and so the whole shrink,
 * is the same on every machine, busy or not, and a shrink gives the same reproducer every time. The
 * nominal rate is below this project's 2-core machine's (about 3.5-5 M events/s with the checkers
 * on, quiet: bench), so the work bound comes first there. The wall clock stays as a backstop at the
 * same bound ({@link Shrinker.Stop#WALL_BOUND}): a machine slower than the nominal rate stops there,
 * and its result may then differ from a quicker machine's.
 */
final class Budget {
    /** The nominal cost of one emulated event (atomic section): 2.5 M events per second. */
    static final long NS_PER_EVENT = 400;
    /** The nominal cost of a run beside its events: booting the machine, its end phase's bookkeeping. */
    static final long NS_PER_RUN = 2_000_000L;

    private final long boundNanos;
    private final long wallDeadlineNanos;
    /** Work spent so far, in nominal nanoseconds. */
    private long spentNanos;
    /** The current pass's allotment ends here (the whole bound outside a pass), in work. */
    private long allotmentEndNanos;

    Budget(long boundNanos) {
        this(boundNanos, boundNanos);
    }

    /** {@code boundNanos} of work, the wall clock's backstop {@code wallNanos} from now. */
    Budget(long boundNanos, long wallNanos) {
        this.boundNanos = boundNanos;
        this.wallDeadlineNanos = System.nanoTime() + wallNanos;
        this.allotmentEndNanos = boundNanos;
    }

    /** The nominal cost of a run of {@code events} emulated events. */
    static long cost(long events) {
        return events * NS_PER_EVENT + NS_PER_RUN;
    }

    /** A run was made: its cost is spent. */
    void charge(long workNanos) {
        spentNanos += workNanos;
    }

    /**
     * Runs {@code pass} within {@code share} (0..1) of the work left of the current allotment,
     * then gives the outer allotment back. True if the pass did.
     */
    boolean within(double share, BooleanSupplier pass) {
        return until(endOf(share), pass);
    }

    /** When {@code share} of the work left of the current allotment, from now, ends. */
    long endOf(double share) {
        return spentNanos + (long) (Math.max(0, allotmentEndNanos - spentNanos) * share);
    }

    /**
     * Runs {@code pass} until {@code endNanos} of work at the latest (an allotment several passes
     * share: {@link #endOf}), then gives the outer allotment back.
     */
    boolean until(long endNanos, BooleanSupplier pass) {
        long outer = allotmentEndNanos;
        allotmentEndNanos = Math.min(outer, endNanos);
        try {
            return pass.getAsBoolean();
        } finally {
            allotmentEndNanos = outer;
        }
    }

    /** Whether a run costing {@code runNanos} of work, started now, could end past the current allotment. */
    boolean allotmentSpent(long runNanos) {
        return spentNanos + runNanos > allotmentEndNanos;
    }

    /** Whether a run costing {@code runNanos} of work, started now, could end past the whole bound. */
    boolean boundSpent(long runNanos) {
        return spentNanos + runNanos > boundNanos;
    }

    /** Whether a run of {@code wallNanos} of wall time, started now, could end past the wall-clock backstop. */
    boolean wallSpent(long wallNanos) {
        return System.nanoTime() + wallNanos > wallDeadlineNanos;
    }
}
