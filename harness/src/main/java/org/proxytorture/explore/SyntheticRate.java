package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.proxytorture.check.Identity;

/**
 * Issue 14's "measure it like a user would": for one synthetic catalog entry, the exploration a
 * user runs without knowing the fault is there, then the one a maintainer runs on the scenario
 * that exercises its code. First {@code explore --strategy random} on the default scenario (each
 * try in turn under the proxy generations, as explore rotates them) for the short budget; if
 * nothing the fault caused turns up, {@code --strategy coverage} on the entry's shipped scenario
 * until the long budget is spent. Any failure counts, whatever its checker, if the fault caused
 * it: the same try re-run without the fault (its recorded choices, then decisions seeded from its
 * event hash) does not fail with that identity, and no try of the measurement re-run so did. Wall time is read here, outside the model.
 */
public final class SyntheticRate {
    private SyntheticRate() { }

    /**
     * What the measurement found for one entry.
     *
     * @param phase    "random" (default scenario), "coverage" (shipped scenario), or null: not found
     * @param identity the failure's identity, or null
     * @param wallMs   wall time from the start of the entry to the end of the failing try (or spent in all)
     * @param tries    tries run in the phase that found it (or in both)
     * @param where    the failing try's generation and scenario, or ""
     * @param notCaused identities seen that the same try without the fault also failed with
     */
    public record Row(BugCatalog bug, String phase, Identity identity, long wallMs, int tries, String where, List<Identity> notCaused) {
        public boolean found() {
            return phase != null;
        }

        /** Whether the identity is one the entry's note expected (written before the measurement). */
        public boolean expected() {
            return identity != null && bug.matches(identity);
        }
    }

    /**
     * @param user      the default scenario with the entry's fault (explore rotates its generations)
     * @param shipped   the entry's shipped scenario with its fault, for the coverage phase
     * @param shortMs   the random phase's budget (90 s)
     * @param longMs    the whole budget (10 min); equal to shortMs: no coverage phase
     * @param skipRandom the random phase was run before and missed: count its budget as spent, do not run it again
     */
    public static Row measure(BugCatalog bug, TortureTarget user, TortureTarget shipped, long seed, long shortMs, long longMs, boolean skipRandom,
            Consumer<String> log) {
        long t0 = System.nanoTime() - (skipRandom ? shortMs * 1_000_000L : 0);
        List<Identity> notCaused = new ArrayList<>();
        long[] foundAt = new long[1];
        int randomTries = 0;
        if (!skipRandom) {
            Explorer.Result r = Explorer.exploreWhere(user::rotated, new RandomStrategy(), seed, 0, shortMs,
                    (t, o) -> caused(bug, t, o, notCaused, t0, foundAt, log), null);
            if (r.found() != null) return row(bug, "random", r, foundAt[0], r.tries(), notCaused);
            randomTries = r.tries();
        }
        long left = longMs - (System.nanoTime() - t0) / 1_000_000L;
        if (left <= 0 || shipped == null) return new Row(bug, null, null, elapsed(t0), randomTries, "", notCaused);
        log.accept(bug.id + ": not found by random exploration of the default scenario" + (skipRandom ? " (measured before)" : " in " + randomTries + " tries")
                + "; coverage on " + shipped.scenario() + " for " + left / 1000 + " s");
        Explorer.Result r = Explorer.exploreWhere(i -> shipped, new CoverageStrategy(), seed, 0, left,
                (t, o) -> caused(bug, t, o, notCaused, t0, foundAt, log), null);
        if (r.found() != null) return row(bug, "coverage", r, foundAt[0], r.tries(), notCaused);
        return new Row(bug, null, null, elapsed(t0), randomTries + r.tries(), "", notCaused);
    }

    private static Row row(BugCatalog bug, String phase, Explorer.Result r, long wallMs, int tries, List<Identity> notCaused) {
        TortureTarget t = (TortureTarget) r.found().target();
        String gen = "";
        for (String c : r.found().outcome().coverage()) if (c.startsWith("generation:")) gen = c.substring("generation:".length());
        String where = (t.scenario() == null ? "default" : t.scenario()) + (gen.isEmpty() ? "" : ", " + gen) + ", try " + (r.found().index() + 1);
        return new Row(bug, phase, r.found().outcome().identity(), wallMs, tries, where, notCaused);
    }

    /**
     * Whether the failing try {@code o} of {@code t} is the fault's doing: the same try without
     * the fault does not fail with the same identity, and no earlier try of this measurement did
     * (a scenario's own failure, e.g. a hung task that short coverage tries of some shipped
     * scenarios report without any fault, never counts). Records the time of the find first, so
     * the re-run is not counted in it.
     */
    private static boolean caused(BugCatalog bug, Target t, Outcome o, List<Identity> notCaused, long t0, long[] foundAt, Consumer<String> log) {
        long at = elapsed(t0);
        if (notCaused.contains(o.identity())) return false;
        TortureTarget clean = ((TortureTarget) t).with("proxytorture.inject", "none");
        Outcome c = clean.run(new RecordingChoices(new PrefixChoices(o.choices().toArray(), o.eventHash()), false));
        if (o.identity().equals(c.identity())) {
            if (!notCaused.contains(o.identity())) {
                notCaused.add(o.identity());
                log.accept(bug.id + ": " + o.identity() + " also fails without the fault: not counted");
            }
            return false;
        }
        foundAt[0] = at;
        return true;
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000L;
    }

    /** The target with the fault added to its command line. */
    public static TortureTarget inject(TortureTarget t, BugCatalog bug) {
        return t.with("proxytorture.inject", bug.fault());
    }
}
