package org.proxytorture.torture;

import java.util.List;
import org.proxytorture.kernel.sched.Task;

/**
 * What a torture run asks of the invariant checkers on its machine. The run layer installs them
 * (org.proxytorture.check, through {@code run.Checking}) and hands the run this view; the
 * torture package does not know the checkers, as locktorture does not know lockdep.
 */
public interface Checkers {
    /** Marks the kthreads whose progress is watched (locktorture's writers and readers). */
    void watchProgress(List<Task> kthreads);

    /** A violation has been reported. */
    boolean violated();

    /** The checkers stop the machine at their first violation. */
    boolean stopsOnFirst();

    /** The liveness end phase: kthreads that did not return within {@code graceNs} of the end of the test. */
    void neverFinished(List<Task> notStopped, long graceNs);

    /** The run is over: a last audit, then the end checks. */
    void finish();

    /** Soft findings (not failures), one "identity: message" line each. */
    List<String> findings();

    /** The violations, first first. */
    List<Failure> violations();

    /** A violation as the console shows it: its report lines, and "identity: message". */
    record Failure(String summary, List<String> report) {
        public Failure {
            report = List.copyOf(report);
        }
    }

    /** No checkers (a workload test without them). */
    Checkers NONE = new Checkers() {
        @Override
        public void watchProgress(List<Task> kthreads) { }

        @Override
        public boolean violated() {
            return false;
        }

        @Override
        public boolean stopsOnFirst() {
            return false;
        }

        @Override
        public void neverFinished(List<Task> notStopped, long graceNs) { }

        @Override
        public void finish() { }

        @Override
        public List<String> findings() {
            return List.of();
        }

        @Override
        public List<Failure> violations() {
            return List.of();
        }
    };
}
