package org.proxytorture.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.explore.Outcome;
import org.proxytorture.sim.SeededChoices;
import org.junit.jupiter.api.Tag;

/**
 * A soak run is the run layer's run of the scenario as scripts/torture boots it, with the seed's
 * decisions, stopping at its first failure: explore's try 0 of that seed, to the event hash. So
 * its replay file (explore's) reproduces it, and running it again for its files gives the same run.
 */
@Tag("fast")
class SoakRunTest {
    @TempDir
    Path tmp;

    private SoakPlan plan(List<String> inject) throws Exception {
        Files.writeString(tmp.resolve("TINY"), "CONFIG_SMP=y\nCONFIG_NR_CPUS=4\nCONFIG_SCHED_PROXY_EXEC=y\nCONFIG_EXPERT=y\n");
        Files.writeString(tmp.resolve("TINY.boot"), "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1"
                + " locktorture.shuffle_interval=1 proxytorture.proxy_variant=full\n");
        return Scenarios.plan(new SoakRecipe("TINY", tmp.toString(), "", "", null, inject, 1, 20_000_000L, 1000, Shard.WHOLE)).plan();
    }

    @Test
    void aPassingRunIsExploresTryZeroOfItsSeed() throws Exception {
        RunSpec spec = plan(List.of()).at(0);
        RunRecord r = SoakRun.run(spec);
        assertFalse(r.failed());
        assertEquals(spec.target().run(new SeededChoices(1)).hashHex(), r.eventHash());
        // scripts/torture's command line: the .boot line, then per_version_boot_params()
        assertTrue(r.bootargs().endsWith("locktorture.stat_interval=15 locktorture.shutdown_secs=1 locktorture.verbose=1"), r.bootargs());
    }

    @Test
    void aFailingRunRunsAgainToTheSameFailure() throws Exception {
        RunSpec spec = plan(List.of("B05")).at(0);
        RunRecord r = SoakRun.run(spec);
        assertTrue(r.failed());
        Outcome o = SoakRun.again(spec, r);
        assertEquals(r.identity(), o.identity());
        assertEquals(r.forcedChoices(), o.choices().nonZero());
    }
}
