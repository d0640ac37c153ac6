package org.proxytorture.scenarios.properties;

import java.util.List;
import org.proxytorture.explore.RunProperties;
import org.proxytorture.explore.property.PropertyContext;
import org.proxytorture.explore.property.TortureProperty;
import org.proxytorture.explore.space.ScenarioSpace;

/**
 * The shipped property suite, fast part (in {@code mvn test} and .ci/run): what a kernel
 * developer states of every scenario, over the scenario space with 100 ms runs, the first tries
 * its edge cases. The slow part ({@link SlowScenarioPropertiesTest}) states the same over the
 * whole space. A failure prints the shrunk scenario and schedule, the timeline and the replay
 * command, and is replayed first by the next run ({@code target/proxytorture-db/NAME/}).
 */
class ScenarioPropertiesTest {
    /** The whole space, its runs 100 ms long (the slow part draws the duration too). */
    static final ScenarioSpace SHORT = ScenarioSpace.fixed(List.of("duration=100"));
    /** Every pidemo case, machine, HZ, generation and feature setting, 100 ms per run. */
    static final ScenarioSpace PIDEMO_SHORT = ScenarioSpace.fixed(List.of("workload=pidemo", "duration=100"));

    /**
     * The bound on proxy execution's worst foreground latency, in ticks over sched_proxy_exec=0's.
     * The pidemo latencies are tick-quantized (the foreground gets the lock at a wakeup
     * preemption, or waits for a tick). Measured 2026-12 (proxytorture-model-13, every case x 1, 2,
     * 3, 4, 8 CPUs x HZ 1000, 100, 250, 300 x seeds 1-3 at 100 ms, and 1, 2, 4, 8 CPUs x seed 1 at
     * 1 s; each proxy generation against sched_proxy_exec=0 from the same seed): proxy is often far
     * better (up to 127 ticks less in schedload-contention-throttled), equal in most runs, and worse
     * by at most 3.0 ticks: single-rq on 1 CPU in contention and schedload-contention at HZ 100-300
     * (the donor keeps the CPU for the owner's critical section; the foreground has the lock only
     * at the next tick), migrate and full by at most 2.0 ticks. One tick more than the worst seen
     * is the bound: a proxy path that leaves the foreground blocked longer than that is a
     * regression (a lost wakeup or a missed return migration shows as many ticks, or never).
     */
    static final int LATENCY_TICKS = 4;

    /**
     * For all scenarios, no checker fires (nor a WARN, a locktorture Fail, an oops). The search
     * must reach each proxy generation at least once, and the features that most often find bugs
     * in a few tries in twenty (the edge cases first, then one generation in five, each feature
     * in about a third of the drawn tries; the shares are low enough for any seed).
     */
    @TortureProperty(tries = 60, seed = 1)
    void noCheckerFires(PropertyContext p) {
        p.forAllScenarios(SHORT)
                .cover("generation", "full", 0.015).cover("generation", "migrate", 0.015).cover("generation", "single-rq", 0.015)
                .cover("feature", "readers", 0.05).cover("feature", "cpu_hotplug", 0.05).cover("feature", "random_shuffle", 0.05)
                .cover("feature", "cfs_bandwidth", 0.05)
                .check();
    }

    /** For all scenarios, two runs from the same seed have the same event hash (failing runs too). */
    @TortureProperty(tries = 25, seed = 2)
    void theSameSeedGivesTheSameHash(PropertyContext p) {
        p.forAllScenarios(SHORT).holds(RunProperties.sameSeedSameHash()).check();
    }

    /** For all scenarios, the run's replay file replays to its event hash and identity (failing runs too). */
    @TortureProperty(tries = 25, seed = 3)
    void replayOfTheRecordedChoicesGivesTheSameHash(PropertyContext p) {
        p.forAllScenarios(SHORT).holds(RunProperties.replaySameHash()).check();
    }

    /** For all scenarios, a clean run replayed with the checkers off has the same hash: the checkers only read. */
    @TortureProperty(tries = 20, seed = 4)
    void theCheckersOnlyRead(PropertyContext p) {
        p.forAllScenarios(SHORT).holds(RunProperties.checkersOnlyRead()).check();
    }

    /** For all locktorture scenarios, every lock acquisition is released by the end of a clean run. */
    @TortureProperty(tries = 20, seed = 5)
    void everyLockIsReleasedByTheEnd(PropertyContext p) {
        p.forAllScenarios(SHORT).holds(RunProperties.locksReleased()).check();
    }

    /** For all pidemo scenarios, proxy execution's worst foreground latency is within {@link #LATENCY_TICKS} ticks of sched_proxy_exec=0's. */
    @TortureProperty(tries = 40, seed = 6)
    void proxyLatencyIsNotWorseThanWithoutItBeyondTheBound(PropertyContext p) {
        p.forAllScenarios(PIDEMO_SHORT).holds(RunProperties.proxyLatencyWithin(LATENCY_TICKS)).check();
    }
}
