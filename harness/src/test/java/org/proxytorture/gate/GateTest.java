package org.proxytorture.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.explore.ReplayFile;

/**
 * The gate judged against a baseline: a pinned run whose hash moves under the same MODEL_VERSION
 * fails it (the fixture: a one-line model change, S29's blocked_donor left set at the handoff,
 * switched on without a version bump: no checker sees it in 100 ms, only the hash); the same move under another MODEL_VERSION
 * asks for --update-baseline; a fault forced into a run is a new failure with a replay file that
 * reproduces it; a known failure is allowed; a known failure no longer seen is reported.
 */
class GateTest {
    private static final Path CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock");
    private static final String MODEL = ReplayFile.MODEL_VERSION;

    @TempDir
    Path dir;

    private static GateSet set(String... lines) {
        return GateSet.parse("T", List.of(lines), v -> Long.parseLong(v.replace("ms", "")) * 1_000_000L);
    }

    private List<GateResult> run(GateSet s, Baseline b) {
        return new Gate(CONFIGS, b, dir.resolve("failures")).run(s, 2, r -> { });
    }

    @Test
    void aModelChangeWithoutAVersionBumpMovesAPinnedHashAndFailsTheGate() {
        GateSet before = set("scenario PROXY01 seeds=1 duration=100ms pin");
        List<GateResult> first = run(before, Baseline.EMPTY);
        GateDiff d0 = GateDiff.of(first, Baseline.EMPTY, MODEL);
        assertFalse(d0.fails(), "nothing pinned yet is not a failure");
        Baseline base = d0.updated(Baseline.EMPTY, first);
        assertEquals(Map.of("PROXY01.seed1", first.get(0).hash()), base.hashes());

        GateSet patched = set("scenario PROXY01 seeds=1 duration=100ms pin bootargs=\"proxytorture.inject=S29\"");
        List<GateResult> after = run(patched, base);
        assertEquals(GateResult.Verdict.PASSED, after.get(0).verdict(), "no checker sees S29 in 100 ms: only the hash can");
        assertEquals(GateResult.HashState.MOVED, after.get(0).hashState());
        GateDiff d = GateDiff.of(after, base, MODEL);
        assertTrue(d.fails());
        assertTrue(d.lines().get(0).startsWith("moved hashes (fail the gate"), d.lines().toString());

        Baseline older = new Baseline("proxytorture-model-0", List.of(), base.hashes());
        GateDiff bumped = GateDiff.of(after, older, MODEL);
        assertFalse(bumped.fails(), "a MODEL_VERSION bump explains the move");
        assertTrue(bumped.lines().get(0).contains("MODEL_VERSION changed since the baseline, proxytorture-model-0 -> " + MODEL
                + ": run gate --update-baseline"), bumped.lines().toString());
    }

    @Test
    void aFaultForcedIntoARunIsANewFailureWithAReplayFileThatReproducesIt() {
        GateSet s = set("scenario PROXY01 seeds=1 duration=2000ms bootargs=\"proxytorture.inject=B05\"", "detect B05 seeds=1 duration=2000ms");
        List<GateResult> r = run(s, Baseline.EMPTY);
        GateResult injected = r.get(0);
        assertEquals(GateResult.Verdict.NEW_FAILURE, injected.verdict());
        assertNotNull(injected.replay());
        var replayed = ReplayFile.read(injected.replay()).replay();
        assertEquals(injected.identity(), replayed.identity());
        assertEquals(injected.hash(), replayed.hashHex());
        assertTrue(injected.timeline().get(0).startsWith("failure: " + injected.identity()), injected.timeline().toString());
        assertEquals(GateResult.Verdict.DETECTED, r.get(1).verdict());
        assertNull(r.get(1).replay(), "an expected detection keeps no replay file");
        GateDiff d = GateDiff.of(r, Baseline.EMPTY, MODEL);
        assertTrue(d.fails());
        assertEquals("new failures (fail the gate):", d.lines().get(0));

        Baseline knowing = new Baseline(MODEL, List.of(new Baseline.Known("PROXY01", injected.identity().toString()),
                new Baseline.Known("LOCK06", "deadlock/hung_task[task=lock_torture_wr]")), Map.of());
        List<GateResult> again = run(s, knowing);
        assertEquals(GateResult.Verdict.KNOWN, again.get(0).verdict());
        GateDiff k = GateDiff.of(again, knowing, MODEL);
        assertFalse(k.fails(), k.lines().toString());
        assertEquals(List.of(new Baseline.Known("LOCK06", "deadlock/hung_task[task=lock_torture_wr]")), k.knownGone());
        assertEquals(List.of(new Baseline.Known("PROXY01", injected.identity().toString())), k.updated(knowing, again).known());
    }

    @Test
    void theResultsDoNotDependOnTheNumberOfWorkers() {
        GateSet s = set("scenario PROXY01 seeds=1-2 duration=20ms", "scenario LOCK05 seeds=1 duration=20ms");
        List<String> one = new Gate(CONFIGS, Baseline.EMPTY, dir).run(s, 1, r -> { }).stream().map(GateResult::hash).toList();
        List<String> two = new Gate(CONFIGS, Baseline.EMPTY, dir).run(s, 2, r -> { }).stream().map(GateResult::hash).toList();
        assertEquals(one, two);
    }
}
