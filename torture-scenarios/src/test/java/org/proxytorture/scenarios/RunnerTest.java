package org.proxytorture.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.reports.ConsoleSummary;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.run.RunSummary;
import org.proxytorture.torture.TortureParams;

/** scripts/torture end to end: child JVMs, the res/ tree, the printed lines, exit codes. */
class RunnerTest {
    @TempDir
    Path tmp;

    private Path dirOnly(Path d) throws IOException {
        try (var s = Files.list(d)) {
            List<Path> l = s.toList();
            assertEquals(1, l.size(), "one <date> directory per invocation: " + l);
            return l.get(0);
        }
    }

    /** Given LOCK02 and PIDEMO01 on 2 CPUs for 1 s, run 2 at once: both succeed and are filed. */
    @Test
    void twoScenariosRunInParallelAndAreFiled() throws IOException {
        Path res = tmp.resolve("res");
        Cli.Outcome o = Cli.torture("--configs", "LOCK02 PIDEMO01", "--cpus", "2", "--duration", "1s", "--jobs", "2", "--seed", "5",
                "--config-dir", ShippedScenariosTest.DIR.toString(), "--results", res.toString(), "--keep-choices", "all");
        assertEquals(TortureMain.EXIT_OK, o.code(), o.out() + o.err());
        assertEquals("", o.err());
        Path date = dirOnly(res);
        assertTrue(date.getFileName().toString().matches("\\d{4}\\.\\d\\d\\.\\d\\d-\\d\\d\\.\\d\\d\\.\\d\\d"), "kvm.sh's date name: " + date);

        // LOCK02: kvm-recheck-lock.sh's line from its console.log, and the verdict
        Path lock02 = date.resolve("LOCK02");
        Matcher m = Pattern.compile("(?m)^LOCK02 ------- (\\d+) acquisitions/releases \\((\\d+) per second\\)$").matcher(o.out());
        assertTrue(m.find(), o.out());
        long acq = Long.parseLong(m.group(1));
        assertEquals(acq, Long.parseLong(m.group(2)), "1 s: as many per second as in total");
        assertTrue(Pattern.compile("(?m)^LOCK02: SUCCESS \\(seed 5, 2 CPUs, event hash [0-9a-f]{16}, ").matcher(o.out()).find(), o.out());
        ConsoleSummary console = ConsoleSummary.read(lock02.resolve("console.log"));
        assertEquals(ConsoleSummary.Verdict.SUCCESS, console.verdict());
        assertEquals(acq, console.writesTotal().getAsLong());
        RunSummary s = RunSummary.parse(Files.readString(lock02.resolve("summary.json")));
        assertEquals("LOCK02", s.scenario());
        assertEquals(5, s.seed());
        assertEquals("SUCCESS", s.result());
        assertEquals(acq, s.acquisitions());
        assertEquals(0, s.fails());
        assertTrue(s.wallMs() > 0, "wall time recorded");
        assertTrue(Files.readString(lock02.resolve("console.log")).contains("event hash " + s.eventHash()), "the hash in the console");
        assertTrue(s.bootargs().contains("locktorture.torture_type=mutex_lock ") && s.bootargs().contains("locktorture.shutdown_secs=1"), s.bootargs());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(lock02.resolve("choices.txt.gz")))) {
            ChoiceLog log = ChoiceLog.parseCompact(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            assertEquals(s.choices(), log.size(), "the whole choice list is filed");
            assertEquals(s.forcedChoices(), log.nonZero());
        }
        assertTrue(Files.readString(lock02.resolve("cmd")).contains("org.proxytorture.cli.Main run --cpus 2 --hz 1000 --duration 1000000000ns --seed 5"));
        // The filed recipe is complete: the same run in this JVM executes the same events.
        var again = new org.proxytorture.torture.TortureRun(new org.proxytorture.config.RunConfig(2, 1000, 1_000_000_000L, s.bootargs(), 5, null),
                new org.proxytorture.torture.Console(null, false)).run();
        assertEquals(s.eventHash(), again.hashHex(), "same scenario, seed and bootargs: same event hash");

        // PIDEMO01: the demo's case, its latency line, and acquisitions of s_vfs_rename_mutex
        Path pidemo = date.resolve("PIDEMO01");
        RunSummary p = RunSummary.parse(Files.readString(pidemo.resolve("summary.json")));
        assertEquals("pidemo", p.workload());
        assertEquals("SUCCESS", p.result());
        assertTrue(o.out().contains("PIDEMO01 ------- " + p.acquisitions() + " acquisitions/releases"), o.out());
        assertTrue(Pattern.compile("(?m)^PIDEMO01: proxy full renames \\d+ lock latency us: .* max [0-9.]+ >10ms \\d+$").matcher(o.out()).find(), o.out());
        assertTrue(Files.readString(pidemo.resolve("console.log")).contains("pidemo case alone: foreground nice 0 in /, no background rename, no CPU load"));
        assertTrue(o.out().contains("torture: 2 runs: 2 SUCCESS; results in " + date), o.out());
    }

    /**
     * Given BUSTED (its lock does not exclude, so it fails) and LOCK02 (passes), by default: the
     * failed run keeps its choices.txt.gz and gets explore's replay file, which the runner names
     * and which replay (given the run directory) reproduces exactly; the passing run keeps neither.
     */
    @Test
    void aFailedRunLeavesAReplayFileThatReplayTakesAndAPassingRunNoChoices() throws IOException {
        Path res = tmp.resolve("res");
        Cli.Outcome o = Cli.torture("--configs", "BUSTED LOCK02", "--cpus", "2", "--duration", "1s", "--jobs", "2", "--seed", "3",
                "--config-dir", ShippedScenariosTest.DIR.toString(), "--results", res.toString());
        assertEquals(TortureMain.EXIT_FAILURE, o.code(), o.out() + o.err());
        Path date = dirOnly(res), busted = date.resolve("BUSTED"), lock02 = date.resolve("LOCK02");
        assertTrue(Files.isRegularFile(busted.resolve("replay.json")) && Files.isRegularFile(busted.resolve("choices.txt.gz")), o.out());
        assertFalse(Files.exists(lock02.resolve("replay.json")) || Files.exists(lock02.resolve("choices.txt.gz")), "a passing run keeps no choice file");
        assertTrue(o.out().contains("BUSTED: replay: scripts/proxytorture replay " + busted + "  (shrink: scripts/proxytorture shrink " + busted + ")"), o.out());

        Cli.Outcome r = Cli.proxytorture("replay", busted.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("replay: reproduced exactly: event hash "), r.out());
        assertTrue(r.out().contains("failure warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)"), "the run's own first failure: " + r.out());
    }

    /**
     * Given BUSTED (expected to fail) and a scenario whose torture_type is not modelled yet:
     * BUSTED fails with Fail !!!, the other is reported and not run, the exit code is 1.
     */
    @Test
    void aFailureAndAPendingScenarioAreBothReported() throws IOException {
        List<String> pending = TortureParams.TORTURE_TYPES.stream().filter(t -> !TortureParams.IMPLEMENTED_TYPES.contains(t)).toList();
        assumeTrue(!pending.isEmpty(), "every torture_type is modelled");
        Path cfg = tmp.resolve("lock");
        Files.createDirectories(cfg);
        for (String f : List.of("BUSTED", "BUSTED.boot")) Files.copy(ShippedScenariosTest.DIR.resolve(f), cfg.resolve(f));
        Files.writeString(cfg.resolve("PENDING"), "CONFIG_NR_CPUS=2\n");
        Files.writeString(cfg.resolve("PENDING.boot"), "locktorture.torture_type=" + pending.get(0) + "\n");
        Path res = tmp.resolve("res");
        Cli.Outcome o = Cli.torture("--configs", "PENDING BUSTED", "--cpus", "2", "--duration", "1s", "--jobs", "2",
                "--config-dir", cfg.toString(), "--results", res.toString());
        assertEquals(TortureMain.EXIT_FAILURE, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("PENDING: NOT_MODELLED (exit 2, not run): locktorture.torture_type=" + pending.get(0) + " is not modelled yet"), o.out());
        assertTrue(Pattern.compile("(?m)^BUSTED ------- \\d+ acquisitions/releases").matcher(o.out()).find(), o.out());
        assertTrue(Pattern.compile("(?m)^BUSTED: FAILURE ").matcher(o.out()).find(), o.out());
        assertTrue(o.out().contains("torture: 2 runs: 1 NOT_MODELLED (PENDING), 1 FAILURE (BUSTED)"), o.out());
        Path date = dirOnly(res);
        assertEquals("NOT_MODELLED", RunSummary.parse(Files.readString(date.resolve("PENDING/summary.json"))).result());
        assertEquals("FAILURE", RunSummary.parse(Files.readString(date.resolve("BUSTED/summary.json"))).result());
        assertTrue(ConsoleSummary.read(date.resolve("BUSTED/console.log")).failed(), "Fail: ... !!!");

        // Alone, the pending scenario makes the run exit 2: it did not run, and it is not hidden.
        Cli.Outcome alone = Cli.torture("--configs", "PENDING", "--config-dir", cfg.toString(), "--results", res.toString());
        assertEquals(TortureMain.EXIT_BAD_INPUT, alone.code(), alone.out() + alone.err());
        assertTrue(alone.out().contains("torture: 1 run: 1 NOT_MODELLED (PENDING)"), alone.out());
    }
}
