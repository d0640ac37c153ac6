package org.proxytorture.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.cli.Main;

/**
 * run --ftrace FILE --chrome-trace FILE --timeline N as a user meets them: the files and the table
 * after the run; bad values and unwritable paths are bad input (exit 2, one line naming the
 * option) found before the run, and a file already at the path is left as it was.
 */
class TraceCliTest {
    record Outcome(int code, String out, String err) { }

    static synchronized Outcome execute(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertBadInput(Outcome o, String named) {
        assertEquals(Main.EXIT_BAD_INPUT, o.code(), () -> "exit code; stderr: " + o.err() + " stdout: " + o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), () -> "one line on stderr: " + o.err());
        assertTrue(lines.get(0).startsWith("proxytorture: ") && lines.get(0).contains(named), () -> "names " + named + ": " + lines.get(0));
        assertTrue(lines.get(0).contains("accepted"), () -> "says what is accepted: " + lines.get(0));
        assertFalse(o.out().contains("Start of test"), "found before the run");
    }

    @Test
    void aRunWritesBothTraceFilesAndPrintsItsLastRows(@TempDir Path dir) throws IOException {
        Path ftrace = dir.resolve("trace.txt");
        Path json = dir.resolve("trace.json");
        Files.writeString(ftrace, "old contents");
        Outcome o = execute("run", "--cpus", "2", "--duration", "20ms", "--ftrace", ftrace.toString(), "--chrome-trace", json.toString(),
                "--timeline", "20");
        assertEquals(Main.EXIT_OK, o.code(), o.err());
        List<String> f = Files.readAllLines(ftrace);
        assertEquals("# tracer: nop", f.get(0));
        assertTrue(f.get(2).matches("# entries-in-buffer/entries-written: \\d+/\\d+   #P:2"), f.get(2));
        assertTrue(f.size() > 100 && f.stream().anyMatch(l -> l.contains(": sched_switch: prev_comm=")));
        assertTrue(ChromeTraceExportTest.JSON.readTree(Files.readString(json)).isObject(), "the JSON parses");
        List<String> out = o.out().lines().toList();
        int at = out.indexOf("proxytorture: timeline of the last 20 events");
        assertTrue(at > 0, o.out());
        List<String> table = out.subList(at + 1, out.size());
        assertEquals(22, table.size(), "header, the cut line, 20 rows: " + table);
        assertTrue(table.get(0).matches(" +time ch +\\| CPU0 +\\| CPU1 +\\|"), table.get(0));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    /**
     * B05 injected: the first violation at 0.053 s, then the run goes on for 0.3 s with a ring of
     * 1000 events, which by then holds only the last fraction of a millisecond. The timeline is
     * still the one around the first violation (it was pinned as the violation was reported), not
     * the newest events.
     */
    @Test
    void theTimelineOfALongRunIsAroundItsFirstViolationEvenWhenTheRingWasOverwritten() {
        Outcome o = execute("run", "--cpus", "4", "--duration", "300ms", "--inject", "B05", "--trace-entries", "1000", "--timeline", "20",
                "--bootargs", "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1");
        assertEquals(Main.EXIT_FAILURE, o.code(), o.err());
        List<String> out = o.out().lines().toList();
        int at = -1;
        for (int i = 0; i < out.size(); i++) if (out.get(i).startsWith("proxytorture: timeline around the first violation (")) at = i;
        assertTrue(at > 0, o.out());
        String head = out.get(at);
        long violationNs = Math.round(Double.parseDouble(head.substring(head.indexOf('(') + 1, head.indexOf(" s)"))) * 1e9);
        assertTrue(violationNs > 0 && violationNs < 100 * 1_000_000L, "B05 is caught early: " + head);
        List<String> table = out.subList(at + 1, out.size());
        assertTrue(table.get(1).contains("earlier events not shown") && table.get(table.size() - 1).contains("later events not shown"), String.join("\n", table));
        assertEquals(1, table.stream().filter(r -> r.contains("the first violation was reported here")).count(), String.join("\n", table));
        int rows = 0;
        for (String r : table) {
            if (!r.matches(" *\\d+\\.\\d{9} .*")) continue;
            rows++;
            long t = Math.round(Double.parseDouble(r.trim().split(" ")[0]) * 1e9);
            assertTrue(Math.abs(t - violationNs) < 1_000_000L, "a row within 1 ms of the violation, not at the end of the run: " + r);
        }
        assertEquals(20, rows, String.join("\n", table));
    }

    @Test
    void badValuesAndPathsAreBadInputAndLeaveExistingFilesAlone(@TempDir Path dir) throws IOException {
        Path existing = dir.resolve("keep.txt");
        Files.writeString(existing, "keep me");
        String f = existing.toString();
        assertBadInput(execute("run", "--duration", "10ms", "--timeline", "0"), "--timeline");
        assertBadInput(execute("run", "--duration", "10ms", "--trace-entries", "0", "--ftrace", f), "--trace-entries");
        assertBadInput(execute("run", "--duration", "10ms", "--ftrace", dir.resolve("no/such/dir/t.txt").toString()), "--ftrace");
        assertBadInput(execute("run", "--duration", "10ms", "--chrome-trace", dir.toString()), "--chrome-trace");
        assertBadInput(execute("run", "--duration", "10ms", "--ftrace", f, "--chrome-trace", f), "--ftrace and --chrome-trace");
        assertBadInput(execute("run", "--duration", "10ms", "--ftrace", f, "--bootargs", "locktorture.bogus=1"), "locktorture.bogus");
        assertEquals("keep me", Files.readString(existing));
    }
}
