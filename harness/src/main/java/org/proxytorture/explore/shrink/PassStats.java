package org.proxytorture.explore.shrink;

/**
 * One row of the shrink pass profile (Hypothesis' "Shrink pass profiling"): the runs a pass
 * made, how many of them were kept, the forced choices they removed, and their wall time.
 */
record PassStats(long calls, long shrinks, long removed, long wallMs) {
    static final PassStats NONE = new PassStats(0, 0, 0, 0);

    /** One run of the pass, {@code wallNanos} long. */
    static PassStats run(long wallNanos) {
        return new PassStats(1, 0, 0, wallNanos / 1_000_000L);
    }

    /** One run kept, which removed {@code removed} forced choices. */
    static PassStats shrink(long removed) {
        return new PassStats(0, 1, removed, 0);
    }

    PassStats plus(PassStats o) {
        return new PassStats(calls + o.calls, shrinks + o.shrinks, removed + o.removed, wallMs + o.wallMs);
    }

    /** The header of {@link #row}. */
    static String header() {
        return String.format("%-24s %6s %7s %9s %8s", "pass", "calls", "shrinks", "removed", "wall_ms");
    }

    String row(String pass) {
        return String.format("%-24s %6d %7d %9d %8d", pass, calls, shrinks, removed, wallMs);
    }
}
