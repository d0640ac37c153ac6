package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.check.Violation;
import org.proxytorture.torture.Console;
import org.proxytorture.torture.RunConfig;
import org.proxytorture.torture.RunResult;
import org.proxytorture.torture.TortureRun;

/**
 * One run of a catalog entry's scenario for one seed (the default exploration: seeded random
 * choices), with or without its fault, the checkers stopping the machine at the first violation.
 * Wall time is measured here, outside the run (this package is not part of the model).
 */
public final class BugHunt {
    private BugHunt() { }

    /**
     * What one run found.
     *
     * @param first the first violation's identity, or null if none
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
        String bootargs = bug.bootargs + (inject && bug.fault() != null ? " proxytorture.inject=" + bug.fault() : "");
        if (inject && bug == BugCatalog.LOCK_BUSTED) bootargs += " locktorture.torture_type=lock_busted";
        RunConfig cfg = new RunConfig(bug.cpus, 1000, durationNs, bootargs, seed, null);
        long t0 = System.nanoTime();
        TortureRun run = new TortureRun(cfg, new Console(null, false)).stopOnFirst();
        RunResult r;
        try {
            r = run.run();
        } catch (RuntimeException | StackOverflowError e) {
            // the emulated kernel reached a state its code cannot handle: the kernel would oops
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            Identity what = Identity.oops(e);
            List<Violation> vs = run.checks() == null ? List.of() : run.checks().violations();
            Identity first = vs.isEmpty() ? what : vs.get(0).identity();
            return new Outcome(bug, seed, inject, first, wallMs, run.core() == null ? 0 : run.core().now(),
                    run.core() == null ? 0 : run.core().trace.hash().events(), false, List.of(what + ": " + e.getMessage()));
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        List<Violation> vs = run.checks().violations();
        Violation v = vs.isEmpty() ? null : vs.get(0);
        long events = v == null ? r.events() : run.checks().firstViolationEvents();
        return new Outcome(bug, seed, inject, v == null ? null : v.identity(), wallMs, v == null ? r.simNs() : v.timeNs(),
                events, r.success(), r.failures());
    }
}
