package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.SyntheticRate;
import org.proxytorture.explore.TortureTarget;

/**
 * {@code bugs --synthetic-rate}: per synthetic catalog entry, how long the exploration a user runs
 * takes to find a failure the fault caused ({@link SyntheticRate}): random on the default scenario
 * for --time, then coverage on the entry's shipped scenario up to --max-time in all. One JVM, one
 * entry at a time. Each row is printed as its entry ends, and the whole table, in markdown for the
 * README, at the end.
 */
final class SyntheticRateTable {
    private SyntheticRateTable() { }

    static int run(List<BugCatalog> entries, long seed, long shortMs, long longMs, String shortText, String longText, boolean skipRandom, Path configDir) {
        TortureTarget user = new TortureTarget(null, 4, 1000, 1_000_000_000L, RunCommand.DEFAULT_BOOTARGS);
        System.out.printf("proxytorture bugs --synthetic-rate: %d entries, seed %d; per entry: explore --strategy random --time %s on the default"
                + " scenario (%s), then --strategy coverage on the entry's shipped scenario up to %s in all; a failure counts if the same try"
                + " without the fault does not fail the same way%s%n", entries.size(), seed, shortText, user.describe(), longText,
                skipRandom ? "; --skip-random: the random phase is taken as run and missed, its " + shortText + " counted as spent" : "");
        String header = "| fault | area | kind | found within " + shortText + "? | found within " + longText + "? | identity (where) | wall time to find |";
        List<String> rows = new ArrayList<>();
        int inShort = 0, inLong = 0;
        for (BugCatalog b : entries) {
            BugCatalog.Synthetic syn = b.synthetic;
            TortureTarget shipped = longMs > shortMs ? SyntheticRate.inject(shippedTarget(syn, configDir), b) : null;
            SyntheticRate.Row r = SyntheticRate.measure(b, SyntheticRate.inject(user, b), shipped, seed, shortMs, longMs, skipRandom,
                    line -> {
                        System.out.println("  " + line);
                        System.out.flush();
                    });
            boolean shortHit = r.found() && r.phase().equals("random");
            if (shortHit) inShort++;
            if (r.found()) inLong++;
            String longCol = r.found() ? "yes" : longMs > shortMs ? "no" : "not measured";
            String ident = r.found() ? "`" + r.identity().toString().replace("|", "\\|") + "` (" + r.where() + (r.expected() ? "" : "; not among the expected") + ")"
                    : "-" + (r.notCaused().isEmpty() ? "" : " (seen, also without the fault: " + r.notCaused().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")) + ")");
            String row = "| " + b.id + (b.notDetectedYet() ? " (declared not detected yet)" : "") + " | " + syn.area() + " | " + syn.kind() + " | "
                    + (shortHit ? "yes" : "no") + " | " + longCol + " | " + ident + " | "
                    + (r.found() ? seconds(r.wallMs()) : "- (" + seconds(r.wallMs()) + ", " + r.tries() + " tries)") + " |";
            rows.add(row);
            System.out.println(row);
            System.out.flush();
        }
        System.out.println();
        System.out.println(header);
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.printf("%nproxytorture bugs --synthetic-rate: found within %s: %d/%d; within %s: %d/%d%s%n", shortText, inShort, entries.size(),
                longText, inLong, entries.size(), longMs > shortMs ? "" : " (the coverage phase was not run: --max-time equals --time)");
        return Main.EXIT_OK;
    }

    /** The entry's shipped scenario as explore --scenario NAME --duration D builds it. */
    private static TortureTarget shippedTarget(BugCatalog.Synthetic syn, Path configDir) {
        ScenarioOptions so = new ScenarioOptions();
        so.scenario = syn.scenario();
        so.configDir = configDir;
        so.cpus = 4;
        so.hz = 1000;
        so.duration = syn.duration();
        so.bootargs = RunCommand.DEFAULT_BOOTARGS;
        return so.target();
    }

    private static String seconds(long ms) {
        return ms < 10_000 ? String.format("%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
