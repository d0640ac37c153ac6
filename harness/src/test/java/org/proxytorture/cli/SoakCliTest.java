package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.ReplayFile;

/**
 * {@code soak} as a user meets it (issue 18): what a soak runs does not depend on --jobs; a
 * fault's failures are one row per identity with their count and a shrunk reproducer that
 * replays; a resumed soak runs the runs that were in flight and no committed run again.
 */
class SoakCliTest {
    @TempDir
    Path tmp;

    private String[] soak(Path dir, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("soak", "--config-dir", SoakFixture.configDir(tmp).toString(), "--duration", "20ms",
                "--results", dir.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void whatASoakRunsDoesNotDependOnItsWorkers() throws Exception {
        Path one = tmp.resolve("jobs1");
        Path two = tmp.resolve("jobs2");
        CliTest.Outcome a = CliTest.execute(soak(one, "--configs", "CFLIST.tiny", "--runs", "6", "--jobs", "1"));
        CliTest.Outcome b = CliTest.execute(soak(two, "--configs", "CFLIST.tiny", "--runs", "6", "--jobs", "2"));
        assertEquals(Main.EXIT_OK, a.code(), a.err() + a.out());
        assertEquals(Main.EXIT_OK, b.code(), b.err() + b.out());
        Set<String> rows = SoakFixture.rows(one);
        assertEquals(6, rows.size());
        assertEquals(rows, SoakFixture.rows(two));
        // kvm.sh's seeds: each scenario consecutive seeds from --seed
        assertEquals(Set.of("TINY 1", "TINY 2", "TINY 3", "TINY2 1", "TINY2 2", "TINY2 3"),
                SoakFixture.strings(one, "SELECT scenario || ' ' || seed FROM runs"));
        assertEquals(6, Files.readAllLines(one.resolve("log")).stream().filter(l -> l.contains(": SUCCESS,")).count());
        // not a terminal: the progress line at the end (and once a minute)
        assertTrue(b.out().contains("soak: 6 runs (6 this session)"), b.out());
    }

    @Test
    void aFaultIsOneRowPerIdentityWithItsCountAndAShrunkReproducerThatReplays() throws Exception {
        Path dir = tmp.resolve("b05");
        CliTest.Outcome o = CliTest.execute(soak(dir, "--configs", "TINY", "--inject", "B05", "--runs", "3", "--jobs", "2", "--shrink-time", "2s"));
        assertEquals(Main.EXIT_FAILURE, o.code(), o.err() + o.out());
        Set<String> identities = SoakFixture.strings(dir, "SELECT DISTINCT identity FROM runs WHERE verdict = 'FAILURE'");
        assertFalse(identities.isEmpty());
        assertEquals(identities, SoakFixture.strings(dir, "SELECT identity FROM failures"));
        assertEquals(Set.of("3"), SoakFixture.strings(dir, "SELECT sum(count) FROM failures"));
        for (String slug : SoakFixture.strings(dir, "SELECT slug FROM failures WHERE shrunk = 1")) {
            Path min = dir.resolve("failures").resolve(slug).resolve("found.min.json");
            ReplayFile rf = ReplayFile.read(min);
            Outcome again = rf.replay();
            assertEquals(rf.eventHash(), again.hashHex(), "the shrunk reproducer replays exactly");
            assertEquals(rf.identity(), again.identity());
            for (String f : List.of("found.json", "timeline.txt", "trace.ftrace.txt", "trace.chrome.json"))
                assertTrue(Files.isRegularFile(min.resolveSibling(f)), f);
        }
        assertEquals(identities.size(), SoakFixture.strings(dir, "SELECT slug FROM failures WHERE shrunk = 1").size(), "every identity shrunk");
        CliTest.Outcome status = CliTest.execute("soak", "status", dir.toString());
        assertEquals(Main.EXIT_FAILURE, status.code());
        assertTrue(status.out().contains(identities.size() + " distinct failure(s)"), status.out());
    }

    @Test
    void aResumedSoakRunsTheRunsThatWereInFlightAndNoCommittedRunAgain() throws Exception {
        Path whole = tmp.resolve("whole");
        Path killed = tmp.resolve("killed");
        assertEquals(Main.EXIT_OK, CliTest.execute(soak(whole, "--configs", "TINY2", "--runs", "5", "--jobs", "2")).code());
        assertEquals(Main.EXIT_OK, CliTest.execute(soak(killed, "--configs", "TINY2", "--runs", "5", "--jobs", "2")).code());
        // killed with runs 1 and 3 in flight: they have no row (a run is committed when it ends)
        SoakFixture.execute(killed, "DELETE FROM runs WHERE seq IN (1, 3)");
        CliTest.Outcome r = CliTest.execute("soak", "--resume", killed.toString(), "--jobs", "2");
        assertEquals(Main.EXIT_OK, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("2 run(s) that were in flight"), r.out());
        assertEquals(SoakFixture.rows(whole), SoakFixture.rows(killed));
        // resumed again: everything is committed, nothing runs
        CliTest.Outcome again = CliTest.execute("soak", "--resume", killed.toString());
        assertTrue(again.out().contains("soak: 0 run(s) this time"), again.out());
        // a new bound on resume extends the same sequence
        assertEquals(Main.EXIT_OK, CliTest.execute("soak", "--resume", killed.toString(), "--runs", "7").code());
        assertEquals(Set.of("1", "2", "3", "4", "5", "6", "7"), SoakFixture.strings(killed, "SELECT seed FROM runs"));
    }
}
