package org.proxytorture.explore.shrink;

/**
 * One row of the shrink pass profile (Hypothesis' "Shrink pass profiling"): the runs a pass
 * made, how many of them were kept, the forced choices they removed, their work as the bound
 * counts it ({@link Budget#cost}) and their wall time.
 */
record PassStats(long calls, long shrinks, long removed, long workNanos, long wallNanos) {
    static final PassStats NONE = new PassStats(0, 0, 0, 0, 0);

    /** One run of the pass, costing {@code workNanos} of the bound and {@code wallNanos} of the clock. */
    static PassStats run(long workNanos, long wallNanos) {
        return new PassStats(1, 0, 0, workNanos, wallNanos);
    }

    /** One run kept, which removed {@code removed} forced choices. */
    static PassStats shrink(long removed) {
        return new PassStats(0, 1, removed, 0, 0);
    }

    PassStats plus(PassStats o) {
        return new PassStats(calls + o.calls, shrinks + o.shrinks, removed + o.removed, workNanos + o.workNanos, wallNanos + o.wallNanos);
    }

    /** The header of {@link #row}. */
    static String header() {
        return String.format("%-24s %6s %7s %9s %8s %8s", "pass", "calls", "shrinks", "removed", "work_ms", "wall_ms");
    }

    String row(String pass) {
        return String.format("%-24s %6d %7d %9d %8d %8d", pass, calls, shrinks, removed, workNanos / 1_000_000L, wallNanos / 1_000_000L);
    }
}
