package org.proxytorture.soak;

/**
 * When a soak stops handing out runs: after {@code runs} runs in all (its sequence numbers 0 ..
 * runs-1), at the wall-clock {@code deadlineMs} (epoch milliseconds, from --time or --until), or
 * when it is stopped (Ctrl-C); null fields: no such bound. Runs in flight at the deadline finish.
 */
public record Stop(Long runs, Long deadlineMs) {
    public static final Stop NEVER = new Stop(null, null);

    public long runLimit() {
        return runs == null ? Long.MAX_VALUE : runs;
    }

    public long deadline() {
        return deadlineMs == null ? Long.MAX_VALUE : deadlineMs;
    }

    /** "--runs 20", "until 2026-12-07T07:00:00Z", "until stopped". */
    public String describe() {
        String r = runs == null ? "" : runs + " runs";
        String d = deadlineMs == null ? "" : "until " + java.time.Instant.ofEpochMilli(deadlineMs);
        if (r.isEmpty() && d.isEmpty()) return "until stopped";
        return r.isEmpty() ? d : d.isEmpty() ? r : r + " or " + d;
    }
}
