package org.proxytorture.soak;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.ReplayFile;

/**
 * DIR/soak.db's tables and the checks made before a soak writes into one: it is an SQLite file,
 * of this schema version and this model version (a ledger of another model holds runs whose event
 * hashes this build would not reproduce: refused, never overwritten).
 *
 * <pre>
 * meta(key, value)      schema_version, model_version, recipe (SoakRecipe JSON), stop_runs, stop_deadline_ms, created
 * runs(seq, ...)        one row per finished run (RunRecord, with the Host it ran on)
 * failures(identity, ...) one row per distinct failure identity: first and last seen, count, first seeds, best reproducer
 * findings(kind, count) soft findings, counted per kind
 * </pre>
 */
public final class LedgerSchema {
    /** Bumped when a table changes; a ledger of another version is refused. */
    public static final int SCHEMA_VERSION = 2; // 2: runs.acquisitions
    public static final String FILE = "soak.db";
    /** How many of an identity's seeds its failures row lists (the runs table has them all). */
    static final int SEEDS_KEPT = 20;

    static final List<String> DDL = List.of(
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE runs(seq INTEGER PRIMARY KEY, scenario TEXT NOT NULL, seed INTEGER NOT NULL, cpus INTEGER NOT NULL,"
                    + " tasks INTEGER NOT NULL, hz INTEGER NOT NULL, duration_ns INTEGER NOT NULL, bootargs TEXT NOT NULL, model_version TEXT NOT NULL,"
                    + " harness_version TEXT NOT NULL, git_commit TEXT NOT NULL, java_version TEXT NOT NULL, host TEXT NOT NULL,"
                    + " started TEXT NOT NULL, wall_ms INTEGER NOT NULL, events INTEGER NOT NULL, sim_ns INTEGER NOT NULL,"
                    + " event_hash TEXT NOT NULL, verdict TEXT NOT NULL, identity TEXT, forced_choices INTEGER NOT NULL, findings TEXT NOT NULL,"
                    + " acquisitions INTEGER NOT NULL)",
            "CREATE TABLE failures(identity TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,"
                    + " count INTEGER NOT NULL, first_seq INTEGER NOT NULL, seeds TEXT NOT NULL, reproducer TEXT,"
                    + " reproducer_cpus INTEGER, reproducer_tasks INTEGER, reproducer_forced INTEGER,"
                    + " shrunk INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE findings(kind TEXT PRIMARY KEY, count INTEGER NOT NULL)");

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private LedgerSchema() { }

    /** A connection to {@code db}; WAL so that {@code soak status} reads while a soak writes. */
    public static Connection connect(Path db, boolean readOnly) throws SQLException {
        org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
        cfg.setBusyTimeout(30_000);
        if (readOnly) {
            cfg.setReadOnly(true); // and without SQLITE_OPEN_CREATE: a missing file is not made
        } else {
            cfg.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            // a committed transaction survives the process's death (kill -9); only a power loss may lose the last ones
            cfg.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
        }
        // a ledger no one is writing into (no -wal file: its last writer closed it) is read as immutable: no lock,
        // so no -shm and -wal files appear beside a ledger that status reads or a check refuses
        boolean quiet = readOnly && !Files.exists(db.resolveSibling(db.getFileName() + "-wal"));
        String url = quiet ? "jdbc:sqlite:" + db.toAbsolutePath().toUri() + "?immutable=1" : "jdbc:sqlite:" + db.toAbsolutePath();
        return DriverManager.getConnection(url, cfg.toProperties());
    }

    /** Creates the tables and the meta rows in a new file. */
    static void create(Connection c, List<String[]> meta) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) s.execute(ddl);
            s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
        }
        try (var ps = c.prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?)")) {
            for (String[] kv : meta) {
                ps.setString(1, kv[0]);
                ps.setString(2, kv[1]);
                ps.executeUpdate();
            }
        }
        c.commit();
    }

    /**
     * Bad input unless {@code db} is a soak ledger this build can read: an SQLite file (its header
     * read first, so a file that is not one is never opened) of this schema version, and, if
     * {@code sameModel} (to write into it: a resume, a merge), of this model version.
     */
    public static void check(Path db, boolean sameModel) {
        if (!Files.isRegularFile(db)) throw new BadInputException(db + ": no soak ledger here (accepted: a directory a soak wrote, with its " + FILE + ")");
        byte[] head = new byte[MAGIC.length];
        try (InputStream in = Files.newInputStream(db)) {
            if (in.readNBytes(head, 0, head.length) != head.length || !Arrays.equals(head, MAGIC))
                throw new BadInputException(db + ": not an SQLite database (corrupt or foreign; left as it is) (accepted: a soak's " + FILE + ")");
        } catch (IOException e) {
            throw new BadInputException(db + ": cannot read it (" + e.getMessage() + ") (accepted: a readable soak ledger)");
        }
        String schema;
        String model;
        try (Connection c = connect(db, true)) {
            schema = meta(c, "schema_version");
            model = meta(c, "model_version");
        } catch (SQLException e) {
            throw new BadInputException(db + ": not a soak ledger: " + firstLine(e) + " (corrupt or foreign; left as it is) (accepted: a soak's " + FILE + ")");
        }
        if (!Integer.toString(SCHEMA_VERSION).equals(schema))
            throw new BadInputException(db + ": ledger schema version " + schema + ", this build writes " + SCHEMA_VERSION
                    + "; left as it is (accepted: a ledger of schema " + SCHEMA_VERSION + ", or a new --results DIR)");
        if (sameModel && !ReplayFile.MODEL_VERSION.equals(model))
            throw new BadInputException(db + ": ledger of model version " + model + ", this is " + ReplayFile.MODEL_VERSION
                    + ": its runs would not replay; left as it is (accepted: a ledger of " + ReplayFile.MODEL_VERSION + ", or a new --results DIR)");
    }

    /** The meta rows of the stop: stop_runs, stop_deadline_ms (empty: no such bound). */
    static List<String[]> stopRows(Stop stop) {
        return List.of(new String[] {"stop_runs", stop.runs() == null ? "" : stop.runs().toString()},
                new String[] {"stop_deadline_ms", stop.deadlineMs() == null ? "" : stop.deadlineMs().toString()});
    }

    static Stop stop(Connection c) throws SQLException {
        String runs = meta(c, "stop_runs");
        String deadline = meta(c, "stop_deadline_ms");
        return new Stop(runs == null || runs.isEmpty() ? null : Long.valueOf(runs), deadline == null || deadline.isEmpty() ? null : Long.valueOf(deadline));
    }

    static SoakRecipe recipe(Connection c) throws SQLException {
        return SoakRecipe.parse(meta(c, "recipe"));
    }

    /** A meta value, or null. */
    static String meta(Connection c, String key) throws SQLException {
        try (var ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m).trim();
    }
}
