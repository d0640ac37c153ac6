package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, item 11: an unknown scenario or fault, a bad --time, --until or bound, an unwritable
 * or foreign DIR, a corrupt database: one line naming the problem, exit 2, and nothing already in
 * DIR changed (a DIR that did not exist is not created).
 */
class SoakBadInputTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(List.of("--configs", "NOPE"), "NOPE"),
                Arguments.of(List.of("--configs", "TINY", "--inject", "B99"), "B99"),
                Arguments.of(List.of("--configs", "TINY", "--time", "5x"), "--time"),
                Arguments.of(List.of("--configs", "TINY", "--until", "25:00"), "--until"),
                Arguments.of(List.of("--configs", "TINY", "--runs", "0"), "--runs"),
                Arguments.of(List.of("--configs", "TINY", "--jobs", "0"), "--jobs"),
                Arguments.of(List.of("--configs", "TINY", "--duration", "0s"), "--duration"),
                Arguments.of(List.of("--configs", "TINY", "--cpus", "0"), "--cpus"),
                Arguments.of(List.of("--configs", "TINY", "--shrink-time", "1"), "--shrink-time"),
                Arguments.of(List.of("--configs", "TINY", "--bootargs", "locktorture.bogus=1"), "locktorture.bogus"),
                Arguments.of(List.of("--configs", "TINY", "--kconfig", "CONFIG_PREEMPT_RT=y"), "PREEMPT_RT"),
                Arguments.of(List.of("--runs", "3"), "--configs"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void aBadOptionIsOneLineAndCreatesNothing(List<String> options, String named) throws Exception {
        Path dir = tmp.resolve("soak");
        List<String> a = new ArrayList<>(List.of("soak", "--config-dir", SoakFixture.configDir(tmp).toString(), "--results", dir.toString(),
                "--duration", "20ms"));
        a.addAll(options);
        CliTest.assertBadInput(CliTest.execute(a.toArray(String[]::new)), named);
        assertFalse(Files.exists(dir), "the results directory was created");
    }

    @Test
    void aBadOptionLeavesAnExistingDirectoryAsItWas() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("soak"));
        Files.writeString(dir.resolve("notes.txt"), "mine\n");
        TreeMap<String, String> before = SoakFixture.snapshot(dir);
        CliTest.assertBadInput(CliTest.execute("soak", "--config-dir", SoakFixture.configDir(tmp).toString(), "--results", dir.toString(),
                "--configs", "NOPE"), "NOPE");
        assertEquals(before, SoakFixture.snapshot(dir));
    }

    @Test
    void aResultsPathThatCannotBeADirectoryIsBadInput() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliTest.assertBadInput(CliTest.execute("soak", "--config-dir", SoakFixture.configDir(tmp).toString(), "--configs", "TINY",
                "--results", file.toString()), "not a directory");
        CliTest.assertBadInput(CliTest.execute("soak", "--config-dir", SoakFixture.configDir(tmp).toString(), "--configs", "TINY",
                "--results", file.resolve("sub").toString()), "cannot create the ledger");
        assertEquals("x", Files.readString(file));
    }

    /** A soak that is there: a fresh soak into it, a resume with another recipe, and a resume of a directory without one are refused. */
    @Test
    void anExistingSoakIsNeverStartedOverAndAResumeTakesItsRecipe() throws Exception {
        Path dir = tmp.resolve("soak");
        String cfg = SoakFixture.configDir(tmp).toString();
        assertEquals(Main.EXIT_OK, CliTest.execute("soak", "--config-dir", cfg, "--configs", "TINY2", "--duration", "20ms", "--runs", "1",
                "--results", dir.toString()).code());
        TreeMap<String, String> before = SoakFixture.snapshot(dir);
        CliTest.assertBadInput(CliTest.execute("soak", "--config-dir", cfg, "--configs", "TINY2", "--runs", "2", "--results", dir.toString()),
                "already holds a soak");
        CliTest.assertBadInput(CliTest.execute("soak", "--resume", dir.toString(), "--seed", "7"), "--seed");
        CliTest.assertBadInput(CliTest.execute("soak", "--resume", tmp.resolve("none").toString()), "no soak ledger");
        assertEquals(before, SoakFixture.snapshot(dir));
    }

    /** Two soaks never write into one directory: the second is refused while the first holds it. */
    @Test
    void aSoakBeingWrittenIsNotResumedTwice() throws Exception {
        Path dir = soakOfOneRun();
        try (org.proxytorture.soak.Ledger running = org.proxytorture.soak.Ledger.resume(dir, new org.proxytorture.soak.Host("t", "t", "t", "t"))) {
            CliTest.assertBadInput(CliTest.execute("soak", "--resume", dir.toString()), "another soak is writing into it");
            assertEquals(Main.EXIT_OK, CliTest.execute("soak", "status", dir.toString()).code(), "status reads it meanwhile");
        }
        assertEquals(Main.EXIT_OK, CliTest.execute("soak", "--resume", dir.toString()).code());
    }

    /** A ledger of another model: a resume refuses it (its runs would not replay), status still reads it; neither changes it. */
    @Test
    void aLedgerOfAnotherModelIsNotResumedAndLeftAsItWas() throws Exception {
        Path dir = soakOfOneRun();
        SoakFixture.execute(dir, "UPDATE meta SET value = 'proxytorture-model-0' WHERE key = 'model_version'");
        TreeMap<String, String> before = SoakFixture.snapshot(dir);
        CliTest.assertBadInput(CliTest.execute("soak", "--resume", dir.toString()), "model version proxytorture-model-0");
        assertEquals(Main.EXIT_OK, CliTest.execute("soak", "status", dir.toString()).code());
        assertEquals(before, SoakFixture.snapshot(dir));
    }

    @Test
    void aLedgerOfAnotherSchemaIsRefusedAndLeftAsItWas() throws Exception {
        Path dir = soakOfOneRun();
        SoakFixture.execute(dir, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        TreeMap<String, String> before = SoakFixture.snapshot(dir);
        CliTest.assertBadInput(CliTest.execute("soak", "--resume", dir.toString()), "schema version 99");
        CliTest.assertBadInput(CliTest.execute("soak", "status", dir.toString()), "schema version 99");
        assertEquals(before, SoakFixture.snapshot(dir));
    }

    @Test
    void aCorruptLedgerIsRefusedAndLeftAsItWas() throws Exception {
        Path dir = soakOfOneRun();
        byte[] db = Files.readAllBytes(dir.resolve("soak.db"));
        // a file that is not SQLite at all
        Files.writeString(dir.resolve("soak.db"), "not a database\n");
        TreeMap<String, String> before = SoakFixture.snapshot(dir);
        CliTest.assertBadInput(CliTest.execute("soak", "--resume", dir.toString()), "not an SQLite database");
        CliTest.assertBadInput(CliTest.execute("soak", "status", dir.toString()), "not an SQLite database");
        assertEquals(before, SoakFixture.snapshot(dir));
        // SQLite's header, its pages overwritten
        for (int i = 100; i < db.length; i++) db[i] = (byte) 0x5a;
        Files.write(dir.resolve("soak.db"), db);
        before = SoakFixture.snapshot(dir);
        CliTest.assertBadInput(CliTest.execute("soak", "--resume", dir.toString()), "soak.db");
        assertEquals(before, SoakFixture.snapshot(dir));
    }

    private Path soakOfOneRun() throws Exception {
        Path dir = tmp.resolve("soak");
        CliTest.Outcome o = CliTest.execute("soak", "--config-dir", SoakFixture.configDir(tmp).toString(), "--configs", "TINY2",
                "--duration", "20ms", "--runs", "1", "--results", dir.toString());
        assertEquals(Main.EXIT_OK, o.code(), o.err());
        assertTrue(Files.isRegularFile(dir.resolve("soak.db")));
        return dir;
    }
}
