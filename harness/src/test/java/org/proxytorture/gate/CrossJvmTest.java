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
 * A sampled gate run re-run in a child JVM under the serial collector in a 128 MB heap gives the
 * same event hash as here; a hash that differs (here forged) is reported with both.
 */
class CrossJvmTest {
    private static final Path CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock");

    @TempDir
    Path dir;

    @Test
    void theSameRunsHaveTheSameHashesUnderAnotherCollectorAndHeap() {
        GateSet s = GateSet.parse("T", List.of("scenario PROXY01 seeds=1 duration=20ms bootargs=\"proxytorture.memory_model=arm64\"",
                "detect B05 seeds=1 duration=2000ms", "clean B02 seeds=1 duration=20ms"), v -> Long.parseLong(v.replace("ms", "")) * 1_000_000L);
        List<GateResult> here = new Gate(CONFIGS, Baseline.EMPTY, dir).run(s, 1, r -> { });
        GateResult real = here.get(0);
        GateResult forged = new GateResult(real.run(), real.verdict(), real.identity(), "0000000000000000", real.hashState(), null,
                real.events(), real.simNs(), real.wallMs(), real.timeline(), real.replay(), real.latencies(), real.acquired());
        List<CrossJvm.Sample> samples = CrossJvm.check(List.of(forged, here.get(1), here.get(2)), CONFIGS, ReplayFile.MODEL_VERSION, dir.resolve("x"));
        assertEquals(List.of(real.hash(), here.get(1).hash(), here.get(2).hash()), samples.stream().map(CrossJvm.Sample::childHash).toList());
        assertTrue(samples.get(0).differs(), "the forged hash");
        assertFalse(samples.get(1).differs());
        assertFalse(samples.get(2).differs());
        GateDiff d = GateDiff.of(here, Baseline.EMPTY, ReplayFile.MODEL_VERSION).withCrossJvm(samples);
        assertTrue(d.fails());
        assertTrue(d.lines().contains(String.format("  %-24s %s here, %s there", "PROXY01.seed1", "0000000000000000", real.hash())), d.lines().toString());
    }

    @Test
    void everyNthRunFromTheFirst() {
        List<GateResult> seven = new java.util.ArrayList<>(java.util.Collections.nCopies(7, (GateResult) null));
        assertEquals(3, CrossJvm.sample(seven, 3).size(), "runs 0, 3, 6");
        assertEquals(0, CrossJvm.sample(seven, 0).size());
    }
}
