package org.proxytorture.run;

/**
 * When a run's first failure came, for the reader of its report: during the test, while the
 * kthreads were stopping (the stop grace: kthread_stop() waits for each torture kthread to finish
 * its iteration), or at the end (the end checks, lock_torture_cleanup()'s verdict).
 *
 * @param atNs      simulated time of the first failure: the checker's report, or when the run
 *                  noticed a failure it cannot time (a locktorture Fail, a kthread that did not stop)
 * @param testEndNs when the test ended and the kthreads were told to stop; -1 if the run stopped before
 */
public record FailureTime(long atNs, long testEndNs, Phase phase) {
    public enum Phase { NONE, TEST, STOP_GRACE, END }

    /** A run that passed, or one whose phases are not known (a synthetic target's). */
    public static final FailureTime NONE = new FailureTime(-1, -1, Phase.NONE);

    /**
     * "failed at 0.506000 s, in the stop grace: 464 ms after the test ended at 0.042000 s, while
     * kthread_stop() waited for the kthreads", or "failed at 0.007023 s, during the test".
     */
    public String describe() {
        if (phase == Phase.NONE) return "";
        String at = "failed at " + seconds(atNs);
        return switch (phase) {
            case TEST -> at + ", during the test";
            case STOP_GRACE -> at + ", in the stop grace: " + (atNs - testEndNs) / 1_000_000L + " ms after the test ended at "
                    + seconds(testEndNs) + ", while kthread_stop() waited for the kthreads";
            default -> at + ", at the end: the end checks and lock_torture_cleanup(), after the test ended at " + seconds(testEndNs)
                    + " and the kthreads stopped";
        };
    }

    private static String seconds(long ns) {
        return String.format("%d.%06d s", ns / 1_000_000_000L, ns / 1000 % 1_000_000);
    }
}
