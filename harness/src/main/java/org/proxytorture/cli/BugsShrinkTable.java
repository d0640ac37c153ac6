package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.List;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.CatalogShrink;
import org.proxytorture.explore.shrink.Shrinker;

/**
 * {@code bugs --shrink}: per catalog entry, the first exploration try that fails as the entry
 * expects, shrunk with its identity pinned, in one row against the acceptance's bounds (at most 4
 * CPUs, 6 tasks, 30 forced choices, a 60-line timeline, a 60 s shrink; identity kept; the
 * minimized replay file replays to its hash). Exit 1 if an entry is not found or misses a bound.
 */
final class BugsShrinkTable {
    private BugsShrinkTable() { }

    static int run(List<BugCatalog> entries, long seed, int tries, long durationNs, String duration, long shrinkMs, Path out, boolean verbose) {
        CatalogShrink.Bounds b = CatalogShrink.Bounds.ACCEPTANCE;
        System.out.printf("proxytorture bugs --shrink: %d entries; random exploration from seed %d, up to %d tries of %s simulated;"
                + " shrink bound %d s wall; replay files in %s%n", entries.size(), seed, tries, duration, shrinkMs / 1000, out);
        System.out.printf("  tasks = locktorture writer and reader kthreads (stutter, shuffle and onoff kthreads not counted);"
                + " forced = non-zero choices / decisions consumed; ok = <= %d CPUs, <= %d tasks, <= %d forced, identity kept,"
                + " timeline <= %d lines, shrink <= %d s, the .min.json replays to its hash%n",
                b.cpus(), b.tasks(), b.forced(), b.timelineLines(), b.shrinkMs() / 1000);
        String fmt = "%-11s %-66s %-22s %4s %5s %11s %9s %-9s %8s %-7s%n";
        System.out.printf(fmt, "bug", "failure identity", "detected at", "CPUs", "tasks", "forced", "shrink", "stopped", "timeline", "verdict");
        int bad = 0;
        for (BugCatalog bug : entries) {
            CatalogShrink.Row r = CatalogShrink.run(bug, seed, tries, durationNs, shrinkMs, out);
            List<String> misses = r.misses(b);
            if (!misses.isEmpty()) bad++;
            if (r.found() == null) {
                System.out.printf(fmt, bug.id, "(not found)", r.tries() + " tries, " + r.exploreMs() + " ms", "-", "-", "-", "-", "-", "-", "MISS");
            } else {
                Shrinker.Result s = r.shrunk();
                String at = "try " + (r.found().index() + 1) + ", " + r.exploreMs() + " ms";
                System.out.printf(fmt, bug.id, BugsCommand.cut(r.found().outcome().identity().toString(), 66), at, s.outcome().cpus(), s.outcome().tasks(),
                        s.forced() + "/" + s.choices().length, r.shrinkMs() + " ms", s.stop().brief(), r.timeline(), misses.isEmpty() ? "ok" : "MISS");
                System.out.println("    " + r.minFile() + " (found at seed " + r.found().seed() + ": " + r.found().outcome().cpus() + " CPUs, "
                        + r.found().outcome().tasks() + " tasks, " + r.found().outcome().choices().nonZero() + " forced choices; "
                        + s.calls() + " shrink runs)");
                if (verbose) s.profile().forEach(l -> System.out.println("      " + l));
            }
            if (!misses.isEmpty()) System.out.println("    missed: " + String.join("; ", misses)
                    + (r.others().isEmpty() ? "" : "; other failures seen: " + r.others()));
            System.out.flush();
        }
        System.out.println("proxytorture bugs --shrink: " + (bad == 0 ? "every entry found and shrunk within the bounds"
                : "FAILURE: " + bad + " of " + entries.size() + " entries missed"));
        return bad == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

}
