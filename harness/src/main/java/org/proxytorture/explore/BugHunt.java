package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.run.RunMode;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.config.RunConfig;

/**
 * One run of a catalog entry's scenario for one seed (the default exploration: seeded random
 * choices), with or without its fault, the checkers stopping the machine at the first violation.
 * Wall time is measured here, outside the run (this package is not part of the model).
 */
public final class BugHunt {
    private BugHunt() { }

    /** The file bugs --out DIR writes: every run of the detection table (the report's detection CDF). */
    public static final String RUNS_FILE = "bugs.json";

    /**
     * What one run found.
     *
     * @param first the first failure's identity (the run layer's rule: a violation, else locktorture's own, else an oops), or null
     * @param simNs simulated time at the first violation (or at the end of the run)
     * @param events emulated events when the first violation was reported (or at the end)
     * @param success the run passed (no violation, no WARNING, no locktorture failure)
     * @param failures the run's failure lines, for a report
     */
    public record Outcome(BugCatalog bug, long seed, boolean injected, Identity first, long wallMs, long simNs,
            long events, boolean success, List<String> failures) {

        /** With the fault: the expected checker fired first. */
        public boolean detected() {
            return injected && first != null && bug.matches(first);
        }
    }

    /** Runs {@code bug}'s scenario for {@code seed}, with its fault if {@code inject}. */
    public static Outcome run(BugCatalog bug, long seed, boolean inject, long durationNs) {
        RunConfig cfg = new RunConfig(bug.cpus, 1000, durationNs, bug.commandLine(inject), seed, null);
        long t0 = System.nanoTime();
        RunResult r = Runner.run(RunRequest.of(cfg).mode(RunMode.STOP_AT_VIOLATION));
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        return new Outcome(bug, seed, inject, r.failure(), wallMs, r.violationNs() >= 0 ? r.violationNs() : r.simNs(),
                r.violationEvents() >= 0 ? r.violationEvents() : r.events(), r.success(), r.failures());
    }
}
