package org.proxytorture.scenarios.properties;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.proxytorture.explore.RunProperties;
import org.proxytorture.explore.property.PropertyContext;
import org.proxytorture.explore.property.TortureProperty;
import org.proxytorture.explore.space.ScenarioSpace;

/**
 * The shipped property suite, slow part: the fast part's properties over the whole scenario
 * space (runs of 100 ms to 2 s, the rare 32- and 64-CPU machines too), more tries, each property
 * bounded by wall time as well (the tries run are printed and reported). Left out of
 * {@code mvn test}; run it with
 *
 * <pre>
 * mvn -B test -pl torture-scenarios -am -Dgroups=slow -DexcludedGroups=
 * </pre>
 *
 * (-Dproxytorture.seed=S and -Dproxytorture.tries=N change every property's seed and tries.)
 */
@Tag("slow")
class SlowScenarioPropertiesTest {
    static final ScenarioSpace ALL = ScenarioSpace.all();
    static final ScenarioSpace PIDEMO = ScenarioSpace.fixed(List.of("workload=pidemo"));

    @TortureProperty(tries = 400, seed = 11, timeBudgetSeconds = 300)
    void noCheckerFires(PropertyContext p) {
        p.forAllScenarios(ALL)
                .cover("generation", "full", 0.1).cover("generation", "migrate", 0.1).cover("generation", "single-rq", 0.1)
                .cover("torture type", "rwsem_lock", 0.03).cover("torture type", "ww_mutex_lock", 0.03).cover("torture type", "pidemo", 0.03)
                .cover("feature", "cpu_hotplug", 0.1).cover("feature", "cfs_bandwidth", 0.1).cover("feature", "NO_DELAY_DEQUEUE", 0.1)
                .check();
    }

    @TortureProperty(tries = 80, seed = 12, timeBudgetSeconds = 180)
    void theSameSeedGivesTheSameHash(PropertyContext p) {
        p.forAllScenarios(ALL).holds(RunProperties.sameSeedSameHash()).check();
    }

    @TortureProperty(tries = 80, seed = 13, timeBudgetSeconds = 180)
    void replayOfTheRecordedChoicesGivesTheSameHash(PropertyContext p) {
        p.forAllScenarios(ALL).holds(RunProperties.replaySameHash()).check();
    }

    @TortureProperty(tries = 80, seed = 14, timeBudgetSeconds = 180)
    void theCheckersOnlyRead(PropertyContext p) {
        p.forAllScenarios(ALL).holds(RunProperties.checkersOnlyRead()).check();
    }

    @TortureProperty(tries = 80, seed = 15, timeBudgetSeconds = 180)
    void everyLockIsReleasedByTheEnd(PropertyContext p) {
        p.forAllScenarios(ALL).holds(RunProperties.locksReleased()).check();
    }

    /** The bound and its measurement: {@link ScenarioPropertiesTest#LATENCY_TICKS}. */
    @TortureProperty(tries = 150, seed = 16, timeBudgetSeconds = 180)
    void proxyLatencyIsNotWorseThanWithoutItBeyondTheBound(PropertyContext p) {
        p.forAllScenarios(PIDEMO).holds(RunProperties.proxyLatencyWithin(ScenarioPropertiesTest.LATENCY_TICKS)).check();
    }
}
