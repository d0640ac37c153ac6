package org.proxytorture.soak;

/**
 * A soak's figures at one moment, for its progress line: runs in the ledger (and this session's),
 * simulated time, events per wall second this session, failures, and the time left.
 *
 * @param runs         runs in the ledger
 * @param sessionRuns  runs committed since this process started
 * @param failingRuns  failing runs in the ledger
 * @param distinct     distinct failure identities in the ledger
 * @param simNs        simulated time of the ledger's runs
 * @param sessionEvents events of this session's runs
 * @param sessionMs    wall time since this process started
 * @param leftMs       wall time left: to the deadline, or the runs left at this session's pace; -1 if not known
 */
public record Progress(long runs, long sessionRuns, long failingRuns, long distinct, long simNs, long sessionEvents, long sessionMs, long leftMs) {

    /** "soak: 120 runs (37 this session), 12.0 s simulated, 410k events/s, 2 distinct failures in 5 failing runs, ETA 1h02m". */
    public String line() {
        long evps = sessionMs <= 0 ? 0 : sessionEvents * 1000 / sessionMs;
        return String.format("soak: %d runs (%d this session), %s s simulated, %s events/s, %d distinct failure%s in %d failing run%s, %s",
                runs, sessionRuns, String.format(simNs < 10_000_000_000L ? "%.3f" : "%.1f", simNs / 1e9), si(evps), distinct, distinct == 1 ? "" : "s", failingRuns, failingRuns == 1 ? "" : "s",
                leftMs < 0 ? "no ETA" : "ETA " + hm(leftMs));
    }

    static String si(long n) {
        if (n >= 10_000_000) return n / 1_000_000 + "M";
        if (n >= 10_000) return n / 1_000 + "k";
        return Long.toString(n);
    }

    static String hm(long ms) {
        long s = ms / 1000;
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + String.format("%02d", s % 60) + "s";
        return s / 3600 + "h" + String.format("%02d", s / 60 % 60) + "m";
    }
}
