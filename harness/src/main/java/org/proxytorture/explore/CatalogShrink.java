package org.proxytorture.explore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.sim.ChoiceLog;

/**
 * A catalog entry, found and shrunk (issue 6's acceptance, per entry): seeded random exploration
 * of the entry's scenario with its fault finds the first run whose failure the entry expects; the
 * shrinker reduces it with that identity pinned; the minimized replay file is written and replayed
 * once more, which must give the same event hash. {@code bugs --shrink} prints one row per entry,
 * CatalogShrinkTest asserts them. Wall time is measured here, outside the runs.
 */
public final class CatalogShrink {
    private CatalogShrink() { }

    /** What a shrunk failure must fit in: the acceptance's bounds. */
    public record Bounds(int cpus, int tasks, long forced, int timelineLines, long shrinkMs) {
        public static final Bounds ACCEPTANCE = new Bounds(4, 6, 30, Timeline.MAX_LINES, 60_000);
    }

    /**
     * One entry's result.
     *
     * @param found       the failing try (null: no try failed the way the entry expects)
     * @param tries       tries run
     * @param exploreMs   wall time of the exploration up to the find
     * @param shrunk      the shrinker's result (null if nothing was found)
     * @param shrinkMs    wall time of the shrink
     * @param timeline    the shrunk failure's timeline lines (all of them, before any cut)
     * @param minFile     where the minimized replay file was written
     * @param replayed    the minimized file, read back and replayed, gave its event hash and identity
     * @param others      failures seen on the way that the entry does not expect
     */
    public record Row(BugCatalog bug, Explorer.Found found, int tries, long exploreMs, Shrinker.Result shrunk, long shrinkMs,
            int timeline, Path minFile, boolean replayed, List<Identity> others) {

        /** The bounds missed (empty: ok). */
        public List<String> misses(Bounds b) {
            List<String> out = new ArrayList<>();
            if (found == null) return List.of("not found in " + tries + " tries");
            Outcome o = shrunk.outcome();
            if (!found.outcome().identity().equals(o.identity())) out.add("identity changed to " + o.identity());
            if (o.cpus() > b.cpus()) out.add(o.cpus() + " CPUs > " + b.cpus());
            if (o.tasks() > b.tasks()) out.add(o.tasks() + " tasks > " + b.tasks());
            if (shrunk.forced() > b.forced()) out.add(shrunk.forced() + " forced choices > " + b.forced());
            if (timeline > b.timelineLines()) out.add("timeline " + timeline + " lines > " + b.timelineLines());
            if (shrinkMs > b.shrinkMs()) out.add("shrink took " + shrinkMs + " ms > " + b.shrinkMs());
            if (!replayed) out.add("the minimized replay file does not replay to its hash");
            return out;
        }
    }

    /** The locktorture kthreads of the entry's own scenario (writers and readers, as the shrink table counts tasks). */
    public static int tasks(BugCatalog bug) {
        return target(bug, 1_000_000L).run(new RecordingChoices(new org.proxytorture.sim.SeededChoices(1), false)).tasks();
    }

    /** The entry's scenario with its fault: what exploration runs ({@code durationNs} simulated per try). */
    public static TortureTarget target(BugCatalog bug, long durationNs) {
        return new TortureTarget(null, bug.cpus, 1000, durationNs, bug.commandLine(true));
    }

    /**
     * Explores {@code bug} with seeded random choices ({@code tries} tries from {@code seed}),
     * shrinks the first run that fails as the entry expects (bounded by {@code shrinkMs}), and
     * writes {@code out}/bug-ID.json (as found) and bug-ID.min.json (shrunk).
     */
    public static Row run(BugCatalog bug, long seed, int tries, long durationNs, long shrinkMs, Path out) {
        TortureTarget target = target(bug, durationNs);
        return runOver(bug, i -> target, seed, tries, 0, shrinkMs, out);
    }

    /**
     * The same over a scenario per try ({@code targets.apply(i)}, each with the entry's fault: a
     * search of the scenario space), up to {@code tries} tries or {@code wallMs} of wall time.
     */
    public static Row runOver(BugCatalog bug, java.util.function.IntFunction<TortureTarget> targets, long seed, int tries, long wallMs,
            long shrinkMs, Path out) {
        Strategy random = new RandomStrategy();
        long t0 = System.nanoTime();
        Explorer.Result r = Explorer.exploreFor(targets, random, seed, tries, wallMs, bug::matches, null);
        long exploreMs = (System.nanoTime() - t0) / 1_000_000L;
        if (r.found() == null) return new Row(bug, null, r.tries(), exploreMs, null, 0, 0, null, false, r.otherFailures());
        Explorer.Found f = r.found();
        long t1 = System.nanoTime();
        Shrinker.Result s = shrink(random, f, shrinkMs);
        long shrinkMs2 = (System.nanoTime() - t1) / 1_000_000L;
        int ownTasks = wallMs > 0 ? tasks(bug) : 0;
        if (wallMs > 0 && !fits(s.outcome(), bug.cpus, ownTasks)) {
            long t2 = System.nanoTime();
            Explorer.Found g = smaller(bug, targets, random, seed, f, ownTasks, wallMs / 2);
            exploreMs += (System.nanoTime() - t2) / 1_000_000L;
            if (g != f) {
                long t3 = System.nanoTime();
                Shrinker.Result s2 = shrink(random, g, shrinkMs);
                if (smallerMachine(s2.outcome(), s.outcome()) || sameMachine(s2.outcome(), s.outcome()) && s2.forced() < s.forced()) {
                    f = g;
                    s = s2;
                    shrinkMs2 = (System.nanoTime() - t3) / 1_000_000L;
                }
            }
        }
        Outcome o = f.outcome();
        String base = "bug-" + bug.id;
        ReplayFile.of((TortureTarget) f.target(), f.seed(), random.name(), f.params(), o.choices(), o, false).write(out.resolve(base + ".json"));
        TortureTarget shrunkTarget = (TortureTarget) s.target();
        int lines = Timeline.length(s.outcome());
        Path min = out.resolve(base + ".min.json");
        ReplayFile.of(shrunkTarget, f.seed(), random.name(), f.params(), ChoiceLog.of(s.choices()), s.outcome(), true).write(min);
        ReplayFile back = ReplayFile.read(min);
        Outcome again = back.replay();
        boolean replayed = again.hashHex().equals(back.eventHash()) && o.identity().equals(again.identity());
        return new Row(bug, f, Math.max(r.tries(), f.index() + 1), exploreMs, s, shrinkMs2, lines, min, replayed, r.otherFailures());
    }

    private static Shrinker.Result shrink(Strategy random, Explorer.Found f, long shrinkMs) {
        Outcome o = f.outcome();
        return new Shrinker(random, f.params(), o.identity(), shrinkMs, Shrinker.MAX_STALL).shrink(f.target(), o.choices(), o);
    }

    /**
     * A search of the scenario space whose find shrinks to a larger machine than the entry's own
     * scenario looks on (for half its time, counted in emulated work as a shrink's bound is, so that
     * the look reaches the same tries on any machine) for a later try that fails the same
     * way on fewer CPUs (or as many, with fewer tasks), and shrinks that one too; the smaller shrunk
     * machine is kept. The shrinker removes what a failure does not need but cannot add what a
     * smaller machine's failure needs instead (B35 fails on 3 CPUs and 2 writers without nested
     * locks, on 2 CPUs only with other draws); another failing draw may be small to begin with.
     * Shrinking is not monotone (a 16-CPU find of B01 shrank to 2 CPUs, a 5-CPU one to 5), hence both.
     */
    static Explorer.Found smaller(BugCatalog bug, java.util.function.IntFunction<TortureTarget> targets, Strategy random, long seed,
            Explorer.Found found, int ownTasks, long lookMs) {
        long work = 0;
        Explorer.Found best = found;
        for (int i = found.index() + 1; !fits(best.outcome(), bug.cpus, ownTasks) && work < lookMs * 1_000_000L; i++) {
            TortureTarget target = targets.apply(i);
            // a draw on more CPUs than the best cannot be a smaller machine: not run, so the look reaches more small draws
            if (target.cpus() > best.outcome().cpus()) continue;
            Strategy.Try t = random.next(seed, i);
            Outcome o = target.run(new RecordingChoices(t.source(), false));
            work += Shrinker.work(o);
            if (o.failed() && bug.matches(o.identity()) && smallerMachine(o, best.outcome())) best = new Explorer.Found(i, t.seed(), t.params(), target, o);
        }
        return best;
    }

    private static boolean fits(Outcome o, int cpus, int tasks) {
        return o.cpus() <= cpus && o.tasks() <= tasks;
    }

    private static boolean smallerMachine(Outcome o, Outcome than) {
        return o.cpus() < than.cpus() || o.cpus() == than.cpus() && o.tasks() < than.tasks();
    }

    private static boolean sameMachine(Outcome o, Outcome as) {
        return o.cpus() == as.cpus() && o.tasks() == as.tasks();
    }
}
