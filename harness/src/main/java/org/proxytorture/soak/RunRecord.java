package org.proxytorture.soak;

import java.util.List;
import org.proxytorture.check.Identity;

/**
 * A finished run as the ledger keeps it: what ran (number, scenario, seed, machine, command
 * line), when and for how long (wall), and what it gave (events, simulated time, event hash,
 * verdict, failure identity, forced choices, soft findings by kind).
 *
 * @param tasks    workload tasks (locktorture's writers and readers)
 * @param started  ISO-8601 UTC wall-clock start
 * @param identity the first failure's identity, null if the run passed
 * @param findings the kinds (checker/invariant) of the run's soft findings
 * @param acquisitions locktorture's writer acquisitions (the Writes line's Total, kvm-recheck-lock.sh's count; pidemo: the rename mutex's)
 */
public record RunRecord(long seq, String scenario, long seed, int cpus, int tasks, int hz, long durationNs, String bootargs,
        String started, long wallMs, long events, long simNs, String eventHash, Identity identity, long forcedChoices,
        List<String> findings, long acquisitions) {

    public RunRecord {
        findings = List.copyOf(findings);
    }

    public boolean failed() {
        return identity != null;
    }

    /** The run's size as a reproducer. */
    public Size size() {
        return new Size(cpus, tasks, forcedChoices);
    }

    /** kvm.sh's words, as summary.json has them. */
    public String verdict() {
        return failed() ? "FAILURE" : "SUCCESS";
    }
}
