package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A scenario plus a seed, or plus a recorded choice list, gives one bit-identical run. */
class DeterminismTest {
    private static final String BOOTARGS = "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1";

    private static RunConfig config(long seed) {
        int cpus = 1 + (int) (seed % 8);
        return new RunConfig(cpus, 1000, 20_000_000L, BOOTARGS, seed, null);
    }

    private static TortureResult run(RunConfig c) {
        return Checking.checked(c, new Console(null, false)).run();
    }

    @Test
    void twoHundredSeedsRunTwiceGiveTheSameEventHash() {
        TreeSet<Long> distinct = new TreeSet<>();
        for (long seed = 1; seed <= 200; seed++) {
            TortureResult a = run(config(seed));
            TortureResult b = run(config(seed));
            assertEquals(a.hashHex(), b.hashHex(), "seed " + seed + " ran twice");
            assertEquals(a.events(), b.events(), "seed " + seed + ": event count");
            assertTrue(a.success(), "seed " + seed + " failed: " + a.failures());
            distinct.add(a.eventHash());
        }
        assertEquals(200, distinct.size(), "different seeds give different runs");
    }

    @Test
    void aRunReplayedFromItsRecordedChoicesGivesTheSameHash() {
        for (long seed = 1; seed <= 20; seed++) {
            RunConfig c = config(seed);
            TortureResult original = run(c);
            TortureResult replay = run(c.withReplay(original.choices()));
            assertEquals(original.hashHex(), replay.hashHex(), "seed " + seed + " replayed from its choices");
            assertEquals(original.choices().toCompactString(), replay.choices().toCompactString(), "the replay records the same choices");
            // the seed plays no part in a replay
            TortureResult otherSeed = run(new RunConfig(c.cpus(), c.hz(), c.durationNs(), c.bootargs(), seed + 1000, original.choices()));
            assertEquals(original.hashHex(), otherSeed.hashHex());
        }
    }

    @Test
    void theAllZeroChoiceListIsAValidRun() {
        TortureResult r = run(config(3).withReplay(new org.proxytorture.sim.ChoiceLog()));
        assertTrue(r.success());
        assertTrue(r.acquisitions() > 0);
        assertEquals(0, r.choices().nonZero(), "every decision took its default");
    }
}
