package org.proxytorture.explore.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.RecordingChoices;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;
import org.junit.jupiter.api.Tag;

/**
 * The scenario space (issue 16 item 1): every drawn scenario is valid and runs, zeros are the
 * smallest scenario, the first tries are the edge cases, pins hold, and a search reaches every
 * torture type, generation and feature.
 */
@Tag("fast")
class ScenarioSpaceTest {
    private static final ScenarioSpace SPACE = ScenarioSpace.all();

    @Test
    void everyDrawnScenarioIsValid() {
        for (int i = 0; i < 3000; i++) SPACE.draw(7, i); // the TortureTarget constructor checks the bootargs as a run would
    }

    @Test
    void drawnScenariosBootAndRun() {
        for (int i = 0; i < 60; i++) {
            TortureTarget t = SPACE.draw(3, i);
            TortureTarget shortRun = new TortureTarget(t.scenario(), t.cpus(), t.hz(), 5_000_000L, t.bootargs());
            Outcome o = shortRun.run(new RecordingChoices(new SeededChoices(i), false));
            assertFalse(o.failed(), "try " + i + ": " + shortRun.describe() + " failed: " + o.identity() + " " + o.report());
        }
    }

    @Test
    void zerosAreTheSmallestScenario() {
        TortureTarget t = SPACE.generate(new ReplayChoices(ChoiceLog.of())); // past its end, a replay takes the defaults
        assertEquals(1, t.cpus());
        assertEquals(1000, t.hz());
        assertEquals(100_000_000L, t.durationNs());
        assertEquals("locktorture.torture_type=mutex_lock locktorture.nwriters_stress=1 locktorture.nested_locks=0 locktorture.long_hold=0"
                + " locktorture.writer_fifo=0 locktorture.rt_boost=0 torture.random_shuffle=0 locktorture.stutter=0 sched_proxy_exec=0",
                t.bootargs().toString());
        assertEquals(t, SPACE.draw(99, 0), "try 0 is the smallest scenario, whatever the seed");
    }

    @Test
    void theFirstTriesAreTheEdges() {
        TortureTarget max = SPACE.draw(1, 1);
        assertEquals(16, max.cpus());
        assertEquals(2_000_000_000L, max.durationNs());
        String b = max.bootargs().toString();
        for (String on : List.of("torture_type=percpu_rwsem_lock", "nested_locks=8", "long_hold=100", "writer_fifo=1", "rt_boost=2",
                "random_shuffle=1", "stutter=5", "onoff_interval=1", "bind_writers=15", "bind_readers=15", "writer_cpu_max=5000,100000",
                "throttle_model=group", "writer_cpu_weight=10000", "proxy_variant=full", "sched_feat=NO_DELAY_DEQUEUE", "memory_model=arm64",
                "setprio_interval=10", "renice_interval=10", "hold_yield=8", "window_ns=20000"))
            assertTrue(b.contains(on), on + " in the largest scenario: " + b);
        for (int k = 0; k < Dimension.values().length; k++) {
            Dimension d = Dimension.values()[k];
            TortureTarget one = SPACE.draw(1, 2 + k);
            assertFalse(one.equals(SPACE.draw(1, 0)) && d != Dimension.WRITERS, d.key + "'s edge try differs from the smallest");
        }
        assertTrue(SPACE.draw(1, 2 + Dimension.READERS.ordinal()).bootargs().toString().contains("torture_type=percpu_rwsem_lock"), "a readers edge has a type with readers");
        assertTrue(SPACE.draw(1, 2 + Dimension.PIDEMO_CASE.ordinal()).bootargs().toString().contains("pidemo_case=schedload-contention-throttled"));
        String ww = SPACE.draw(1, 2 + Dimension.WW_REORDER.ordinal()).bootargs().toString();
        assertTrue(ww.contains("torture_type=ww_mutex_lock") && ww.contains("ww_reorder=1"), "ww_reorder's edge is a reordered ww_mutex_lock: " + ww);
    }

    @Test
    void theSameSeedAndTryGiveTheSameScenario() {
        for (int i = 0; i < 200; i++) assertEquals(SPACE.draw(5, i), SPACE.draw(5, i));
        assertFalse(SPACE.draw(5, 100).equals(SPACE.draw(6, 100)) && SPACE.draw(5, 101).equals(SPACE.draw(6, 101)));
    }

    @Test
    void pinsHoldAndBadPinsAreBadInput() {
        ScenarioSpace s = ScenarioSpace.fixed(List.of("cpus=3", "torture_type=rwsem_lock", "generation=migrate"));
        for (int i = 0; i < 300; i++) {
            TortureTarget t = s.draw(1, i);
            assertEquals(3, t.cpus());
            String b = t.bootargs().toString();
            if (!b.contains("workload=pidemo")) assertTrue(b.contains("torture_type=rwsem_lock"), b);
            assertTrue(b.contains("proxy_variant=migrate"), b);
        }
        assertEquals("cpus=3 torture_type=rwsem_lock generation=migrate", s.describePins());
        BadInputException e = assertThrows(BadInputException.class, () -> ScenarioSpace.fixed(List.of("cpu=3")));
        assertTrue(e.getMessage().contains("accepted: cpus hz"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> ScenarioSpace.fixed(List.of("torture_type=mutex")));
        assertTrue(e.getMessage().contains("accepted for torture_type: mutex_lock|"), e.getMessage());
        // lock_busted is never drawn, but a pin may name it (bugs --space does, for the catalog's lock_busted entry)
        for (int i = 0; i < 300; i++) assertFalse(ScenarioSpace.all().draw(1, i).bootargs().toString().contains("lock_busted"));
        ScenarioSpace busted = ScenarioSpace.fixed(List.of("workload=locktorture", "torture_type=lock_busted"));
        for (int i = 0; i < 50; i++) assertTrue(busted.draw(1, i).bootargs().toString().contains("torture_type=lock_busted"));
        assertThrows(BadInputException.class, () -> ScenarioSpace.fixed(List.of("cpus=2", "bind_writers=5")), "a mask outside the CPUs");
    }

    @Test
    void aSearchReachesEveryTypeGenerationAndFeature() {
        Statistics st = new Statistics();
        for (int i = 0; i < 600; i++) st.add(SPACE.draw(11, i), null);
        for (String type : ScenarioSpace.TYPES) assertTrue(st.count("torture type", type) >= 15, type + "\n" + String.join("\n", st.render()));
        assertTrue(st.count("torture type", "pidemo") >= 15);
        for (String g : ScenarioSpace.GENERATIONS) assertTrue(st.count("generation", g) >= 30, g);
        for (String f : List.of("readers", "nested_locks", "long_hold", "writer_fifo", "rt_boost", "random_shuffle", "stutter", "cpu_hotplug",
                "bind", "cfs_bandwidth", "task_group", "meddlers", "NO_DELAY_DEQUEUE", "memory_model=sc", "memory_model=arm64"))
            assertTrue(st.count("feature", f) >= 15, f + "\n" + String.join("\n", st.render()));
        assertTrue(st.count("cpus", ">16 CPUs") >= 1, "the rare large machines are drawn");
        assertEquals(List.of(), st.missed(List.of(new Statistics.Requirement("generation", "full", 0.1))));
        assertEquals(1, st.missed(List.of(new Statistics.Requirement("generation", "full", 0.5))).size());
    }
}
