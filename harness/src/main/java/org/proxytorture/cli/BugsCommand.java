package org.proxytorture.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.BugHunt;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.run.Workers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scripts/proxytorture bugs: every catalog entry's scenario with its fault, for N seeds (seeded
 * random choices, the default exploration), the checkers stopping at the first violation; then the
 * same seeds without the fault, which must pass. One line per entry. With --shrink, instead: each
 * entry's first detecting exploration try, shrunk, against the acceptance's bounds
 * ({@link BugsShrinkTable}).
 */
@Command(name = "bugs", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:an entry was not caught, or a run without its fault failed", Main.EXIT_2, Main.EXIT_3},
        description = "Run the bug catalog: each injected fault must be caught by its checker; without it the same seeds pass.")
public final class BugsCommand implements Callable<Integer> {
    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5", description = "seeds per entry, 1..1000 (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", paramLabel = "SEED", defaultValue = "1", description = "the first seed (default ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", description = "simulated time per run, with its unit: 5s, 500ms (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "run only these entries (e.g. B05,lock_busted)")
    List<String> only = List.of();

    @Option(names = "--no-clean", description = "skip the runs without the fault")
    boolean noClean;

    @Option(names = "--shrink", description = "shrink each entry's first detecting run (tries = --seeds) and print the shrink table instead")
    boolean shrink;

    @Option(names = "--space", description = "inject each entry's fault into scenarios drawn from the whole space (explore --space; an entry"
            + " whose scenario names a proxy generation, window_ns or signals has those and its torture type pinned), shrink the find, look on"
            + " for a smaller machine if it shrinks larger than the entry's own scenario, and compare; --time is the search's wall time per"
            + " entry, the look takes at most half of it again, counted in emulated work")
    boolean space;

    @Option(names = "--shrink-time", paramLabel = "TIME", defaultValue = "60s", description = "with --shrink: bound of each shrink, " + Shrinker.BOUND_HELP + " (default ${DEFAULT-VALUE})")
    String shrinkTime;

    @Option(names = "--out", defaultValue = "proxytorture-failures", paramLabel = "DIR",
            description = "where bugs.json (every run of the detection table: detected, identity, simulated time to detection) and, with --shrink,"
                    + " the replay files go (default ${DEFAULT-VALUE}); scripts/proxytorture report DIR plots them")
    java.nio.file.Path out;

    @Option(names = "--verbose", description = "with --shrink: print each shrink's per-pass profile")
    boolean verbose;

    @Option(names = "--synthetic-rate", description = "measure each synthetic entry (Snn) as a user would find it: explore --strategy random on the"
            + " default scenario for --time, then coverage on the entry's shipped scenario up to --max-time; prints a markdown table")
    boolean syntheticRate;

    @Option(names = "--time", paramLabel = "TIME", defaultValue = "90s", description = "with --synthetic-rate: the random phase's wall time; with --space: the search's wall time per entry (default ${DEFAULT-VALUE})")
    String time;

    @Option(names = "--max-time", paramLabel = "TIME", defaultValue = "10m", description = "with --synthetic-rate: the wall time per entry in all (default ${DEFAULT-VALUE};"
            + " equal to --time: no coverage phase)")
    String maxTime;

    @Option(names = "--skip-random", description = "with --synthetic-rate: the random phase was measured before and missed (a second pass for the"
            + " --max-time column): count --time as spent and start with the coverage phase")
    boolean skipRandom;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "worker threads for the detection table's runs, 1..256 (default ${DEFAULT-VALUE}:"
            + " the wall times are then those of a machine doing nothing else); the verdicts do not depend on it")
    int jobs;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "with --synthetic-rate: scenario directory (default torture-scenarios/configs/lock)")
    java.nio.file.Path configDir;

    @Override
    public Integer call() {
        if (jobs < 1 || jobs > 256) throw new BadInputException("--jobs=" + jobs + ": out of range (accepted: 1..256)");
        if (seeds < 1 || seeds > 1000) throw new BadInputException("--seeds=" + seeds + ": out of range (accepted: 1..1000)");
        long durationNs = Durations.parse("--duration", duration);
        List<BugCatalog> entries = new ArrayList<>();
        for (String id : only) {
            try {
                entries.add(BugCatalog.byId(id.trim()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--only: unknown entry '" + id + "' (accepted: " + String.join(" ", BugCatalog.ids()) + ")");
            }
        }
        if (syntheticRate) return syntheticRate(entries);
        if (entries.isEmpty()) entries.addAll(Arrays.asList(BugCatalog.values()));
        if (space)
            return BugsSpaceTable.run(entries, firstSeed, Durations.parse("--time", time) / 1_000_000L, time,
                    Durations.parse("--shrink-time", shrinkTime) / 1_000_000L, out);
        if (shrink)
            return BugsShrinkTable.run(entries, firstSeed, seeds, durationNs, duration, Durations.parse("--shrink-time", shrinkTime) / 1_000_000L, out, verbose);
        System.out.printf("proxytorture bugs: %d entries, seeds %d..%d, %s simulated per run, stop at the first violation%n",
                entries.size(), firstSeed, firstSeed + seeds - 1, duration);
        String fmt = "%-11s %-44s %-62s %9s %11s %11s %13s %13s %9s%n";
        System.out.printf(fmt, "bug", "title", "checker/invariant that fired", "detected", "wall med", "wall max",
                "events med", "events max", "clean");
        boolean ok = true;
        int knownMisses = 0;
        try (Workers pool = new Workers("bugs", jobs)) {
            // every run submitted up front, in table order; each entry's row waits for its own runs
            Map<BugCatalog, List<Future<BugHunt.Outcome>>> injected = new LinkedHashMap<>(), cleanRuns = new LinkedHashMap<>();
            for (BugCatalog b : entries) {
                injected.put(b, new ArrayList<>());
                cleanRuns.put(b, new ArrayList<>());
                for (long s = firstSeed; s < firstSeed + seeds; s++) {
                    long seed = s;
                    injected.get(b).add(pool.submit(() -> BugHunt.run(b, seed, true, durationNs)));
                    if (!noClean) cleanRuns.get(b).add(pool.submit(() -> BugHunt.run(b, seed, false, durationNs)));
                }
            }
            List<BugHunt.Outcome> all = new ArrayList<>();
            for (BugCatalog b : entries) {
                if (b.notDetectedYet()) knownMisses++;
                List<BugHunt.Outcome> with = injected.get(b).stream().map(Workers::get).toList(), without = cleanRuns.get(b).stream().map(Workers::get).toList();
                ok &= row(b, fmt, with, without);
                System.out.flush();
                all.addAll(with);
                all.addAll(without);
            }
            java.nio.file.Path file = writeRuns(all, durationNs);
            System.out.println("proxytorture bugs: every run in " + file + " (scripts/proxytorture report " + out + ")");
        }
        String misses = knownMisses == 0 ? "" : " (" + knownMisses + " known misses declared not detected yet, not counted as caught)";
        System.out.println("proxytorture bugs: " + (ok ? "every entry detected" + misses + ", every clean run passed" : "FAILURE" + misses));
        return ok ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** bugs.json: the table's every run, for the report's detection CDF. */
    private java.nio.file.Path writeRuns(List<BugHunt.Outcome> runs, long durationNs) {
        var o = org.proxytorture.config.Json.object();
        o.put("model_version", org.proxytorture.explore.ReplayFile.MODEL_VERSION);
        o.put("duration_ns", durationNs);
        var a = o.putArray("runs");
        for (BugHunt.Outcome r : runs) {
            var x = a.addObject();
            x.put("entry", r.bug().id);
            x.put("seed", r.seed());
            x.put("injected", r.injected());
            x.put("detected", r.detected());
            x.put("identity", r.first() == null ? null : r.first().toString());
            x.put("sim_ns", r.simNs());
            x.put("wall_ms", r.wallMs());
            x.put("events", r.events());
        }
        java.nio.file.Path file = out.resolve(BugHunt.RUNS_FILE);
        try {
            java.nio.file.Files.createDirectories(out);
            java.nio.file.Files.writeString(file, org.proxytorture.config.Json.write(o), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new BadInputException(out + ": cannot write " + BugHunt.RUNS_FILE + " (" + e.getMessage() + ") (accepted: a writable --out DIR)");
        }
        return file;
    }

    /** One entry's row of the table from its runs with and without the fault, and the lines under it; whether it passed. */
    private boolean row(BugCatalog b, String fmt, List<BugHunt.Outcome> injected, List<BugHunt.Outcome> cleanRuns) {
        boolean ok = true;
        List<BugHunt.Outcome> hits = new ArrayList<>();
        Map<String, Integer> fired = new LinkedHashMap<>();
        java.util.Set<String> unexpected = new java.util.LinkedHashSet<>(); // fired, not among the entry's identities
        for (BugHunt.Outcome o : injected) {
            if (o.detected()) hits.add(o);
            fired.merge(o.first() == null ? "(nothing)" : o.first().toString(), 1, Integer::sum);
            if (o.first() != null && !b.matches(o.first())) unexpected.add(o.first().toString());
        }
        int clean = 0;
        List<String> cleanFailures = new ArrayList<>();
        for (BugHunt.Outcome o : cleanRuns) {
            if (o.success()) clean++;
            else cleanFailures.add("seed " + o.seed() + ": " + (o.first() != null ? o.first() : String.join("; ", o.failures())));
        }
        long[] wall = hits.stream().mapToLong(BugHunt.Outcome::wallMs).sorted().toArray();
        long[] ev = hits.stream().mapToLong(BugHunt.Outcome::events).sorted().toArray();
        String firedText = String.join(", ", fired.entrySet().stream()
                .map(e -> fired.size() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue()).toList());
        System.out.printf(fmt, b.id, cut(b.title, 44), cut(firedText, 62), hits.size() + "/" + seeds,
                ms(median(wall)), ms(max(wall)), num(median(ev)), num(max(ev)), noClean ? "-" : clean + "/" + seeds);
        for (String f : cleanFailures) System.out.println("    clean run failed, " + f);
        if (!b.notDetectedYet()) for (String f : unexpected) System.out.println("    fired, not among the entry's identities: " + f);
        if (b.notDetectedYet()) {
            if (!hits.isEmpty() || fired.keySet().stream().anyMatch(f -> !f.equals("(nothing)"))) {
                ok = false; // something sees it now: the catalog must say so
                System.out.println("    declared not detected yet, but " + firedText + " fired: update the entry (drop notDetectedYet(), set its expected identities)");
            } else {
                System.out.println("    known miss (declared not detected yet): " + b.note);
            }
        } else if (hits.isEmpty()) {
            ok = false;
            System.out.println("    not detected in any seed; expected " + String.join(" or ", b.expected.stream().map(Object::toString).toList()));
        }
        return ok && (noClean || clean == seeds);
    }

    /** --synthetic-rate: the synthetic entries of --only (all of them by default). */
    private int syntheticRate(List<BugCatalog> only) {
        long shortNs = Durations.parse("--time", time);
        long longNs = Durations.parse("--max-time", maxTime);
        if (skipRandom && longNs == shortNs) throw new BadInputException("--skip-random with --max-time=" + maxTime + " equal to --time: nothing to run (accepted: --max-time longer than --time)");
        if (longNs < shortNs) throw new BadInputException("--max-time=" + maxTime + ": shorter than --time=" + time + " (accepted: a duration >= --time)");
        List<String> synthetic = new ArrayList<>();
        for (BugCatalog b : BugCatalog.values()) if (b.synthetic()) synthetic.add(b.id);
        for (BugCatalog b : only)
            if (!b.synthetic()) throw new BadInputException("--only: " + b.id + " is not a synthetic entry (accepted with --synthetic-rate: " + String.join(" ", synthetic) + ")");
        List<BugCatalog> entries = new ArrayList<>(only);
        if (entries.isEmpty()) for (BugCatalog b : BugCatalog.values()) if (b.synthetic()) entries.add(b);
        return SyntheticRateTable.run(entries, firstSeed, shortNs / 1_000_000L, longNs / 1_000_000L, time, maxTime, skipRandom, configDir);
    }

    private static long median(long[] a) {
        return a.length == 0 ? -1 : a[(a.length - 1) / 2];
    }

    private static long max(long[] a) {
        return a.length == 0 ? -1 : a[a.length - 1];
    }

    private static String ms(long v) {
        return v < 0 ? "-" : v + " ms";
    }

    private static String num(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
