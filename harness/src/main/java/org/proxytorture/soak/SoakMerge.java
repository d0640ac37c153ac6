package org.proxytorture.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.proxytorture.config.BadInputException;

/**
 * {@code soak merge OUT DIR...}: the ledgers of the shards of one soak (or of soaks of the same
 * recipe) as one, in a new OUT: every run once (a run number two inputs both hold must be the same
 * run), failures deduplicated across the inputs (first and last seen, counts summed, seeds, the
 * best reproducer kept with its directory), soft findings summed. The inputs are only read.
 */
public final class SoakMerge {
    /** What the merge did: runs in OUT, runs two inputs both held, distinct failures. */
    public record Merged(long runs, long duplicates, int failures) { }

    private SoakMerge() { }

    public static Merged merge(Path out, List<Path> ins, Host host) {
        if (ins.isEmpty()) throw new BadInputException("soak merge: no soak to merge (accepted: soak merge OUT DIR...)");
        List<LedgerStatus> statuses = new ArrayList<>();
        for (Path in : ins) {
            LedgerSchema.check(in.resolve(LedgerSchema.FILE), true);
            statuses.add(LedgerStatus.read(in));
        }
        SoakRecipe recipe = statuses.get(0).recipe().withShard(Shard.WHOLE);
        for (int i = 1; i < ins.size(); i++)
            if (!statuses.get(i).recipe().withShard(Shard.WHOLE).equals(recipe))
                throw new BadInputException("soak merge: " + ins.get(i) + " soaked another recipe than " + ins.get(0) + " (accepted: shards of one"
                        + " soak, or soaks of the same --configs, --seed, --duration, --bootargs, --kconfig, --cpus, --inject)");
        long duplicates = checkRuns(ins);
        try (Ledger ledger = Ledger.create(out, recipe, statuses.get(0).stop(), host)) {
            for (Path in : ins) ledger.withAttached(in.resolve(LedgerSchema.FILE), "merge the runs of " + in, c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT OR IGNORE INTO main.runs SELECT * FROM src.runs");
                }
            });
            Map<String, Best> failures = failures(ins, statuses);
            ledger.transaction("merge the failures", c -> {
                for (Best b : failures.values()) insertFailure(c, b.row());
                for (LedgerStatus s : statuses) for (LedgerStatus.FindingRow f : s.findings()) Ledger.addFinding(c, f.kind(), f.count());
                return null;
            });
            for (Best b : failures.values()) copyDir(b.from().resolve(FailureFiles.DIR).resolve(b.row().slug()), out.resolve(FailureFiles.DIR).resolve(b.row().slug()));
            return new Merged(ledger.committed().size(), duplicates, failures.size());
        }
    }

    /** Runs two inputs both hold must be one run (scenario, seed, verdict, event hash); how many there are. */
    private static long checkRuns(List<Path> ins) {
        Map<Long, String> seen = new TreeMap<>();
        Map<Long, Path> where = new TreeMap<>();
        long dup = 0;
        for (Path in : ins) {
            for (String line : LedgerStatus.runLines(in)) {
                int sp = line.indexOf(' ');
                long seq = Long.parseLong(line.substring(0, sp));
                String run = line.substring(sp + 1);
                String before = seen.putIfAbsent(seq, run);
                if (before == null) where.put(seq, in);
                else if (before.equals(run)) dup++;
                else throw new BadInputException("soak merge: run " + seq + " is \"" + before + "\" in " + where.get(seq) + " but \"" + run + "\" in "
                        + in + " (accepted: ledgers whose common runs agree: one soak's shards, of one model)");
            }
        }
        return dup;
    }

    /** An identity's merged row, and the input whose failure directory holds its best reproducer. */
    private record Best(LedgerStatus.FailureRow row, Path from) { }

    private static Map<String, Best> failures(List<Path> ins, List<LedgerStatus> statuses) {
        Map<String, Best> out = new LinkedHashMap<>();
        for (int i = 0; i < ins.size(); i++) {
            for (LedgerStatus.FailureRow f : statuses.get(i).failures()) {
                Best b = out.get(f.identity());
                out.put(f.identity(), b == null ? new Best(f, ins.get(i)) : merge(b, f, ins.get(i)));
            }
        }
        return out;
    }

    private static Best merge(Best b, LedgerStatus.FailureRow f, Path from) {
        LedgerStatus.FailureRow a = b.row();
        boolean earlier = f.firstSeen().compareTo(a.firstSeen()) < 0;
        boolean better = f.reproducerSize() != null && (a.reproducerSize() == null || f.reproducerSize().compareTo(a.reproducerSize()) < 0);
        TreeSet<Long> seeds = new TreeSet<>();
        for (String s : (a.seeds() + " " + f.seeds()).trim().split("\\s+")) seeds.add(Long.parseLong(s));
        List<String> kept = new ArrayList<>();
        for (long s : seeds) if (kept.size() < LedgerSchema.SEEDS_KEPT) kept.add(Long.toString(s));
        LedgerStatus.FailureRow best = better ? f : a;
        LedgerStatus.FailureRow row = new LedgerStatus.FailureRow(a.identity(), a.slug(), a.count() + f.count(), earlier ? f.firstSeen() : a.firstSeen(),
                f.lastSeen().compareTo(a.lastSeen()) > 0 ? f.lastSeen() : a.lastSeen(), earlier ? f.firstSeq() : a.firstSeq(), String.join(" ", kept),
                best.reproducer(), best.reproducerSize(), best.shrunk());
        return new Best(row, better ? from : b.from());
    }

    private static void insertFailure(Connection c, LedgerStatus.FailureRow f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO failures(identity, slug, first_seen, last_seen, count, first_seq, seeds, reproducer,"
                + " reproducer_cpus, reproducer_tasks, reproducer_forced, shrunk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Size z = f.reproducerSize();
            Object[] v = {f.identity(), f.slug(), f.firstSeen(), f.lastSeen(), f.count(), f.firstSeq(), f.seeds(), f.reproducer(),
                    z == null ? null : z.cpus(), z == null ? null : z.tasks(), z == null ? null : z.forced(), f.shrunk() ? 1 : 0};
            for (int i = 0; i < v.length; i++) ps.setObject(i + 1, v[i]);
            ps.executeUpdate();
        }
    }

    private static void copyDir(Path from, Path to) {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("soak merge: cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
