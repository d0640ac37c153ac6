package org.proxytorture.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proxytorture.explore.ReplayFile;

/**
 * A {@code bugs --shrink --out DIR} directory's page: per catalog entry its first detecting run
 * (bug-ID.json) and that run shrunk (bug-ID.min.json): the identity, the seed, the sizes before
 * and after (CPUs, forced choices), the replay and shrink commands.
 */
record BugsReport(Path dir, List<Entry> entries) implements Input {
    /** One catalog entry: its found and (if the shrink wrote it) shrunk replay files. */
    record Entry(String id, Path foundFile, ReplayFile found, Path minFile, ReplayFile min) { }

    /** The bug-ID.json files of {@code dir}, by name. */
    static List<Path> found(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("bug-") && n.endsWith(".json") && !n.endsWith(".min.json") && Files.isRegularFile(f);
            }).sorted().toList();
        }
    }

    static BugsReport read(Path dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path f : found(dir)) {
            String n = f.getFileName().toString();
            String id = n.substring("bug-".length(), n.length() - ".json".length());
            Path min = f.resolveSibling("bug-" + id + ".min.json");
            out.add(new Entry(id, f, ReplayFile.read(f), min, Files.isRegularFile(min) ? ReplayFile.read(min) : null));
        }
        return new BugsReport(dir, out);
    }

    @Override
    public Report.Rendered render(Report.Links links) {
        Page p = new Page("proxytorture bug catalog: " + dir.getFileName());
        p.h1("Bug catalog, shrunk (" + dir.toAbsolutePath().normalize() + ")");
        List<List<Object>> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        double[][] v = new double[4][entries.size()];
        for (Entry e : entries) {
            ReplayFile f = e.found(), m = e.min();
            rows.add(List.of(e.id(), f.identity() == null ? "-" : f.identity().toString(), f.seed(), f.cpus(), f.forcedChoices(),
                    m == null ? "-" : Integer.toString(m.cpus()), m == null ? "-" : Long.toString(m.forcedChoices()), m == null ? "-" : Format.duration(m.durationNs()),
                    Page.link(links.to(e.foundFile()), e.foundFile().getFileName().toString()),
                    m == null ? "not shrunk" : Page.link(links.to(e.minFile()), e.minFile().getFileName().toString())));
            int i = ids.size();
            ids.add(e.id());
            v[0][i] = f.forcedChoices();
            v[1][i] = m == null ? 0 : m.forcedChoices();
            v[2][i] = f.cpus();
            v[3][i] = m == null ? 0 : m.cpus();
        }
        p.h2("entries", "Entries (" + entries.size() + ")");
        p.table("bugs-table", List.of("entry", "identity", "seed", "CPUs found", "forced choices found", "CPUs shrunk", "forced choices shrunk",
                "shrunk duration", "found", "shrunk"), rows);
        p.chart("bugs-shrunk", Charts.bars(new Charts.Axes("Shrunk size per catalog entry", "catalog entry", "forced choices (count, log)", false, true),
                ids, List.of("found", "shrunk"), List.of(v[0], v[1])), "The first detecting run's forced choices, and what the shrinker left.");
        p.chart("bugs-cpus", Charts.bars(new Charts.Axes("CPUs per catalog entry", "catalog entry", "emulated CPUs (count)", false, false),
                ids, List.of("found", "shrunk"), List.of(v[2], v[3])), "The machine the failure needs, before and after shrinking.");
        p.p("Detection time per entry (a CDF over seeds) is on the gate's page: the gate runs every entry's fault for its seeds.");
        for (Entry e : entries)
            if (e.min() != null) p.p(Page.code("scripts/proxytorture replay --timeline 60 " + e.minFile()), " ", Page.code("scripts/proxytorture shrink " + e.foundFile()));
        return new Report.Rendered("bugs", p, Map.of());
    }
}
