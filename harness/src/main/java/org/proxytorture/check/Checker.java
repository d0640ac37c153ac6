package org.proxytorture.check;

import org.proxytorture.kernel.sched.Trace;

/**
 * One family of invariants. A checker is driven by tracepoints (O(1) amortized per event) and
 * re-checks the whole state at each audit; it only reads the machine and reports through
 * {@link Checks#report}.
 */
public interface Checker extends Trace.Listener {
    /** The name in a violation's identity, e.g. "migration". */
    String name();

    /** Full-state audit at a section boundary (no CPU is inside an atomic section). */
    default void audit(long now) { }

    /** The run is over: last checks on the final state. */
    default void end(long now) { }
}
