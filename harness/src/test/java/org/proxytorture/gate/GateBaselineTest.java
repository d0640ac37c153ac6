package org.proxytorture.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.explore.ReplayFile;

/**
 * The project's own gate baseline (torture-scenarios/configs/gate/DEFAULT.baseline) matches the
 * current model: it was taken at this MODEL_VERSION and every pinned run of the DEFAULT set still
 * has its hash. A model change moves one: bump MODEL_VERSION and run
 * {@code scripts/proxytorture gate --update-baseline} in the same commit (and the golden file).
 */
class GateBaselineTest {
    private static final Path GATE = Path.of("..", "torture-scenarios", "configs", "gate");

    @TempDir
    Path dir;

    @Test
    void thePinnedRunsOfTheDefaultSetHaveTheBaselinesHashes() {
        GateSet all = GateSet.read(GATE.resolve("DEFAULT"), v -> org.proxytorture.cli.Durations.parse("duration", v));
        GateSet pinned = new GateSet(all.name(), all.runs().stream().filter(GateRun::pinned).toList());
        Baseline base = Baseline.read(GATE.resolve("DEFAULT.baseline"));
        assertEquals(ReplayFile.MODEL_VERSION, base.model(), "the baseline was taken at another model: gate --update-baseline");
        assertEquals(pinned.runs().stream().map(GateRun::name).sorted().toList(), List.copyOf(base.hashes().keySet()),
                "every pinned run, and only those, has a hash in the baseline");
        List<GateResult> r = new Gate(GATE.resolveSibling("lock"), base, dir).run(pinned, 2, x -> { });
        GateDiff d = GateDiff.of(r, base, ReplayFile.MODEL_VERSION);
        assertTrue(d.movedHashes().isEmpty(), () -> String.join("\n", d.lines()));
        assertFalse(d.fails(), () -> String.join("\n", d.lines()));
    }
}
