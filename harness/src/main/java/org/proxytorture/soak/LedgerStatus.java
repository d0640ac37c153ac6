package org.proxytorture.soak;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.config.BadInputException;

/**
 * What a ledger holds, read in one read transaction (so {@code soak status} sees a consistent
 * state while another process soaks into the file: WAL readers do not block the writer).
 */
public record LedgerStatus(SoakRecipe recipe, Stop stop, List<ScenarioRow> scenarios, List<FailureRow> failures, List<FindingRow> findings) {

    /** Runs of one scenario: how many, how many failed, simulated and wall time, events. */
    /** A scenario's runs summed; acquisitions as kvm-recheck-lock.sh counts them (the Writes line's Total). */
    public record ScenarioRow(String scenario, long runs, long failed, long simNs, long wallMs, long events, long acquisitions) { }

    /** One distinct failure identity. */
    public record FailureRow(String identity, String slug, long count, String firstSeen, String lastSeen, long firstSeq, String seeds,
            String reproducer, Size reproducerSize, boolean shrunk) { }

    /** Soft findings of one kind. */
    public record FindingRow(String kind, long count) { }

    public LedgerStatus {
        scenarios = List.copyOf(scenarios);
        failures = List.copyOf(failures);
        findings = List.copyOf(findings);
    }

    public long runs() {
        return scenarios.stream().mapToLong(ScenarioRow::runs).sum();
    }

    public long failedRuns() {
        return scenarios.stream().mapToLong(ScenarioRow::failed).sum();
    }

    /** Reads DIR's ledger, checked first ({@link LedgerSchema#check}); bad input if there is none or it is not one. */
    public static LedgerStatus read(Path dir) {
        Path db = dir.resolve(LedgerSchema.FILE);
        LedgerSchema.check(db, false);
        try (Connection c = LedgerSchema.connect(db, true)) {
            c.setAutoCommit(false); // one read transaction: one snapshot of the WAL
            LedgerStatus s = new LedgerStatus(LedgerSchema.recipe(c), LedgerSchema.stop(c), scenarios(c), failures(c), findings(c));
            c.rollback();
            return s;
        } catch (SQLException | RuntimeException e) {
            throw new BadInputException(db + ": not a soak ledger: " + LedgerSchema.firstLine(e) + " (accepted: a soak's " + LedgerSchema.FILE + ")");
        }
    }

    /**
     * {@code soak status --runs}: one line per committed run, in run order: "seq scenario seed
     * verdict event_hash identity" (identity "-" for a pass), kvm-recheck's view of every run.
     */
    public static List<String> runLines(Path dir) {
        Path db = dir.resolve(LedgerSchema.FILE);
        LedgerSchema.check(db, false);
        List<String> out = new ArrayList<>();
        try (Connection c = LedgerSchema.connect(db, true);
             PreparedStatement ps = c.prepareStatement("SELECT seq, scenario, seed, verdict, event_hash, ifnull(identity, '-') FROM runs ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getString(4) + " " + rs.getString(5) + " " + rs.getString(6));
        } catch (SQLException e) {
            throw new BadInputException(db + ": not a soak ledger: " + LedgerSchema.firstLine(e) + " (accepted: a soak's " + LedgerSchema.FILE + ")");
        }
        return out;
    }

    private static List<ScenarioRow> scenarios(Connection c) throws SQLException {
        List<ScenarioRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT scenario, count(*), sum(verdict = 'FAILURE'), sum(sim_ns), sum(wall_ms), sum(events), sum(acquisitions)"
                + " FROM runs GROUP BY scenario ORDER BY scenario"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new ScenarioRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
        }
        return out;
    }

    private static List<FailureRow> failures(Connection c) throws SQLException {
        List<FailureRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT identity, slug, count, first_seen, last_seen, first_seq, seeds, reproducer,"
                + " reproducer_cpus, reproducer_tasks, reproducer_forced, shrunk FROM failures ORDER BY first_seen, identity"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long forced = rs.getLong(11);
                Size f = rs.wasNull() ? null : new Size(rs.getInt(9), rs.getInt(10), forced);
                out.add(new FailureRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                        rs.getString(7), rs.getString(8), f, rs.getInt(12) != 0));
            }
        }
        return out;
    }

    private static List<FindingRow> findings(Connection c) throws SQLException {
        List<FindingRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, count FROM findings ORDER BY kind"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new FindingRow(rs.getString(1), rs.getLong(2)));
        }
        return out;
    }

    /** {@code soak status}'s table. */
    public List<String> lines(Path dir) {
        List<String> out = new ArrayList<>();
        out.add(String.format("soak %s: --configs \"%s\" --seed %d, %s per run; %s", dir, recipe.configs(), recipe.seed(),
                seconds(recipe.durationNs()), stop.describe()));
        out.add(String.format("%-12s %8s %8s %14s %10s %14s %14s", "scenario", "runs", "failed", "simulated s", "wall s", "events", "acquisitions"));
        for (ScenarioRow r : scenarios)
            out.add(String.format("%-12s %8d %8d %14.3f %10.1f %14d %14d", r.scenario(), r.runs(), r.failed(), r.simNs() / 1e9, r.wallMs() / 1e3, r.events(),
                    r.acquisitions()));
        out.add(String.format("%-12s %8d %8d", "total", runs(), failedRuns()));
        out.add(failures.size() + " distinct failure(s)" + (failures.isEmpty() ? "" : ":"));
        for (FailureRow f : failures)
            out.add(String.format("  %s: %d run(s), first %s, last %s, seeds %s%s; reproducer %s (%s, %s)", f.identity(), f.count(),
                    f.firstSeen(), f.lastSeen(), f.seeds(), f.count() > LedgerSchema.SEEDS_KEPT ? " ..." : "",
                    f.reproducer() == null ? "none yet" : f.reproducer(), f.reproducerSize() == null ? "-" : f.reproducerSize().describe(),
                    f.shrunk() ? "shrunk" : "not shrunk yet"));
        if (!findings.isEmpty()) {
            out.add("soft findings (not failures):");
            for (FindingRow f : findings) out.add(String.format("  %s: %d", f.kind(), f.count()));
        }
        return out;
    }

    private static String seconds(long ns) {
        return ns % 1_000_000_000L == 0 ? ns / 1_000_000_000L + " s" : ns / 1_000_000L + " ms";
    }
}
