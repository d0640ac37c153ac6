package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/proxytorture gate as CI runs it: exit 0 when the set passes against its baseline, 1 with
 * "new failure", a failed testcase and a shrunk reproducer when a catalog fault is forced into a run
 * through the set file, 2 with one line for a malformed set, and --update-baseline writes the pinned hashes.
 */
class GateCommandTest {
    private static final String CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock").toString();

    @TempDir
    Path dir;

    private static CliTest.Outcome gate(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "gate";
        all[1] = "--config-dir";
        all[2] = CONFIGS;
        System.arraycopy(args, 0, all, 3, args.length);
        return CliTest.execute(all);
    }

    @Test
    void aPassingSetExitsZeroAndUpdateBaselineRecordsItsPinnedHashes() throws Exception {
        Path set = Files.writeString(dir.resolve("SMALL"), "scenario PROXY01 seeds=1 duration=20ms pin\n");
        CliTest.Outcome r = gate("--set", set.toString(), "--update-baseline", "--jobs", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        String base = Files.readString(dir.resolve("SMALL.baseline"));
        assertTrue(base.contains("\nhash PROXY01.seed1 "), base);
        CliTest.Outcome again = gate("--set", set.toString(), "--jobs", "1", "--junit-xml", dir.resolve("out/gate.xml").toString());
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("pinned hash same"), again.out());
        assertTrue(Files.readString(dir.resolve("out/gate.xml")).contains("<testcase name=\"PROXY01.seed1\" classname=\"PROXY01\""));
    }

    @Test
    void aFaultForcedIntoARunThroughTheSetFileFailsTheGateAsANewFailure() throws Exception {
        Path set = Files.writeString(dir.resolve("FAULT"), "scenario PROXY01 seeds=1 duration=2s bootargs=\"proxytorture.inject=B05\"\n");
        Path xml = dir.resolve("gate.xml");
        CliTest.Outcome r = gate("--set", set.toString(), "--jobs", "1", "--junit-xml", xml.toString(), "--shrink-time", "10s", "--cross-jvm-every", "0");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("new failures (fail the gate):\n  PROXY01.seed1"), r.out());
        assertTrue(Files.exists(dir.resolve("gate-failures/PROXY01.seed1.json")), "the found run's replay file beside the XML");
        Path min = dir.resolve("gate-failures/PROXY01.seed1.min.json");
        assertTrue(r.out().contains("replay: scripts/proxytorture replay " + min), "the shrunk one is the replay command: " + r.out());
        var shrunk = org.proxytorture.explore.ReplayFile.read(min);
        assertEquals(shrunk.identity(), shrunk.replay().identity(), "the shrunk reproducer fails as the found run did");
        assertTrue(Files.readString(dir.resolve("gate-failures/PROXY01.seed1.chrome.json")).contains("\"traceEvents\""), "the shrunk run's trace, for Perfetto");
        assertTrue(Files.readString(dir.resolve("gate-failures/PROXY01.seed1.ftrace.txt")).contains("sched_switch"), "and as ftrace text");
        String x = Files.readString(xml);
        assertTrue(x.contains("<failure message=\"placement/P2[task=lock_torture_wr]\" type=\"new_failure\">")
                || x.contains("<failure message=\"migration/INV-P3[task=lock_torture_wr]\" type=\"new_failure\">"), x);
    }

    @Test
    void aMalformedSetIsOneLineAndExitTwo() throws Exception {
        Path set = Files.writeString(dir.resolve("BAD"), "scenario PROXY01 seeds=1\nrun PROXY02 seeds=1\n");
        CliTest.Outcome r = gate("--set", set.toString());
        assertEquals(2, r.code());
        assertEquals("proxytorture: gate set BAD line 2: unknown directive 'run' (accepted: duration, scenario, detect, clean)", r.err().strip());
        assertFalse(Files.exists(dir.resolve("BAD.baseline")));
    }
}
