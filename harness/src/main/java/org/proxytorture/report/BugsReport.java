package org.proxytorture.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proxytorture.explore.ReplayFile;

/**
 * A {@code bugs --out DIR} directory's page: the detection table's runs (bugs.json: per entry the
 * detection rate over seeds and the time to detection, a CDF), and with {@code --shrink} per catalog
 * entry its first detecting run (bug-ID.json) and that run shrunk (bug-ID.min.json): the identity,
 * the seed, the sizes before and after (CPUs, forced choices), the replay and shrink commands.
 *
 * @param detection the entries' detection from bugs.json (empty if the directory has none)
 */
record BugsReport(Path dir, List<Entry> entries, List<Detection> detection, String cleanLine) implements Input {
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

    /** Whether {@code dir} holds what {@code bugs --out} writes. */
    static boolean holds(Path dir) throws IOException {
        return Files.isRegularFile(dir.resolve(org.proxytorture.explore.BugHunt.RUNS_FILE)) || !found(dir).isEmpty();
    }

    /** bugs.json's runs: the injected ones per entry (in file order), and a line on the clean ones. */
    private static List<Detection> detection(Path file, StringBuilder clean) throws IOException {
        if (!Files.isRegularFile(file)) return List.of();
        com.fasterxml.jackson.databind.node.ObjectNode o;
        try {
            o = org.proxytorture.config.Json.parseObject(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new org.proxytorture.config.BadInputException(file + ": " + PiDemoFiles.firstLine(e) + " (accepted: what bugs --out writes)");
        }
        java.util.Map<String, List<Double>> detected = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> seeds = new java.util.LinkedHashMap<>();
        int cleanRuns = 0, cleanPassed = 0;
        for (var r : o.path("runs")) {
            String entry = r.path("entry").asText();
            if (!r.path("injected").asBoolean()) {
                cleanRuns++;
                if (r.path("identity").isNull() || r.path("identity").isMissingNode()) cleanPassed++;
                continue;
            }
            seeds.merge(entry, 1, Integer::sum);
            List<Double> ms = detected.computeIfAbsent(entry, k -> new ArrayList<>());
            if (r.path("detected").asBoolean()) ms.add(r.path("sim_ns").asLong() / 1e6);
        }
        if (seeds.isEmpty() && cleanRuns == 0)
            throw new org.proxytorture.config.BadInputException(file + ": no runs in it (accepted: what bugs --out writes)");
        clean.append(cleanRuns == 0 ? "No clean runs (bugs --no-clean)." : "Clean runs (each entry's scenario without its fault): " + cleanPassed + " of " + cleanRuns + " passed.");
        List<Detection> out = new ArrayList<>();
        seeds.forEach((e, n) -> out.add(new Detection(e, n, detected.get(e).stream().mapToDouble(Double::doubleValue).toArray())));
        return out;
    }

    static BugsReport read(Path dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path f : found(dir)) {
            String n = f.getFileName().toString();
            String id = n.substring("bug-".length(), n.length() - ".json".length());
            Path min = f.resolveSibling("bug-" + id + ".min.json");
            out.add(new Entry(id, f, ReplayFile.read(f), min, Files.isRegularFile(min) ? ReplayFile.read(min) : null));
        }
        StringBuilder clean = new StringBuilder();
        List<Detection> d = detection(dir.resolve(org.proxytorture.explore.BugHunt.RUNS_FILE), clean);
        return new BugsReport(dir, out, d, clean.toString());
    }

    @Override
    public Report.Rendered render(Report.Links links) {
        Page p = new Page("proxytorture bug catalog: " + dir.getFileName());
        p.h1("Bug catalog (" + dir.toAbsolutePath().normalize() + ")");
        if (!detection.isEmpty()) {
            p.h2("catalog", "Detection over seeds (bugs.json)");
            Detection.render(p, detection);
            p.p(cleanLine);
        }
        if (entries.isEmpty()) return new Report.Rendered("bugs", p, Map.of());
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
        for (Entry e : entries)
            if (e.min() != null) p.p(Page.code("scripts/proxytorture replay --timeline 60 " + e.minFile()), " ", Page.code("scripts/proxytorture shrink " + e.foundFile()));
        return new Report.Rendered("bugs", p, Map.of());
    }
}
