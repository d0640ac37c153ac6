package org.proxytorture.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.proxytorture.config.BadInputException;
import org.junit.jupiter.api.Tag;

/**
 * --shard i/N: shard i runs the run numbers seq with seq % N == i, so N shards run exactly one
 * soak's runs; i comes from the command line, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX
 * (with N, its completions, given) or a Slurm job array's task id and count.
 */
@Tag("fast")
class ShardTest {
    @Test
    void threeShardsRunEveryRunOfTheSoakOnce() {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SeedAllocator a = new SeedAllocator(List.of(), new Stop(10L, null), new Shard(i, 3), () -> 0);
            for (long s; (s = a.next()) >= 0; ) all.add(s);
        }
        all.sort(null);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), all);
        assertEquals(4, new Shard(0, 3).runsBelow(10));
        assertEquals(3, new Shard(2, 3).runsBelow(10));
    }

    @Test
    void aResumedShardRunsItsLostRunsOnly() {
        // shard 1/3 of 12 runs: 1 4 7 10; 1 and 7 committed, 4 was in flight
        SeedAllocator a = new SeedAllocator(List.of(1L, 7L), new Stop(12L, null), new Shard(1, 3), () -> 0);
        assertEquals(4, a.next());
        assertEquals(10, a.next());
        assertEquals(-1, a.next());
    }

    @Test
    void theShardComesFromTheCommandLineOrTheJobEngine() {
        assertEquals(new Shard(2, 5), Shard.parse("2/5", Map.of()));
        assertEquals(new Shard(1, 3), Shard.parse("auto/3", Map.of("JOB_COMPLETION_INDEX", "1")));
        assertEquals(new Shard(2, 4), Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4")));
        // sbatch --array=1-4: ids 1..4
        assertEquals(new Shard(0, 4), Shard.parse("auto/4", Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "4")));
    }

    @Test
    void aShardThatDoesNotSayIsBadInput() {
        for (String bad : List.of("3/3", "-1/3", "1/0", "x/3", "1", "auto", "1/2/3", ""))
            assertThrows(BadInputException.class, () -> Shard.parse(bad, Map.of()), bad);
        BadInputException e = assertThrows(BadInputException.class, () -> Shard.parse("auto", Map.of("JOB_COMPLETION_INDEX", "0")));
        assertTrue(e.getMessage().contains("--shard auto/N"), e.getMessage());
        assertThrows(BadInputException.class, () -> Shard.parse("auto/3", Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "4")));
    }
}
