package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.run.Acquisitions;
import org.proxytorture.run.FailureTime;
import org.proxytorture.run.Latencies;
import org.proxytorture.run.Scores;
import org.proxytorture.sim.ChoiceLog;

/**
 * What one exploration or shrinking run produced, as the engine sees it.
 *
 * @param identity    the failure identity (checker/invariant[roles], or locktorture's own), null if the run passed
 * @param choices     the decisions the run consumed, in order (a failing run stops at its failure)
 * @param kinds       one {@link RecordingChoices} kind per decision (empty unless asked for)
 * @param windowSteps window-ordering decisions taken (PCT's steps)
 * @param cpus        CPUs of the machine
 * @param tasks       workload tasks (locktorture's writers and readers)
 * @param coverage    the proxy branches hit and the interleaving classes seen, sorted
 * @param report      the failure's report lines (empty if it passed)
 * @param scores      what the run scored (run.Scores: deepest proxy chain, longest lock wait, ...), for targeted search
 * @param when        when the failure came: during the test, in the stop grace, at the end (run.FailureTime; NONE if not known)
 * @param latencies   pidemo: the foreground's lock-latency samples (run.Latencies; NONE for locktorture)
 * @param acquired    locktorture: each writer's and reader's acquisitions (run.Acquisitions; NONE for pidemo)
 */
public record Outcome(Identity identity, long eventHash, long events, long simNs, ChoiceLog choices, byte[] kinds,
        long windowSteps, int cpus, int tasks, List<String> coverage, List<String> report, Scores scores, FailureTime when,
        Latencies latencies, Acquisitions acquired) {

    public Outcome {
        coverage = List.copyOf(coverage);
        report = List.copyOf(report);
        if (scores == null) scores = Scores.NONE;
        if (when == null) when = FailureTime.NONE;
        if (latencies == null) latencies = Latencies.NONE;
        if (acquired == null) acquired = Acquisitions.NONE;
    }

    /** An outcome without latency samples or acquisition counts (a synthetic target's). */
    public Outcome(Identity identity, long eventHash, long events, long simNs, ChoiceLog choices, byte[] kinds,
            long windowSteps, int cpus, int tasks, List<String> coverage, List<String> report, Scores scores, FailureTime when) {
        this(identity, eventHash, events, simNs, choices, kinds, windowSteps, cpus, tasks, coverage, report, scores, when, Latencies.NONE, Acquisitions.NONE);
    }

    /** An outcome whose failure's phase is not known. */
    public Outcome(Identity identity, long eventHash, long events, long simNs, ChoiceLog choices, byte[] kinds,
            long windowSteps, int cpus, int tasks, List<String> coverage, List<String> report, Scores scores) {
        this(identity, eventHash, events, simNs, choices, kinds, windowSteps, cpus, tasks, coverage, report, scores, FailureTime.NONE);
    }

    /** An outcome that scored nothing (a synthetic target's). */
    public Outcome(Identity identity, long eventHash, long events, long simNs, ChoiceLog choices, byte[] kinds,
            long windowSteps, int cpus, int tasks, List<String> coverage, List<String> report) {
        this(identity, eventHash, events, simNs, choices, kinds, windowSteps, cpus, tasks, coverage, report, Scores.NONE);
    }

    public boolean failed() {
        return identity != null;
    }

    public String hashHex() {
        return String.format("%016x", eventHash);
    }
}
