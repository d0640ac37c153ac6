package org.proxytorture.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proxytorture.config.BadInputException;
import org.proxytorture.run.RunSummary;

/**
 * A scripts/torture results directory's page (res/DATE/, one directory per run: summary.json,
 * console.log, cmd, choices.txt.gz): kvm-recheck-lock.sh's line per run, verdicts, the writers'
 * fairness (locktorture's Max/Min) at the end and over time, and the proxy coverage.
 */
record TortureReport(Path dir, List<Run> runs) implements Input {
    /** One run's directory, its summary and what its console shows. */
    record Run(Path dir, RunSummary summary, ConsoleLog console) {
        /** The scenario: the directory's name without kvm.sh's repeat suffix (LOCK02.2 is LOCK02). */
        String scenario() {
            return summary.scenario().replaceFirst("\\.\\d+$", "");
        }

        long seconds() {
            return (summary.durationNs() + 999_999_999L) / 1_000_000_000L;
        }

        /** kvm-recheck-lock.sh's line: the acquisitions of the run's last stats line, and per second. */
        String recheckLine() {
            if (!summary.success() && !summary.result().equals("FAILURE")) return summary.scenario() + " -------";
            long ncs = summary.acquisitions();
            return TortureReport.recheckLine(summary.scenario(), ncs, seconds());
        }
    }

    /** The run directories of {@code dir} (those holding a summary.json), by name. */
    static List<Path> runDirs(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("summary.json"))).sorted().toList();
        }
    }

    static TortureReport read(Path dir) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (Path d : runDirs(dir)) {
            RunSummary s;
            try {
                s = RunSummary.parse(Files.readString(d.resolve("summary.json"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(d.resolve("summary.json") + ": " + PiDemoFiles.firstLine(e) + " (accepted: what scripts/torture writes)");
            }
            runs.add(new Run(d, s, ConsoleLog.read(d.resolve("console.log"))));
        }
        return new TortureReport(dir, runs);
    }

    @Override
    public Report.Rendered render(Report.Links links) {
        Page p = new Page("proxytorture results: " + dir.getFileName());
        p.h1("scripts/torture results " + dir.toAbsolutePath().normalize());
        provenance(p);
        overview(p);
        runsTable(p, links);
        TorturePlots.fairness(runs, p);
        TorturePlots.coverage(runs, p);
        failures(p, links);
        return new Report.Rendered("torture", p, Map.of());
    }

    /** Each distinct provenance of the runs (their summary.json's), with how many runs it holds. */
    private void provenance(Page p) {
        Map<org.proxytorture.run.Provenance, Long> by = new java.util.LinkedHashMap<>();
        for (Run r : runs) by.merge(r.summary().provenance(), 1L, Long::sum);
        ProvenanceTable.render(p, by);
    }

    private void overview(Page p) {
        p.h2("overview", "Overview: runs per scenario");
        Map<String, List<Run>> by = new TreeMap<>();
        for (Run r : runs) by.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r);
        List<List<Object>> rows = new ArrayList<>();
        by.forEach((s, rs) -> {
            long ok = rs.stream().filter(r -> r.summary().success()).count();
            long failed = rs.stream().filter(r -> r.summary().result().equals("FAILURE")).count();
            rows.add(List.of(s, rs.size(), ok, failed, rs.size() - ok - failed, Stats.clopperPearson(failed, ok + failed).percent(),
                    rs.stream().mapToLong(r -> r.summary().durationNs()).sum() / 1e9, rs.stream().mapToLong(r -> r.summary().acquisitions()).sum(),
                    rs.stream().mapToLong(r -> r.summary().events()).sum()));
        });
        p.table("overview-table", List.of("scenario", "runs", "SUCCESS", "FAILURE", "not run", "failure rate, 95 % CI (Clopper-Pearson)", "simulated s",
                "acquisitions", "events"), rows);
    }

    private void runsTable(Page p, Report.Links links) {
        p.h2("runs", "Runs (kvm-recheck-lock.sh)");
        List<String> lines = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            RunSummary s = r.summary();
            lines.add(r.recheckLine());
            rows.add(List.of(Page.link(links.to(r.dir().resolve("console.log")), s.scenario()), s.seed(), s.cpus(), GatePage.verdictCell(s.result()),
                    s.acquisitions(), s.stats(), s.eventHash(), s.bootargs()));
        }
        p.pre(lines);
        p.table("runs-table", List.of("run", "seed", "CPUs", "result", "acquisitions", "last stats line", "event hash", "bootargs"), rows);
    }

    private void failures(Page p, Report.Links links) {
        Map<String, List<Run>> by = new TreeMap<>();
        for (Run r : runs) if (!r.summary().success()) by.computeIfAbsent(r.summary().failures().isEmpty() ? r.summary().result() : r.summary().failures().get(0),
                k -> new ArrayList<>()).add(r);
        p.h2("failures", "Failures by identity (" + by.size() + ")");
        int i = 0;
        for (var e : by.entrySet()) {
            List<Run> rs = e.getValue();
            List<Object[]> facts = List.of(new Object[] {"runs", rs.size()}, new Object[] {"first", rs.get(0).summary().scenario()},
                    new Object[] {"last", rs.get(rs.size() - 1).summary().scenario()},
                    new Object[] {"seeds", String.join(" ", rs.stream().map(r -> Long.toString(r.summary().seed())).toList())});
            Path d = rs.get(0).dir();
            new FailureBlock(e.getKey(), facts, rs.get(0).summary().failures(), List.of(), FailureBlock.existing(d, "console.log", "cmd", "choices.txt.gz"),
                    List.of("sh " + d.resolve("cmd") + "   # re-runs it: the same seed gives the same event hash")).render(p, links, i++, by.size());
        }
    }

    /** kvm-recheck-lock.sh's line: {@code NAME ------- N acquisitions/releases (M per second)}, the rate as awk prints it. */
    static String recheckLine(String name, long acquisitions, double seconds) {
        return name + " ------- " + acquisitions + " acquisitions/releases" + (seconds <= 0 ? "" : " (" + awk(acquisitions / seconds) + " per second)");
    }

    /** How awk's print shows a number (kvm-recheck-lock.sh divides with awk): integral values as integers, else %.6g. */
    static String awk(double v) {
        if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) return Long.toString((long) v);
        String s = String.format(java.util.Locale.ROOT, "%.6g", v);
        if (s.contains("e")) return s.replaceFirst("\\.?0+e", "e");
        return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }
}
