package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.List;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.CatalogShrink;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.explore.space.ScenarioSpace;

/**
 * {@code bugs --space}: each catalog entry's fault injected into scenarios drawn from the whole
 * space (explore --space --inject ID), searched until a try fails as the entry expects (or the
 * wall time per entry runs out), then shrunk (a find that shrinks to a larger machine than the
 * entry's own scenario gets a second look for a smaller one, CatalogShrink.smaller); one row per entry, with the shrunk machine against
 * the entry's own scenario (its CPUs and locktorture kthreads). Exit 1 if an entry is not found
 * or shrinks to a larger machine than its own scenario.
 */
final class BugsSpaceTable {
    private BugsSpaceTable() { }

    static int run(List<BugCatalog> entries, long seed, long wallMs, String time, long shrinkMs, Path out) {
        System.out.printf("proxytorture bugs --space: %d entries; scenarios drawn from the space with the entry's fault, random schedules"
                + " from seed %d, at most %s wall per entry; shrink bound %d s; replay files in %s%n", entries.size(), seed, time, shrinkMs / 1000, out);
        String fmt = "%-11s %-58s %-20s %5s %5s %11s %9s %-9s %-8s%n";
        System.out.printf(fmt, "bug", "failure identity", "found at", "CPUs", "tasks", "forced", "catalog", "stopped", "verdict");
        int bad = 0;
        for (BugCatalog bug : entries) {
            ScenarioSpace space = spaceOf(bug);
            CatalogShrink.Row r = CatalogShrink.runOver(bug, i -> space.draw(seed, i), seed, 0, wallMs, shrinkMs, out);
            int ownTasks = CatalogShrink.tasks(bug);
            String own = bug.cpus + "/" + ownTasks;
            if (r.found() == null) {
                bad++;
                System.out.printf(fmt, bug.id, "(not found)", r.tries() + " tries, " + r.exploreMs() / 1000 + " s", "-", "-", "-", own, "-", "MISS");
            } else {
                Shrinker.Result s = r.shrunk();
                boolean small = s.outcome().cpus() <= bug.cpus && s.outcome().tasks() <= ownTasks && s.outcome().identity().equals(r.found().outcome().identity());
                if (!small) bad++;
                System.out.printf(fmt, bug.id, BugsCommand.cut(r.found().outcome().identity().toString(), 58), "try " + (r.found().index() + 1) + ", "
                        + r.exploreMs() / 1000 + " s", s.outcome().cpus(), s.outcome().tasks(), s.forced() + "/" + s.choices().length, own,
                        s.stop().brief(), small ? "ok" : "LARGER");
                System.out.println("    shrunk: " + ((TortureTarget) s.target()).describe());
                System.out.println("    " + r.minFile());
            }
            if (bug != BugCatalog.LOCK_BUSTED && !space.describePins().isEmpty()) System.out.println("    pinned: " + space.describePins());
            System.out.flush();
        }
        System.out.println("proxytorture bugs --space: " + (bad == 0 ? "every entry found, shrunk to no more than its own scenario"
                : "FAILURE: " + bad + " of " + entries.size() + " entries not found or larger"));
        return bad == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /**
     * The space an entry is searched in: its fault injected; lock_busted is a torture type, not a
     * fault switch, so its torture type is pinned instead. An entry whose own scenario selects the
     * model code its fault lives in, a proxy generation (proxytorture.proxy_variant=migrate: code the
     * other generations never run), the concurrency window its race needs (proxytorture.window_ns)
     * or the signals whose exit path it is on (proxytorture.signal_interval: meddlers=signal),
     * is searched with those pinned and its torture type too (that code runs for its lock type's
     * waiters), as a developer testing a patch to that code would; the rest of the space is drawn.
     */
    static ScenarioSpace spaceOf(BugCatalog bug) {
        if (bug == BugCatalog.LOCK_BUSTED) return ScenarioSpace.fixed(List.of("workload=locktorture", "torture_type=lock_busted"));
        String generation = bug.bootargs.get("proxytorture.proxy_variant");
        String window = bug.bootargs.get("proxytorture.window_ns");
        boolean signals = bug.bootargs.has("proxytorture.signal_interval");
        if (generation == null && window == null && !signals) return ScenarioSpace.all().injecting(List.of(bug.id));
        List<String> pins = new java.util.ArrayList<>(List.of("workload=locktorture", "torture_type=" + bug.bootargs.get("locktorture.torture_type")));
        if (generation != null) pins.add("generation=" + generation);
        if (window != null) pins.add("window_ns=" + window);
        if (signals) pins.add("meddlers=signal");
        return ScenarioSpace.fixed(pins).injecting(List.of(bug.id));
    }

}
