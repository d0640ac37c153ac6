package org.proxytorture.gate;

import java.nio.file.Path;
import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.run.Acquisitions;
import org.proxytorture.run.Latencies;

/**
 * What one gate run showed, judged against the baseline.
 *
 * @param identity the first failure's identity, or null if it passed
 * @param replay   the replay file written for a failure that fails the gate, or null
 * @param timeline the failure's timeline (explore's), empty if it passed
 * @param latencies pidemo: the foreground's lock-latency samples (NONE for locktorture)
 * @param acquired  locktorture: each writer's and reader's acquisitions (NONE for pidemo)
 */
public record GateResult(GateRun run, Verdict verdict, Identity identity, String hash, HashState hashState, String pinnedHash,
        long events, long simNs, long wallMs, List<String> timeline, Path replay, Latencies latencies,
        Acquisitions acquired) {

    public GateResult {
        timeline = List.copyOf(timeline);
        if (latencies == null) latencies = Latencies.NONE;
        if (acquired == null) acquired = Acquisitions.NONE;
    }

    /** How the run's outcome stands against what the set and the baseline expect. */
    public enum Verdict {
        /** A scenario or clean run that passed. */
        PASSED(false),
        /** A detect run whose fault was caught by one of the entry's identities. */
        DETECTED(false),
        /** A failure the baseline knows for this suite: allowed. */
        KNOWN(false),
        /** A failure the baseline does not know: fails the gate. */
        NEW_FAILURE(true),
        /** A detect run that passed or failed otherwise: the catalog entry was not caught; fails the gate. */
        NOT_DETECTED(true);

        public final boolean failsGate;

        Verdict(boolean failsGate) {
            this.failsGate = failsGate;
        }
    }

    /** A pinned run's hash against the baseline's. */
    public enum HashState { UNPINNED, SAME, MOVED, NOT_IN_BASELINE }

    /** A statistical check of one suite: its pooled samples now against the baseline's reference (null if it has none). */
    interface SuiteCheck<S, F, R> {
        R compare(String suite, String firstRun, S now, F reference);
    }

    /**
     * Each suite of {@code pooled} compared with its reference, in suite order, told the suite's
     * first run among those {@code counts} accepts (where a failure of the check goes in the XML).
     */
    static <S, F, R> List<R> perSuite(List<GateResult> results, java.util.function.Predicate<GateResult> counts, java.util.Map<String, S> pooled,
            java.util.Map<String, F> references, SuiteCheck<S, F, R> check) {
        java.util.Map<String, String> first = new java.util.TreeMap<>();
        for (GateResult r : results) if (counts.test(r)) first.putIfAbsent(r.run().suite(), r.run().name());
        List<R> out = new java.util.ArrayList<>();
        pooled.forEach((suite, now) -> out.add(check.compare(suite, first.get(suite), now, references.get(suite))));
        return out;
    }
}
