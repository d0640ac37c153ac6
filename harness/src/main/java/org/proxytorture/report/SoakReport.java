package org.proxytorture.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.proxytorture.config.BadInputException;
import org.proxytorture.run.Provenance;
import org.proxytorture.soak.FailureFiles;
import org.proxytorture.soak.LedgerSchema;
import org.proxytorture.soak.LedgerStatus;

/**
 * A soak directory's page: its ledger (DIR/soak.db, read only, in one read transaction through
 * {@link LedgerStatus} plus the runs table) and DIR/failures/. The per-run table goes in a file
 * beside the page (runs.csv), linked: a soak of 10,000 runs keeps a small page.
 */
record SoakReport(Path dir, LedgerStatus status, Map<Provenance, Long> provenance, List<RunRow> runs) implements Input {
    static final String RUNS_CSV = "runs.csv";

    /** Where runs ran: the model, the harness build, Java, the host; how many runs each. */

    /** One run, as the discovery curve and runs.csv need it. */
    record RunRow(long seq, String scenario, long seed, String started, long wallMs, long simNs, String verdict, String identity, String hash) { }

    static SoakReport read(Path dir) {
        LedgerStatus status = LedgerStatus.read(dir); // bad input if the ledger is missing, corrupt or foreign
        Path db = dir.resolve(LedgerSchema.FILE);
        try (Connection c = LedgerSchema.connect(db, true)) {
            c.setAutoCommit(false);
            Map<Provenance, Long> prov = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT model_version, harness_version, git_commit, java_version, host, count(*) FROM runs"
                    + " GROUP BY 1, 2, 3, 4, 5 ORDER BY 6 DESC, 1, 2, 3, 4, 5"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) prov.put(new Provenance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), rs.getLong(6));
            }
            List<RunRow> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, scenario, seed, started, wall_ms, sim_ns, verdict, identity, event_hash FROM runs"
                    + " ORDER BY started, seq"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) runs.add(new RunRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                        rs.getString(7), rs.getString(8), rs.getString(9)));
            }
            c.rollback();
            return new SoakReport(dir, status, prov, runs);
        } catch (SQLException e) {
            throw new BadInputException(db + ": not a soak ledger: " + PiDemoFiles.firstLine(e) + " (accepted: a soak's " + LedgerSchema.FILE + ")");
        }
    }

    @Override
    public Report.Rendered render(Report.Links links) {
        Page p = new Page("proxytorture soak report: " + dir);
        p.h1("Soak " + dir.toAbsolutePath().normalize());
        var r = status.recipe();
        p.p("--configs ", Page.code(r.configs()), ", first seed " + r.seed() + ", " + Format.duration(r.durationNs()) + " simulated per run; "
                + status.stop().describe() + ". ", Page.link(RUNS_CSV, "every run (" + RUNS_CSV + ")"), ", ", Page.link(links.to(dir.resolve("log")), "the soak's log"));
        ProvenanceTable.render(p, provenance);
        overview(p);
        failures(p, links);
        discovery(p);
        shrunk(p);
        findings(p);
        return new Report.Rendered("soak", p, Map.of(RUNS_CSV, csv()));
    }

    private void overview(Page p) {
        p.h2("overview", "Overview: runs per scenario");
        List<List<Object>> rows = new ArrayList<>();
        for (LedgerStatus.ScenarioRow s : status.scenarios()) {
            Stats.Interval rate = Stats.clopperPearson(s.failed(), s.runs());
            rows.add(List.of(s.scenario(), s.runs(), s.runs() - s.failed(), s.failed(), rate.percent(), s.simNs() / 1e9, s.wallMs() / 1e3, s.events(),
                    s.acquisitions()));
        }
        rows.add(List.of("total", status.runs(), status.runs() - status.failedRuns(), status.failedRuns(),
                Stats.clopperPearson(status.failedRuns(), status.runs()).percent(), status.scenarios().stream().mapToLong(LedgerStatus.ScenarioRow::simNs).sum() / 1e9,
                status.scenarios().stream().mapToLong(LedgerStatus.ScenarioRow::wallMs).sum() / 1e3, status.scenarios().stream().mapToLong(LedgerStatus.ScenarioRow::events).sum(),
                status.scenarios().stream().mapToLong(LedgerStatus.ScenarioRow::acquisitions).sum()));
        p.table("overview-table", List.of("scenario", "runs", "SUCCESS", "FAILURE", "failure rate, 95 % CI (Clopper-Pearson)", "simulated s", "wall s", "events",
                "acquisitions"), rows);
        p.p("kvm-recheck-lock.sh's line per scenario, its runs summed (a failing run stops at its failure, so its count is short):");
        p.pre(status.scenarios().stream().map(s -> TortureReport.recheckLine(s.scenario(), s.acquisitions(), s.simNs() / 1e9)).toList());
    }

    private void failures(Page p, Report.Links links) {
        p.h2("failures", "Failures by identity (" + status.failures().size() + ")");
        List<List<Object>> rows = new ArrayList<>();
        int i = 0;
        for (LedgerStatus.FailureRow f : status.failures()) {
            rows.add(List.of(new Page.Raw("<a href=\"#" + FailureBlock.anchor(i++) + "\">" + Page.esc(f.identity()) + "</a>"), f.count(),
                    Stats.clopperPearson(f.count(), status.runs()).percent(), f.firstSeen(), f.lastSeen(), f.seeds(),
                    f.reproducerSize() == null ? "-" : f.reproducerSize().describe(), f.shrunk() ? "shrunk" : "not yet"));
        }
        p.table("failures-table", List.of("identity", "runs", "share of runs, 95 % CI", "first seen", "last seen", "seeds (first 20)", "reproducer", "shrink"), rows);
        i = 0;
        for (LedgerStatus.FailureRow f : status.failures()) {
            Path fd = dir.resolve(FailureFiles.DIR).resolve(f.slug());
            List<Object[]> facts = List.of(new Object[] {"first seen", f.firstSeen()}, new Object[] {"last seen", f.lastSeen()},
                    new Object[] {"runs", f.count()}, new Object[] {"seeds", f.seeds()}, new Object[] {"first run (seq)", f.firstSeq()},
                    new Object[] {"reproducer", (f.reproducer() == null ? "none yet" : f.reproducer())
                            + (f.reproducerSize() == null ? "" : ", " + f.reproducerSize().describe()) + (f.shrunk() ? ", shrunk" : ", not shrunk yet")});
            List<String> cmds = new ArrayList<>();
            Path min = fd.resolve(FailureFiles.MIN), found = fd.resolve(FailureFiles.FOUND);
            if (java.nio.file.Files.isRegularFile(min)) cmds.add("scripts/proxytorture replay --timeline 60 --chrome-trace shrunk.json " + min);
            if (java.nio.file.Files.isRegularFile(found)) cmds.add("scripts/proxytorture shrink " + found);
            new FailureBlock(f.identity(), facts, FailureBlock.lines(fd.resolve("timeline.txt")), FailureBlock.lines(fd.resolve("splat.txt")),
                    FailureBlock.existing(fd, FailureFiles.FOUND, FailureFiles.MIN, "trace.chrome.json", "trace.ftrace.txt", "timeline.txt", "splat.txt"), cmds)
                    .render(p, links, i++, status.failures().size());
        }
    }

    /** syzkaller's plot: distinct failure identities against runs and against wall time. */
    private void discovery(Page p) {
        p.h2("discovery", "Discovery curve");
        List<double[]> byRun = new ArrayList<>(), byTime = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long t0 = runs.isEmpty() ? 0 : millis(runs.get(0).started());
        byRun.add(new double[] {0, 0});
        byTime.add(new double[] {0, 0});
        double lastMin = 0;
        for (int i = 0; i < runs.size(); i++) {
            RunRow r = runs.get(i);
            double min = (millis(r.started()) + r.wallMs() - t0) / 60_000.0;
            lastMin = Math.max(lastMin, min);
            if (r.identity() != null && seen.add(r.identity())) {
                byRun.add(new double[] {i + 1, seen.size()});
                byTime.add(new double[] {min, seen.size()});
            }
        }
        byRun.add(new double[] {runs.size(), seen.size()});
        byTime.add(new double[] {lastMin, seen.size()});
        p.chart("discovery-runs", Charts.xy(new Charts.Axes("Distinct failure identities against runs", "runs finished (in start order)",
                "distinct identities", false, false), List.of(Charts.Series.of("identities", byRun)), true, Charts.XLabels.NUMBER),
                "A step at each run that found an identity never seen before.");
        p.chart("discovery-time", Charts.xy(new Charts.Axes("Distinct failure identities against wall time", "wall time since the first run (minutes)",
                "distinct identities", false, false), List.of(Charts.Series.of("identities", byTime)), true, Charts.XLabels.NUMBER),
                "Wall time: when each run finished; a resumed or sharded soak has gaps.");
    }

    /** The shrunk reproducers' sizes: forced choices, tasks and CPUs per identity. */
    private void shrunk(Page p) {
        List<String> ids = new ArrayList<>();
        List<double[]> v = List.of(new double[status.failures().size()], new double[status.failures().size()], new double[status.failures().size()]);
        for (LedgerStatus.FailureRow f : status.failures()) {
            if (f.reproducerSize() == null) continue;
            int i = ids.size();
            ids.add(f.identity());
            v.get(0)[i] = f.reproducerSize().forced();
            v.get(1)[i] = f.reproducerSize().tasks();
            v.get(2)[i] = f.reproducerSize().cpus();
        }
        if (ids.isEmpty()) return;
        List<double[]> cut = v.stream().map(a -> java.util.Arrays.copyOf(a, ids.size())).toList();
        p.chart("shrunk-size", Charts.bars(new Charts.Axes("Reproducer size per failure identity", "failure identity", "size (count, log)", false, true),
                ids, List.of("forced choices", "tasks", "CPUs"), cut), "The best reproducer the ledger holds for each identity (shrunk, or the smallest run seen).");
    }

    private void findings(Page p) {
        if (status.findings().isEmpty()) return;
        p.h2("findings", "Soft findings (not failures)");
        List<List<Object>> rows = new ArrayList<>();
        for (LedgerStatus.FindingRow f : status.findings()) rows.add(List.of(f.kind(), f.count()));
        p.table("findings-table", List.of("kind", "count"), rows);
    }

    private static long millis(String iso) {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    private String csv() {
        StringBuilder b = new StringBuilder("seq,scenario,seed,started,wall_ms,sim_ns,verdict,identity,event_hash\n");
        for (RunRow r : runs)
            b.append(r.seq()).append(',').append(Format.csv(r.scenario())).append(',').append(r.seed()).append(',').append(r.started()).append(',')
                    .append(r.wallMs()).append(',').append(r.simNs()).append(',').append(r.verdict()).append(',')
                    .append(Format.csv(r.identity() == null ? "" : r.identity())).append(',').append(r.hash()).append('\n');
        return b.toString();
    }

    /** Identities in first-seen order (the failures table's order), for tests. */
    Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (LedgerStatus.FailureRow f : status.failures()) m.put(f.identity(), f.count());
        return m;
    }
}
