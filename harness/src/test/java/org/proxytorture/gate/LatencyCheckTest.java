package org.proxytorture.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.explore.ReplayFile;

/**
 * The gate's latency check (issue 19): PIDEMO04 (schedload-contention) with proxy execution,
 * 2 seeds, is its own reference: the same commit shows no change (p = 1, it cannot flake); the
 * fixture that turns proxy execution off in the same suite (sched_proxy_exec=0) is a significant
 * change, reported with its p-value and effect size, and fails the gate only where the baseline
 * says fail.
 */
class LatencyCheckTest {
    private static final Path CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock");

    @TempDir
    Path dir;

    private List<GateResult> run(String bootargs) {
        GateSet s = GateSet.parse("T", List.of("scenario PIDEMO04 seeds=1-2 duration=200ms bootargs=\"" + bootargs + "\""),
                v -> Long.parseLong(v.replace("ms", "")) * 1_000_000L);
        return new Gate(CONFIGS, Baseline.EMPTY, dir).run(s, 2, r -> { });
    }

    @Test
    void turningProxyExecutionOffIsASignificantChangeAndTheSameCommitIsNone() {
        List<GateResult> proxy = run("");
        Baseline base = GateDiff.of(proxy, Baseline.EMPTY, ReplayFile.MODEL_VERSION).updated(Baseline.EMPTY, proxy);
        LatencyCheck.Reference ref = base.latency().get("PIDEMO04");
        assertEquals(LatencyCheck.Mode.REPORT, ref.mode(), "--update-baseline writes report");
        assertEquals(base, Baseline.parse("b", base.text().lines().toList()), "the reference survives the file");

        LatencyCheck.Result same = LatencyCheck.compare(run(""), base.latency()).get(0);
        assertFalse(same.significant());
        assertEquals(1.0, same.p());
        assertTrue(same.line().endsWith("no change"), same.line());

        List<GateResult> off = run("sched_proxy_exec=0");
        LatencyCheck.Result changed = LatencyCheck.compare(off, base.latency()).get(0);
        assertTrue(changed.significant(), changed.line());
        assertTrue(changed.effect() > 0, "slower without proxy execution: " + changed.line());
        assertTrue(changed.line().contains("significant change (reported)"), changed.line());
        assertFalse(GateDiff.of(off, base, ReplayFile.MODEL_VERSION).withLatency(List.of(changed)).fails(), "report: not a gate failure");

        Map<String, LatencyCheck.Reference> failing = Map.of("PIDEMO04", new LatencyCheck.Reference(LatencyCheck.Mode.FAIL, ref.samples()));
        LatencyCheck.Result fails = LatencyCheck.compare(off, failing).get(0);
        assertTrue(fails.failsGate());
        assertTrue(GateDiff.of(off, base, ReplayFile.MODEL_VERSION).withLatency(List.of(fails)).fails());
        assertEquals("PIDEMO04.seed1", fails.firstRun(), "the XML's failure goes on the suite's first run");
    }
}
