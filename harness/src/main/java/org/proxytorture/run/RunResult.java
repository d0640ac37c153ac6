package org.proxytorture.run;

import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.check.Violation;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.config.RunConfig;

/**
 * What one run produced, for every user of the run layer.
 *
 * @param success      the verdict: no violation, WARNING, locktorture failure or oops
 * @param failure      the first failure's identity (Runner#identity), null if the run passed
 * @param report       the first failure's report lines (a violation's, or the console's last lines)
 * @param failures     every failure line, as lock_torture_cleanup and the summary print them
 * @param warnings     the kernel's WARNINGs
 * @param statsLine    locktorture's last stats line (pidemo: the latency summary)
 * @param violationNs  simulated time of the first checker violation, -1 if none
 * @param violationEvents emulated events when the first violation was reported, -1 if none
 * @param tasks        workload tasks (locktorture's writers and readers)
 * @param coverage     the proxy branches hit (name -> count), in name order
 * @param generation   the proxy generation that ran ("full", "off"), with +NO_DELAY_DEQUEUE if so
 * @param findings     soft findings (reported, not failures)
 * @param workload     what ran: "locktorture" or "pidemo"
 * @param latency      pidemo: the foreground's lock-latency line (min/avg/percentiles/max, us), else empty
 * @param scores       what the run scored (deepest proxy chain, longest lock wait, ...), for targeted search
 * @param when         when the first failure came: during the test, in the stop grace, at the end ({@link FailureTime#NONE} if it passed)
 * @param latencies    pidemo: the foreground's lock-latency samples ({@link Latencies#NONE} for locktorture)
 * @param acquired     locktorture: each writer's and reader's acquisitions ({@link Acquisitions#NONE} for pidemo)
 */
public record RunResult(boolean success, Identity failure, List<String> report, List<String> failures, List<String> warnings,
        String statsLine, long acquisitions, long fails, long events, long simNs, long eventHash, ChoiceLog choices,
        long violationNs, long violationEvents, int tasks, java.util.SortedMap<String, Long> coverage, String generation,
        List<Violation> findings, String workload, String latency, Scores scores, FailureTime when, Latencies latencies,
        Acquisitions acquired) {

    public RunResult {
        report = List.copyOf(report);
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
        findings = List.copyOf(findings);
        coverage = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(coverage));
        if (scores == null) scores = Scores.NONE;
        if (when == null) when = FailureTime.NONE;
        if (latencies == null) latencies = Latencies.NONE;
        if (acquired == null) acquired = Acquisitions.NONE;
    }

    public boolean failed() {
        return failure != null;
    }

    /** summary.json's record of this run of {@code cfg} (scenario: the configs/lock name, or null). */
    public RunSummary summary(String scenario, RunConfig cfg, long wallMs) {
        return new RunSummary(scenario, cfg.seed(), cfg.cpus(), cfg.hz(), cfg.durationNs(), cfg.bootargs().toString(), workload,
                success ? "SUCCESS" : "FAILURE", acquisitions, fails, events, hashHex(), choices.size(), choices.nonZero(), statsLine,
                failures, wallMs);
    }

    public String hashHex() {
        return String.format("%016x", eventHash);
    }
}
