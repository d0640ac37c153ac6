package org.proxytorture.run;

/** How far a run goes once something fails. */
public enum RunMode {
    /** To the end of the test, the stop grace period and the end checks: a user's run, a soak. */
    FULL,
    /** The checkers stop the machine at their first violation (a bug hunt: bugs). */
    STOP_AT_VIOLATION,
    /**
     * Exploration and shrinking: stop within a millisecond (simulated) of the first failure of any
     * kind, and bound the end phase by the run's own cost (TortureRun#boundEndPhase).
     */
    EXPLORE
}
