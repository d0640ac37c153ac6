package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.run.RunSummary;
import org.junit.jupiter.api.Tag;

/**
 * {@code run --scenario NAME} runs the scenario as scripts/torture runs it (as {@code explore
 * --scenario} loads it), and a run whose CPU hotplug never starts says so.
 */
@Tag("fast")
class RunScenarioTest {
    private static final String CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock").toString();

    private static String hash(String out) {
        Matcher m = Pattern.compile("event hash ([0-9a-f]{16})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /** Given PROXY01 (8 CPUs, nested_locks=8, random_shuffle, proxy_variant=full): its machine and command line run, not the default's. */
    @Test
    void runScenarioRunsTheScenario(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.json");
        CliTest.Outcome o = CliTest.execute("run", "--scenario", "PROXY01", "--config-dir", CONFIGS, "--duration", "50ms", "--seed", "3",
                "--summary-out", summary.toString());
        assertEquals(Main.EXIT_OK, o.code(), () -> o.out() + o.err());
        assertTrue(o.out().contains("proxytorture: 8 CPUs, HZ=1000, seed 3"), o.out());
        assertTrue(o.out().contains("sched_proxy_exec enabled (proxytorture.proxy_variant=full)"), o.out());
        assertTrue(Pattern.compile("mutex_lock-torture:--- Start of test: .* nested_locks=8 .* nwriters_stress=16 .* shutdown_secs=1 stat_interval=15 ")
                .matcher(o.out()).find(), o.out());
        RunSummary s = RunSummary.parse(Files.readString(summary));
        assertEquals("PROXY01", s.scenario(), "the summary is named after the scenario");
        // the same run as scripts/torture's child for PROXY01 (ChildRun: run --cpus --hz --bootargs <the scenario's command line>)
        CliTest.Outcome child = CliTest.execute("run", "--cpus", "8", "--hz", "1000", "--duration", "50ms", "--seed", "3", "--bootargs", s.bootargs(),
                "--label", "PROXY01");
        assertEquals(hash(child.out()), hash(o.out()), "run --scenario is the runner's run of the scenario");
        // and not the default scenario's
        assertFalse(hash(CliTest.execute("run", "--duration", "50ms", "--seed", "3").out()).equals(hash(o.out())));
    }

    @Test
    void runScenarioTakesCpusAndBootargsButNotHz() {
        CliTest.Outcome o = CliTest.execute("run", "--scenario", "PROXY01", "--config-dir", CONFIGS, "--duration", "10ms", "--cpus", "2",
                "--bootargs", "locktorture.nested_locks=2");
        assertEquals(Main.EXIT_OK, o.code(), () -> o.out() + o.err());
        assertTrue(o.out().contains("proxytorture: 2 CPUs, HZ=1000"), o.out());
        assertTrue(o.out().contains(" nested_locks=2 "), "--bootargs comes after the .boot line: " + o.out());
        CliTest.assertBadInput(CliTest.execute("run", "--scenario", "PROXY01", "--config-dir", CONFIGS, "--hz", "250"), "--hz with --scenario");
        CliTest.assertBadInput(CliTest.execute("run", "--scenario", "NOPE", "--config-dir", CONFIGS), "NOPE");
    }

    /** kvm.sh gives CONFIG_HOTPLUG_CPU=y kernels onoff_holdoff=30: a shorter run never hotplugs, and says so. */
    @Test
    void aRunWhoseHotplugNeverStartsSaysSo() {
        CliTest.Outcome o = CliTest.execute("run", "--scenario", "LOCK02", "--config-dir", CONFIGS, "--duration", "20ms", "--cpus", "2");
        assertEquals(Main.EXIT_OK, o.code(), () -> o.out() + o.err());
        assertTrue(o.out().contains("proxytorture: warning: locktorture.onoff_holdoff=30 is not shorter than the test (0.020 s): CPU hotplug"
                + " (onoff_interval=3) never runs"), o.out());
        assertTrue(o.out().contains("onoff: 0/0:0/0"), "as the warning said: " + o.out());
        // holdoff 1 s, a 2 s test: hotplug runs, no warning
        CliTest.Outcome p = CliTest.execute("run", "--cpus", "2", "--duration", "1500ms", "--bootargs",
                "locktorture.onoff_interval=1 locktorture.onoff_holdoff=1");
        assertFalse(p.out().contains("warning"), p.out());
        assertFalse(p.out().contains("onoff: 0/0:0/0"), p.out());
        // shutdown_secs ends the test first
        CliTest.Outcome q = CliTest.execute("run", "--cpus", "2", "--duration", "20ms", "--bootargs",
                "locktorture.onoff_interval=1 locktorture.onoff_holdoff=0 locktorture.shutdown_secs=5");
        assertFalse(q.out().contains("warning"), "a holdoff of 0 starts at once: " + q.out());
    }
}
