package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report on a directory it does not understand, a missing one, or a corrupt file: one line, exit 2, nothing written. */
class ReportBadInputTest {
    @TempDir
    Path dir;

    private void refused(Path d, String named) throws Exception {
        var before = SoakFixture.snapshot(d.getParent());
        CliTest.assertBadInput(CliTest.execute("report", d.toString()), named);
        assertFalse(Files.exists(d.resolve("report")), "no report directory written");
        assertEquals(before, SoakFixture.snapshot(d.getParent()), "nothing written or changed");
    }

    @Test
    void aMissingDirectory() throws Exception {
        refused(dir.resolve("nope"), "no such directory");
    }

    @Test
    void aDirectoryItDoesNotUnderstand() throws Exception {
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.writeString(d.resolve("notes.txt"), "hello\n");
        Files.writeString(d.resolve("other.xml"), "<testsuite name=\"someone.else\"/>\n");
        refused(d, "not a directory the report understands");
    }

    @Test
    void aCorruptLedger() throws Exception {
        Path d = Files.createDirectories(dir.resolve("soak"));
        Files.write(d.resolve("soak.db"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18});
        refused(d, "not an SQLite database");
    }

    @Test
    void aForeignSqliteFile() throws Exception {
        Path d = Files.createDirectories(dir.resolve("soak"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + d.resolve("soak.db")); var s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
        }
        refused(d, "soak.db");
    }

    @Test
    void aCorruptPidemoFileAndSummary() throws Exception {
        Path p = Files.createDirectories(dir.resolve("pd"));
        Files.writeString(p.resolve("pidemo.json"), "{\"cpus\": 4, \"variants\": [{\"name\": \"pi\", \"runs\": [{\"seed\": 1, \"histogram\": \"not base64!\"}]}]}");
        refused(p, "not a pidemo result");
        Path t = Files.createDirectories(dir.resolve("res").resolve("LOCK01"));
        Files.writeString(t.resolve("summary.json"), "{\"scenario\": \"LOCK01\"}");
        refused(t.getParent(), "summary.json");
    }

    @Test
    void anOutThatIsAFile() throws Exception {
        Path p = Files.createDirectories(dir.resolve("pd"));
        Path f = Files.writeString(dir.resolve("file"), "x");
        CliTest.assertBadInput(CliTest.execute("report", p.toString(), "--out", f.toString()), "--out");
    }
}
