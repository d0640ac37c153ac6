package org.proxytorture.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proxytorture.config.Json;

/** The gate's page: overview per suite, the comparison with the baseline, the catalog's detection, failures. */
final class GatePage {
    private GatePage() { }

    static void render(GateReport g, Page p, Report.Links links) {
        p.h1("Gate " + g.suiteName());
        p.p("JUnit XML: ", Page.link(links.to(g.xml()), g.xml().getFileName().toString()), "; model ", Page.code(g.properties().getOrDefault("model", "?")),
                ", baseline's model ", Page.code(g.properties().getOrDefault("baseline.model", "?")), "; " + g.cases().size() + " runs.");
        if (g.properties().containsKey("commit"))
            ProvenanceTable.render(p, Map.of(new org.proxytorture.run.Provenance(g.properties().get("model"), g.properties().get("harness"),
                    g.properties().get("commit"), g.properties().get("java"), g.properties().get("host")), (long) g.cases().size()));
        overview(g, p);
        comparison(g, p);
        catalog(g, p);
        failures(g, p, links);
    }

    private static void overview(GateReport g, Page p) {
        p.h2("overview", "Overview: runs per suite");
        Map<String, long[]> by = new TreeMap<>();
        Map<String, double[]> time = new TreeMap<>();
        for (GateReport.Case c : g.cases()) {
            long[] n = by.computeIfAbsent(c.suite(), k -> new long[6]);
            n[0]++;
            switch (c.verdict()) {
                case "PASSED", "DETECTED" -> n[1]++;
                case "KNOWN" -> n[2]++;
                default -> n[3]++;
            }
            n[4] += c.events();
            double[] t = time.computeIfAbsent(c.suite(), k -> new double[2]);
            t[0] += c.simS();
            t[1] += c.wallS();
        }
        List<List<Object>> rows = new ArrayList<>();
        by.forEach((s, n) -> rows.add(List.of(s, n[0], n[1], n[2], n[3], time.get(s)[0], time.get(s)[1], n[4])));
        p.table("overview-table", List.of("suite", "runs", "as expected", "known failures", "fail the gate", "simulated s", "wall s", "events"), rows);
    }

    private static void comparison(GateReport g, Page p) {
        p.h2("comparison", "Against the baseline");
        List<List<Object>> rows = new ArrayList<>();
        for (GateReport.Case c : g.cases()) {
            for (GateReport.Problem x : c.problems()) rows.add(List.of(c.name(), Page.cls("bad", x.type()), x.message()));
            if (c.known()) rows.add(List.of(c.name(), Page.cls("warn", "known"), c.identity()));
        }
        long failing = g.cases().stream().filter(c -> !c.problems().isEmpty()).count();
        p.p(failing == 0 ? Page.cls("ok", "PASSED") : Page.cls("bad", "FAILED"), " " + failing + " run(s) fail the gate: new failures, catalog entries not detected,"
                + " pinned hashes moved under the same model, cross-JVM differences, significant latency changes (Mann-Whitney U).");
        if (!rows.isEmpty()) p.table("comparison-table", List.of("run", "result", "detail"), rows);
        List<String> diff = FailureBlock.lines(g.xml().resolveSibling(org.proxytorture.gate.JUnitXml.DIFF_FILE));
        if (!diff.isEmpty()) {
            p.p("The gate's diff as it printed it (" + org.proxytorture.gate.JUnitXml.DIFF_FILE + "): new failures, known failures gone, moved hashes, and the"
                    + " statistical comparisons with the baseline (latency: Mann-Whitney U; fairness: Brown-Forsythe and Max/Min), reported or failing:");
            p.pre(diff);
        }
        List<List<Object>> runs = new ArrayList<>();
        for (GateReport.Case c : g.cases())
            runs.add(List.of(c.name(), c.suite(), verdictCell(c.verdict()), c.identity() == null ? "-" : c.identity(), c.hash(), c.events(), c.simS(), c.wallS()));
        p.h3("Every run");
        p.table("runs-table", List.of("run", "suite", "verdict", "identity", "event hash", "events", "simulated s", "wall s"), runs);
    }

    static Page.Raw verdictCell(String v) {
        return Page.cls(switch (v) {
            case "PASSED", "DETECTED", "SUCCESS" -> "ok";
            case "KNOWN" -> "warn";
            default -> "bad";
        }, v);
    }

    /** The catalog: per entry, the detection rate over seeds (Clopper-Pearson), the time to detection (a CDF over seeds), shrunk sizes. */
    private static void catalog(GateReport g, Page p) {
        Map<String, List<GateReport.Case>> entries = new TreeMap<>();
        for (GateReport.Case c : g.cases()) if (c.detect()) entries.computeIfAbsent(c.suite().substring("catalog.".length()), k -> new ArrayList<>()).add(c);
        if (entries.isEmpty()) return;
        p.h2("catalog", "Bug catalog: detection");
        List<Detection> ds = new ArrayList<>();
        for (var e : entries.entrySet())
            ds.add(new Detection(e.getKey(), e.getValue().size(),
                    e.getValue().stream().filter(c -> c.verdict().equals("DETECTED")).mapToDouble(c -> c.simS() * 1e3).toArray()));
        Detection.render(p, ds);
        shrunk(g, p);
    }

    /** Shrunk sizes of the gate's failures: the forced choices of each gate-failures/NAME.min.json. */
    private static void shrunk(GateReport g, Page p) {
        Path fd = g.xml().resolveSibling(GateReport.FAILURES_DIR);
        List<String> names = new ArrayList<>();
        List<Double> forced = new ArrayList<>();
        for (GateReport.Case c : g.cases()) {
            Path min = fd.resolve(c.name() + ".min.json");
            if (!Files.isRegularFile(min)) continue;
            try {
                forced.add((double) Json.parseObject(Files.readString(min, StandardCharsets.UTF_8)).path("forced_choices").asLong());
                names.add(c.name());
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new org.proxytorture.config.BadInputException(min + ": not a replay file (" + PiDemoFiles.firstLine(e) + ")");
            }
        }
        if (names.isEmpty()) {
            p.p("Shrunk sizes: no run failed the gate, so none was shrunk (a soak's page plots the sizes of its shrunk reproducers).");
            return;
        }
        double[] v = forced.stream().mapToDouble(Double::doubleValue).toArray();
        p.chart("catalog-shrunk", Charts.bars(new Charts.Axes("Shrunk size of the gate's failures", "run", "forced choices (count)", false, false),
                names, List.of("forced choices"), List.<double[]>of(v)), "Forced choices left after shrinking (gate --shrink-time).");
    }

    private static void failures(GateReport g, Page p, Report.Links links) {
        Map<String, List<GateReport.Case>> by = new TreeMap<>();
        for (GateReport.Case c : g.cases()) if (c.identity() != null) by.computeIfAbsent(c.identity(), k -> new ArrayList<>()).add(c);
        p.h2("failures", "Failures by identity (" + by.size() + ")");
        List<List<Object>> rows = new ArrayList<>();
        int i = 0;
        for (var e : by.entrySet()) {
            List<GateReport.Case> cs = e.getValue();
            rows.add(List.of(new Page.Raw("<a href=\"#" + FailureBlock.anchor(i++) + "\">" + Page.esc(e.getKey()) + "</a>"), cs.size(),
                    cs.get(0).name(), cs.get(cs.size() - 1).name(), String.join(" ", cs.stream().map(c -> Long.toString(c.seed())).toList())));
        }
        p.table("failures-table", List.of("identity", "runs", "first run", "last run", "seeds"), rows);
        Path fd = g.xml().resolveSibling(GateReport.FAILURES_DIR);
        i = 0;
        for (var e : by.entrySet()) {
            List<GateReport.Case> cs = e.getValue();
            GateReport.Case first = cs.get(0);
            List<String> timeline = new ArrayList<>();
            for (GateReport.Problem x : first.problems()) if (!x.body().isBlank()) timeline.addAll(x.body().lines().toList());
            List<Path> files = FailureBlock.existing(fd, first.name() + ".json", first.name() + ".min.json", first.name() + ".chrome.json",
                    first.name() + ".ftrace.txt");
            List<String> cmds = new ArrayList<>();
            for (Path f : files) if (f.toString().endsWith(".json") && !f.toString().endsWith(".chrome.json")) cmds.add((f.toString().endsWith(".min.json") ? "scripts/proxytorture replay --timeline 60 --chrome-trace trace.json " : "scripts/proxytorture shrink ") + f);
            List<Object[]> facts = List.of(new Object[] {"runs", cs.size()}, new Object[] {"suites", String.join(" ", cs.stream().map(GateReport.Case::suite).distinct().toList())},
                    new Object[] {"first run", first.name()}, new Object[] {"verdicts", String.join(" ", cs.stream().map(GateReport.Case::verdict).distinct().toList())});
            new FailureBlock(e.getKey(), facts, timeline, List.of(), files, cmds).render(p, links, i++, by.size());
        }
    }
}
