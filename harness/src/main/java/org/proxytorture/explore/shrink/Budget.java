package org.proxytorture.explore.shrink;

import java.util.function.BooleanSupplier;

/**
 * The shrink's wall-time bound, allotted across its passes: a pass runs within a share of the
 * time left when it starts, so that no one pass (a restart whose runs do not fail and each cost
 * a whole test, a scenario pass replaying a long list on ten machines) eats the bound and leaves
 * the choice passes nothing. A pass that stops at its allotment is not the shrink stopping: the
 * driver goes on with the next pass, and only the whole bound ends the shrink
 * ({@link Shrinker.Stop#TIME_BOUND}).
 *
 * <p>Determinism: the wall clock only says when to stop (a pass's allotment, or the bound), as the
 * bound alone did before; which candidates a pass tries, and in which order, does not depend on it.
 * A slower machine stops passes sooner, as it stopped the shrink sooner.
 */
final class Budget {
    private final long deadlineNanos;
    /** The current pass's allotment ends here (the whole bound outside a pass). */
    private long allotmentEndNanos;

    Budget(long boundNanos) {
        this.deadlineNanos = System.nanoTime() + boundNanos;
        this.allotmentEndNanos = deadlineNanos;
    }

    /**
     * Runs {@code pass} within {@code share} (0..1) of the time left of the current allotment,
     * then gives the outer allotment back. True if the pass did.
     */
    boolean within(double share, BooleanSupplier pass) {
        return until(endOf(share), pass);
    }

    /** When {@code share} of the time left of the current allotment, from now, ends. */
    long endOf(double share) {
        long now = System.nanoTime();
        return now + (long) (Math.max(0, allotmentEndNanos - now) * share);
    }

    /**
     * Runs {@code pass} until {@code endNanos} at the latest (an allotment several passes share:
     * {@link #endOf}), then gives the outer allotment back.
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

    /** Whether a run of {@code runNanos} started now could end past the current allotment. */
    boolean allotmentSpent(long runNanos) {
        return System.nanoTime() + runNanos > allotmentEndNanos;
    }

    /** Whether a run of {@code runNanos} started now could end past the whole bound. */
    boolean boundSpent(long runNanos) {
        return System.nanoTime() + runNanos > deadlineNanos;
    }
}
