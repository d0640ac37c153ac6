package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.config.BadInputException;
import org.proxytorture.run.Scores;

/**
 * Targeted search (issue 16, Hypothesis' target()): given nested mutexes on 4 CPUs under the full
 * proxy generation, the same number of tries from the same seed, a search that climbs on
 * proxy_chain reaches a chain at least as deep as plain random does; its tries that are not
 * climbs are random's own; and every climb, written as a replay file, replays to its hash. On the
 * longest lock wait, which climbs more smoothly, the climbs raise the best above random's.
 */
class TargetedSearchTest {
    private static final TortureTarget NESTED = new TortureTarget(null, 4, 1000, 30_000_000L,
            "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 locktorture.nwriters_stress=8"
                    + " proxytorture.proxy_variant=full proxytorture.sched_feat=DELAY_DEQUEUE");
    private static final int TRIES = 16;
    private static final long SEED = 1;

    private record Tried(Strategy.Try t, Outcome o) { }

    private static List<Tried> explore(Strategy st) {
        List<Tried> runs = new ArrayList<>();
        // no failure is the one looked for: every try runs (a failing try's score counts as far as it got)
        Explorer.Result r = Explorer.exploreWhere(i -> NESTED, st, SEED, TRIES, 0, (target, o) -> false, (i, t, target, o) -> runs.add(new Tried(t, o)));
        assertEquals(TRIES, r.tries());
        return runs;
    }

    private static List<Tried> random;

    /** Plain random's tries, run once for both tests. */
    private static synchronized List<Tried> random() {
        if (random == null) random = explore(Strategies.byName("random", 1));
        return random;
    }

    private static long best(List<Tried> runs, String score) {
        return runs.stream().mapToLong(r -> r.o().scores().get(score)).max().orElse(-1);
    }

    @Test
    void aTargetedSearchReachesAChainAtLeastAsDeepAsRandomAndItsClimbsReplay() {
        long t0 = System.nanoTime();
        List<Tried> random = random();
        TargetedStrategy ts = Strategies.targeted(Strategies.byName("random", 1), Scores.PROXY_CHAIN);
        List<Tried> targeted = explore(ts);

        long randomBest = best(random, Scores.PROXY_CHAIN), targetedBest = best(targeted, Scores.PROXY_CHAIN);
        System.out.printf("TargetedSearchTest: %d tries each, seed %d: proxy_chain random %d, targeted %d (%s); lock_wait_ns random %d,"
                + " targeted %d; %s; %d ms%n", TRIES, SEED, randomBest, targetedBest, ts.bestLine(), best(random, Scores.LOCK_WAIT_NS),
                best(targeted, Scores.LOCK_WAIT_NS), ts.cleanSummary(TRIES), (System.nanoTime() - t0) / 1_000_000L);
        assertTrue(targetedBest >= randomBest, "targeted " + targetedBest + " < random " + randomBest);
        assertEquals(targetedBest, ts.bestScore());
        assertTrue(randomBest >= 2, "the scenario walks chains of two links or more: " + randomBest);

        int climbs = 0;
        for (int i = 0; i < TRIES; i++) {
            Tried r = random.get(i), t = targeted.get(i);
            Outcome o = t.o();
            // the score agrees with the coverage branches of the same walk
            long chain = o.scores().get(Scores.PROXY_CHAIN);
            assertEquals(chain >= 2, o.coverage().contains("branch:chain_step_deep"), "try " + i + ": proxy_chain " + chain);
            assertEquals(chain >= 1, o.coverage().contains("branch:chain_step"), "try " + i + ": proxy_chain " + chain);
            boolean climb = i >= TargetedStrategy.WARMUP && i % 2 == 0;
            if (!climb) {
                assertEquals(r.o().hashHex(), o.hashHex(), "try " + i + " is random's own");
                assertEquals("random", t.t().params());
                continue;
            }
            climbs++;
            ReplayFile f = ReplayFile.parse("climb" + i, ReplayFile.of(NESTED, t.t().seed(), ts.name(), t.t().params(), o.choices(), o, false).toJson());
            assertEquals("target:proxy_chain", f.strategy());
            Outcome again = f.replay();
            assertEquals(o.hashHex(), again.hashHex(), "climb " + i + " replays");
            assertEquals(o.identity(), again.identity());
            assertEquals(o.scores(), again.scores(), "and scores the same");
        }
        assertEquals((TRIES - TargetedStrategy.WARMUP) / 2, climbs);
    }

    @Test
    void climbingOnTheLongestLockWaitRaisesItAboveRandoms() {
        TargetedStrategy ts = Strategies.targeted(Strategies.byName("random", 1), Scores.LOCK_WAIT_NS);
        List<Tried> targeted = explore(ts);
        long randomBest = best(random(), Scores.LOCK_WAIT_NS), targetedBest = best(targeted, Scores.LOCK_WAIT_NS);
        System.out.printf("TargetedSearchTest: lock_wait_ns random %d, targeted %d (%s); %s%n", randomBest, targetedBest, ts.bestLine(),
                ts.cleanSummary(TRIES));
        assertTrue(targetedBest > randomBest, "targeted " + targetedBest + " <= random " + randomBest);
        assertTrue(ts.bestTry() >= TargetedStrategy.WARMUP && ts.bestTry() % 2 == 0, "a climb found it: try " + ts.bestTry());
    }

    @Test
    void anUnknownScoreIsBadInputNamingTheAcceptedOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> Strategies.targeted(new RandomStrategy(), "depth"));
        assertTrue(e.getMessage().contains("--target=depth: unknown score (accepted: proxy_chain|lock_wait_ns|donor_migrations|pidemo_max_latency_ns)"),
                e.getMessage());
        assertTrue(Strategies.known("target:lock_wait_ns"));
        assertTrue(!Strategies.known("target:depth") && !Strategies.known("target:"));
        assertThrows(BadInputException.class, () -> Strategies.byName("target:depth", 1));
        assertThrows(BadInputException.class, () -> Strategies.byName("target:proxy_chain", 1).replay("dfs", org.proxytorture.sim.ChoiceLog.of()));
    }
}
