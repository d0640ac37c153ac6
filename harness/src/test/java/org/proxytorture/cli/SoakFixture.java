package org.proxytorture.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** What the soak tests share: a scenario directory of small scenarios, a ledger's rows, a directory's exact contents. */
final class SoakFixture {
    private SoakFixture() { }

    /**
     * configs/lock-shaped: TINY (4 CPUs, B05's catalog command line: nested mutexes, a shuffle that
     * keeps one CPU out of the writers' masks, each second) and TINY2 (2 CPUs, 2 writers); a 20 ms
     * run of either takes a fraction of a second.
     */
    static Path configDir(Path root) throws IOException {
        Path d = Files.createDirectories(root.resolve("configs"));
        Files.writeString(d.resolve("TINY"), "CONFIG_SMP=y\nCONFIG_NR_CPUS=4\nCONFIG_SCHED_PROXY_EXEC=y\nCONFIG_EXPERT=y\n");
        Files.writeString(d.resolve("TINY.boot"), "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1"
                + " locktorture.shuffle_interval=1 proxytorture.proxy_variant=full\n");
        Files.writeString(d.resolve("TINY2"), "CONFIG_SMP=y\nCONFIG_NR_CPUS=2\nCONFIG_SCHED_PROXY_EXEC=y\nCONFIG_EXPERT=y\n");
        Files.writeString(d.resolve("TINY2.boot"), "locktorture.torture_type=mutex_lock locktorture.nwriters_stress=2\n");
        Files.writeString(d.resolve("CFLIST.tiny"), "TINY TINY2\n");
        return d;
    }

    /** The ledger's runs as "scenario seed verdict event_hash identity events", order aside. */
    static Set<String> rows(Path soakDir) throws SQLException {
        return strings(soakDir, "SELECT scenario || ' ' || seed || ' ' || verdict || ' ' || event_hash || ' ' || ifnull(identity, '-') || ' ' || events FROM runs");
    }

    static Set<String> strings(Path soakDir, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + soakDir.resolve("soak.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static void execute(Path soakDir, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + soakDir.resolve("soak.db")); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    /** Every file under {@code dir} with its SHA-256: equal snapshots, nothing in it changed. */
    static TreeMap<String, String> snapshot(Path dir) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) return out;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            try {
                out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}
