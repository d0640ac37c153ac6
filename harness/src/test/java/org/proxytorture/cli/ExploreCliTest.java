package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * explore, replay and shrink as a user meets them: a failure found, shrunk and filed; its files
 * replayed exactly; bad replay files refused with one line and exit 2; a clean PCT exploration
 * ending with PCT's guarantee.
 */
class ExploreCliTest {
    private static final String CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock").toString();

    @Test
    void exploreFindsShrinksAndFilesLockBustedAndReplayReproducesIt(@TempDir Path dir) throws Exception {
        CliTest.Outcome o = CliTest.execute("explore", "--scenario", "BUSTED", "--config-dir", CONFIGS, "--tries", "5",
                "--duration", "100ms", "--out", dir.toString(), "--verbose");
        assertEquals(Main.EXIT_FAILURE, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("explore: found warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[] at try 1"), o.out());
        assertTrue(o.out().contains("shrink pass profiling:"), o.out());
        Path found = dir.resolve("failure-random-seed1-try1.json"), min = dir.resolve("failure-random-seed1-try1.min.json");
        assertTrue(Files.isRegularFile(found) && Files.isRegularFile(min), o.out());
        assertTrue(o.out().contains("replay file " + min), o.out());

        for (Path f : new Path[] {found, min}) {
            CliTest.Outcome r = CliTest.execute("replay", f.toString(), "--config-dir", CONFIGS);
            assertEquals(Main.EXIT_FAILURE, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("replay: reproduced exactly: event hash "), r.out());
            assertTrue(!r.out().contains(" ?="), "the forced decisions' kinds are named (W, R, C), not unknown: " + r.out());
        }
        Path ftrace = dir.resolve("min.ftrace");
        CliTest.Outcome traced = CliTest.execute("replay", min.toString(), "--config-dir", CONFIGS, "--ftrace", ftrace.toString());
        assertEquals(Main.EXIT_FAILURE, traced.code(), "recording the trace does not change the replay: " + traced.out() + traced.err());
        assertTrue(traced.out().contains("replay: reproduced exactly: event hash "), traced.out());
        assertTrue(Files.readString(ftrace).contains("sched_switch: prev_comm="), "the replay's trace as ftrace text");
        CliTest.Outcome s = CliTest.execute("shrink", found.toString(), "--config-dir", CONFIGS, "--time", "20s");
        assertEquals(Main.EXIT_FAILURE, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("-> 1 CPUs, 2 tasks, 0 forced choices"), s.out());
    }

    @Test
    void badReplayFilesAreRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"model_version\": \"" + org.proxytorture.explore.ReplayFile.MODEL_VERSION + "\", \"cpus\": ");
        CliTest.assertBadInput(CliTest.execute("replay", bad.toString()), "bad JSON");

        String good = org.proxytorture.explore.ReplayFile.of(new org.proxytorture.explore.TortureTarget(null, 2, 1000, 10_000_000L, ""),
                1, "random", "", org.proxytorture.sim.ChoiceLog.of(), new org.proxytorture.explore.Outcome(null, 0, 0, 0,
                        org.proxytorture.sim.ChoiceLog.of(), new byte[0], 0, 2, 4, java.util.List.of(), java.util.List.of()), false).toJson();
        Path old = dir.resolve("old.json");
        Files.writeString(old, good.replace(org.proxytorture.explore.ReplayFile.MODEL_VERSION, "proxytorture-model-0"));
        CliTest.assertBadInput(CliTest.execute("replay", old.toString()), "model version proxytorture-model-0");

        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, good.replace("\"scenario\": null", "\"scenario\": \"LOCK99\""));
        CliTest.assertBadInput(CliTest.execute("replay", unknown.toString(), "--config-dir", CONFIGS), "unknown scenario \"LOCK99\"");
        CliTest.assertBadInput(CliTest.execute("shrink", unknown.toString(), "--config-dir", CONFIGS), "unknown scenario \"LOCK99\"");

        Path changed = dir.resolve("changed.json");
        Files.writeString(changed, good); // its event hash 0 is not what the run gives
        CliTest.assertBadInput(CliTest.execute("replay", changed.toString()), "the model changed");

        CliTest.assertBadInput(CliTest.execute("explore", "--strategy", "dfs"), "--strategy=dfs");
        CliTest.assertBadInput(CliTest.execute("replay", dir.resolve("missing.json").toString()), "missing.json");
        Path empty = Files.createDirectory(dir.resolve("no-replay-here"));
        CliTest.assertBadInput(CliTest.execute("replay", empty.toString()), "a directory with no replay file in it");
        CliTest.assertBadInput(CliTest.execute("shrink", empty.toString()), "replay.json, found.min.json, found.json");
    }

    /** A soak's failure directory: replay and shrink take the directory, and the shrunk file comes first. */
    @Test
    void aDirectoryStandsForTheReplayFileItHolds(@TempDir Path dir) throws Exception {
        CliTest.Outcome o = CliTest.execute("explore", "--scenario", "BUSTED", "--config-dir", CONFIGS, "--tries", "2", "--duration", "100ms", "--out", dir.toString());
        assertEquals(Main.EXIT_FAILURE, o.code(), o.out() + o.err());
        Path failure = Files.createDirectory(dir.resolve("warn-lock_torture_writer"));
        Files.copy(dir.resolve("failure-random-seed1-try1.json"), failure.resolve("found.json"));
        CliTest.Outcome found = CliTest.execute("replay", failure.toString(), "--config-dir", CONFIGS);
        assertEquals(Main.EXIT_FAILURE, found.code(), found.out() + found.err());
        Files.copy(dir.resolve("failure-random-seed1-try1.min.json"), failure.resolve("found.min.json"));
        CliTest.Outcome min = CliTest.execute("replay", failure.toString(), "--config-dir", CONFIGS);
        assertTrue(min.out().contains(" 0 forced choices"), "found.min.json, the shrunk one: " + min.out());
        assertTrue(found.out().contains("replay: reproduced exactly") && !found.out().equals(min.out()), found.out());
    }

    @Test
    void aCleanPctExplorationPrintsItsGuarantee() {
        CliTest.Outcome o = CliTest.execute("explore", "--strategy", "pct", "--depth", "2", "--tries", "4", "--cpus", "2",
                "--duration", "20ms", "--bootargs", "locktorture.torture_type=mutex_lock locktorture.nested_locks=1");
        assertEquals(Main.EXIT_OK, o.code(), o.out() + o.err());
        var m = Pattern.compile("explore: (\\d+) runs at depth 2, 2 tasks, (\\d+) steps: a depth-2 bug is missed with probability <= "
                + "\\(1 - 1/\\(2 \\* (\\d+)\\^1\\)\\)\\^(\\d+) = (0\\.\\d+)").matcher(o.out());
        assertTrue(m.find(), o.out());
        assertEquals("3", m.group(1), "the first try measures k, the other three run at depth 2");
        long k = Long.parseLong(m.group(2));
        assertTrue(k > 100, "k is the window decisions of a run: " + k);
        double p = Double.parseDouble(m.group(5));
        assertEquals(Math.pow(1 - 1.0 / (2 * k), 3), p, 1e-6);
    }
}
