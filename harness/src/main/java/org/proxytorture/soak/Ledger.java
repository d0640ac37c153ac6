package org.proxytorture.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.ReplayFile;

/**
 * The soak's ledger writer (DIR/soak.db, {@link LedgerSchema}): one connection, one writer at a
 * time (its methods are synchronized), each finished run committed with its failure and finding
 * counts in one transaction. The first-seen decision for an identity is made inside that
 * transaction, so two workers can never both see an identity first.
 */
public final class Ledger implements AutoCloseable {
    /** What committing a run decided. */
    public enum Decision {
        /** It passed. */
        PASSED,
        /** Its identity is new: it is shrunk, its files written. */
        NEW,
        /** A known identity with fewer forced choices than the best reproducer so far: its replay file is kept. */
        SMALLER,
        /** A known identity: counted. */
        COUNTED
    }

    /** A failure whose shrink has not finished (resume shrinks it again from its first run). */
    public record Unshrunk(Identity identity, String slug, long firstSeq) { }

    private final Connection c;
    private final SoakLock lock;
    private final Host host;
    private final SoakRecipe recipe;
    private final Stop stop;

    private Ledger(Connection c, SoakLock lock, Host host, SoakRecipe recipe, Stop stop) {
        this.c = c;
        this.lock = lock;
        this.host = host;
        this.recipe = recipe;
        this.stop = stop;
    }

    /** A new ledger in {@code dir} (which must not hold one: bad input, nothing written). */
    public static Ledger create(Path dir, SoakRecipe recipe, Stop stop, Host host) {
        Path db = dir.resolve(LedgerSchema.FILE);
        if (Files.exists(db)) throw new BadInputException("--results " + dir + ": already holds a soak (" + db + "), left as it is"
                + " (accepted: soak --resume " + dir + ", or a new --results DIR)");
        SoakLock lock = null;
        try {
            Files.createDirectories(dir);
            lock = SoakLock.acquire(dir);
            // made under another name and moved into place: a soak killed while creating it leaves no half ledger to refuse
            Path fresh = dir.resolve("." + LedgerSchema.FILE + ".new");
            for (String leftover : List.of("", "-wal", "-shm")) Files.deleteIfExists(fresh.resolveSibling(fresh.getFileName() + leftover));
            Connection c = LedgerSchema.connect(fresh, false);
            List<String[]> meta = new ArrayList<>(List.of(new String[] {"schema_version", Integer.toString(LedgerSchema.SCHEMA_VERSION)},
                    new String[] {"model_version", ReplayFile.MODEL_VERSION}, new String[] {"recipe", recipe.toJson()},
                    new String[] {"created", java.time.Instant.now().toString()}));
            meta.addAll(LedgerSchema.stopRows(stop));
            LedgerSchema.create(c, meta);
            c.close(); // the last connection: its WAL is checkpointed into the file and removed
            Files.move(fresh, db, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Ledger(LedgerSchema.connect(db, false), lock, host, recipe, stop);
        } catch (java.io.IOException | SQLException | RuntimeException e) {
            if (lock != null) lock.close();
            if (e instanceof RuntimeException r) throw r;
            throw new BadInputException("--results " + dir + ": cannot create the ledger (" + LedgerSchema.firstLine(e) + ") (accepted: a writable directory)");
        }
    }

    /** The ledger of {@code dir}, checked ({@link LedgerSchema#check}) before anything is written. */
    public static Ledger resume(Path dir, Host host) {
        Path db = dir.resolve(LedgerSchema.FILE);
        LedgerSchema.check(db, true);
        if (!Files.isWritable(dir) || !Files.isWritable(db))
            throw new BadInputException("--resume " + dir + ": not writable (accepted: a soak directory this user can write)");
        SoakLock lock = SoakLock.acquire(dir);
        try {
            Connection c = LedgerSchema.connect(db, false);
            return new Ledger(c, lock, host, LedgerSchema.recipe(c), LedgerSchema.stop(c));
        } catch (SQLException | RuntimeException e) {
            lock.close();
            throw new BadInputException(db + ": not a soak ledger: " + LedgerSchema.firstLine(e) + " (accepted: a soak's " + LedgerSchema.FILE + ")");
        }
    }

    /** Work on the ledger's connection inside one transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code w} in one transaction, committed if it returns, rolled back if it throws; {@code what} names it in an error. */
    synchronized <T> T transaction(String what, Work<T> w) {
        try {
            c.setAutoCommit(false);
            try {
                T t = w.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger: cannot " + what + ": " + LedgerSchema.firstLine(e), e);
        }
    }

    /**
     * Runs {@code w} in one transaction with {@code other} (a ledger file, read only) attached as
     * {@code src} (a merge); SQLite attaches and detaches outside a transaction.
     */
    synchronized <T> T withAttached(Path other, String what, Work<T> w) {
        try {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS src")) {
                ps.setString(1, other.toAbsolutePath().toUri() + "?mode=ro");
                ps.execute();
            }
            try {
                return transaction(what, w);
            } finally {
                c.setAutoCommit(true);
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("DETACH DATABASE src");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger: cannot " + what + ": " + LedgerSchema.firstLine(e), e);
        }
    }

    /** A resumed soak's new bound (--runs, --time, --until given with --resume), kept for the next resume. */
    public Ledger withStop(Stop newStop) {
        transaction("record the new stop", c -> {
            for (String[] kv : LedgerSchema.stopRows(newStop)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET value = ? WHERE key = ?")) {
                    ps.setString(1, kv[1]);
                    ps.setString(2, kv[0]);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        return new Ledger(c, lock, host, recipe, newStop);
    }

    public SoakRecipe recipe() {
        return recipe;
    }

    public Stop stop() {
        return stop;
    }

    /** Commits {@code r} (a run number already in the ledger is the harness's bug: it throws). */
    public Decision record(RunRecord r) {
        return transaction("commit run " + r.seq(), c -> {
            Decision d = r.failed() ? failure(r) : Decision.PASSED;
            for (String kind : r.findings()) addFinding(c, kind, 1);
            insertRun(r);
            return d;
        });
    }

    static void addFinding(Connection c, String kind, long n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO findings(kind, count) VALUES (?, ?)"
                + " ON CONFLICT(kind) DO UPDATE SET count = count + excluded.count")) {
            ps.setString(1, kind);
            ps.setLong(2, n);
            ps.executeUpdate();
        }
    }

    private Decision failure(RunRecord r) throws SQLException {
        String id = r.identity().toString();
        try (PreparedStatement q = c.prepareStatement("SELECT count, reproducer_cpus, reproducer_tasks, reproducer_forced FROM failures WHERE identity = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    // its found file is written next (and again by a resume that finds it unshrunk), so a later smaller run is kept
                    String slug = Slug.of(r.identity());
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO failures(identity, slug, first_seen, last_seen, count, first_seq, seeds,"
                            + " reproducer, reproducer_cpus, reproducer_tasks, reproducer_forced) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)")) {
                        Object[] v = {id, slug, r.started(), r.started(), r.seq(), Long.toString(r.seed()),
                                FailureFiles.relative(slug, FailureFiles.FOUND), r.cpus(), r.tasks(), r.forcedChoices()};
                        for (int i = 0; i < v.length; i++) ps.setObject(i + 1, v[i]);
                        ps.executeUpdate();
                    }
                    return Decision.NEW;
                }
                long count = rs.getLong(1);
                rs.getLong(4);
                boolean smaller = !rs.wasNull() && r.size().compareTo(new Size(rs.getInt(2), rs.getInt(3), rs.getLong(4))) < 0;
                try (PreparedStatement ps = c.prepareStatement("UPDATE failures SET count = count + 1, last_seen = max(last_seen, ?),"
                        + " seeds = CASE WHEN ? THEN seeds || ' ' || ? ELSE seeds END WHERE identity = ?")) {
                    ps.setString(1, r.started());
                    ps.setBoolean(2, count < LedgerSchema.SEEDS_KEPT);
                    ps.setString(3, Long.toString(r.seed()));
                    ps.setString(4, id);
                    ps.executeUpdate();
                }
                return smaller ? Decision.SMALLER : Decision.COUNTED;
            }
        }
    }

    private void insertRun(RunRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs(seq, scenario, seed, cpus, tasks, hz, duration_ns, bootargs, model_version,"
                + " harness_version, git_commit, java_version, host, started, wall_ms, events, sim_ns, event_hash, verdict, identity,"
                + " forced_choices, findings, acquisitions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] v = {r.seq(), r.scenario(), r.seed(), r.cpus(), r.tasks(), r.hz(), r.durationNs(), r.bootargs(), ReplayFile.MODEL_VERSION,
                    host.harnessVersion(), host.gitCommit(), host.javaVersion(), host.name(), r.started(), r.wallMs(), r.events(), r.simNs(),
                    r.eventHash(), r.verdict(), r.failed() ? r.identity().toString() : null, r.forcedChoices(), String.join(" ", r.findings()),
                    r.acquisitions()};
            for (int i = 0; i < v.length; i++) ps.setObject(i + 1, v[i]);
            ps.executeUpdate();
        }
    }

    /**
     * {@code file} (relative to DIR) becomes the identity's reproducer if it is smaller ({@link Size})
     * than the one there (or there is none); {@code shrunk}: the shrink of the identity has finished.
     */
    public void offerReproducer(Identity id, String file, Size size, boolean shrunk) {
        transaction("record the reproducer of " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE failures SET reproducer = ?, reproducer_cpus = ?, reproducer_tasks = ?,"
                    + " reproducer_forced = ? WHERE identity = ? AND (reproducer_forced IS NULL"
                    + " OR (reproducer_cpus, reproducer_tasks, reproducer_forced) > (?, ?, ?))")) {
                Object[] v = {file, size.cpus(), size.tasks(), size.forced(), id.toString(), size.cpus(), size.tasks(), size.forced()};
                for (int i = 0; i < v.length; i++) ps.setObject(i + 1, v[i]);
                ps.executeUpdate();
            }
            if (shrunk) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE failures SET shrunk = 1 WHERE identity = ?")) {
                    ps.setString(1, id.toString());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The ledger's totals, for the progress line: runs, failing runs, distinct failures, simulated ns. */
    public synchronized long[] totals() {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), ifnull(sum(verdict = 'FAILURE'), 0), (SELECT count(*) FROM failures),"
                + " ifnull(sum(sim_ns), 0) FROM runs"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        } catch (SQLException e) {
            throw new IllegalStateException("ledger: " + LedgerSchema.firstLine(e), e);
        }
    }

    /** The run numbers committed, ascending. */
    public synchronized List<Long> committed() {
        return longs("SELECT seq FROM runs ORDER BY seq");
    }

    /** The failures whose shrink has not finished, in the order they were first seen. */
    public synchronized List<Unshrunk> unshrunk() {
        List<Unshrunk> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT identity, slug, first_seq FROM failures WHERE shrunk = 0 ORDER BY first_seen, first_seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Unshrunk(Identity.parse(rs.getString(1)), rs.getString(2), rs.getLong(3)));
        } catch (SQLException e) {
            throw new IllegalStateException("ledger: " + LedgerSchema.firstLine(e), e);
        }
        return out;
    }

    private List<Long> longs(String sql) {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getLong(1));
        } catch (SQLException e) {
            throw new IllegalStateException("ledger: " + LedgerSchema.firstLine(e), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            c.close();
        } catch (SQLException e) {
            // closing: what was committed is in the file
        }
        lock.close();
    }
}
