package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay files reproduce their run exactly: each run of an exploration (failing or passing, under
 * each strategy), as the explorer reports it, written as a replay file, read back and replayed,
 * has the same event hash and identity. {@code -Dproxytorture.replay.runs=1000} replays the
 * acceptance's 1000 (500 explorations of two tries).
 */
class ReplayTest {
    private static final int RUNS = Integer.getInteger("proxytorture.replay.runs", 100);

    @Test
    void everyRunOfAnExplorationReplaysToTheSameHash() {
        TortureTarget[] targets = {
            new TortureTarget(null, 2, 1000, 20_000_000L, "locktorture.torture_type=mutex_lock locktorture.nested_locks=2 torture.random_shuffle=1"),
            new TortureTarget(null, 3, 1000, 20_000_000L, "locktorture.torture_type=lock_busted"),
        };
        int failing = 0, passing = 0;
        java.util.Map<String, int[]> byStrategy = new java.util.TreeMap<>(); // strategy -> failing, passing
        long t0 = System.nanoTime();
        for (int i = 0; i < (RUNS + 1) / 2; i++) { // explorations of two tries
            TortureTarget t = targets[i % 2];
            String name = Strategies.NAMES.get(i / 2 % 3);
            List<Strategy.Try> tries = new ArrayList<>();
            List<Outcome> runs = new ArrayList<>();
            // no failure is the one looked for, so every try runs: two each (PCT's second has change points)
            Explorer.Result r = Explorer.exploreWhere(k -> t, Strategies.byName(name, 2), 1000 + i, 2, 0, (target, o) -> false,
                    (k, tr, target, o) -> {
                        tries.add(tr);
                        runs.add(o);
                    });
            assertEquals(2, r.tries());
            assertEquals(2, runs.size());
            assertEquals(runs.stream().filter(Outcome::failed).map(Outcome::identity).distinct().toList(), r.otherFailures());
            for (int k = 0; k < runs.size(); k++) {
                Strategy.Try tr = tries.get(k);
                Outcome o = runs.get(k);
                ReplayFile f = ReplayFile.parse("run" + i + "." + k, ReplayFile.of(t, tr.seed(), name, tr.params(), o.choices(), o, false).toJson());
                Outcome again = f.target().run(Strategies.byName(f.strategy(), 1).replay(f.strategyParams(), f.choiceLog()));
                assertEquals(o.hashHex(), again.hashHex(), "exploration " + i + ", try " + k + " (" + name + " " + tr.params() + ")");
                assertEquals(o.identity(), again.identity());
                assertEquals(f.eventHash(), again.hashHex());
                if (o.failed()) failing++;
                else passing++;
                byStrategy.computeIfAbsent(name, x -> new int[2])[o.failed() ? 0 : 1]++;
            }
        }
        StringBuilder sb = new StringBuilder();
        byStrategy.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v[0]).append('/').append(v[1]));
        System.out.printf("ReplayTest: %d runs replayed to the same hash (%d failing, %d passing; failing/passing by strategy:%s) in %d ms%n",
                failing + passing, failing, passing, sb, (System.nanoTime() - t0) / 1_000_000L);
        assertTrue(failing > 0 && passing > 0, failing + " failing, " + passing + " passing");
        for (String name : Strategies.NAMES)
            assertTrue(byStrategy.get(name)[0] > 0 && byStrategy.get(name)[1] > 0, name + ": failing and passing runs both replayed");
    }
}
