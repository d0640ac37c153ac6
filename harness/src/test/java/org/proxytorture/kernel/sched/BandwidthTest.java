package org.proxytorture.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;
import static org.proxytorture.kernel.sched.Machines.SEC;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Program;

/**
 * CFS bandwidth control (cpu.max): known answers under both throttle models, and what each model
 * does to a lock holder that runs out of quota.
 */
class BandwidthTest {

    private static Core boot(int cpus, String model) {
        Core core = Machines.boot(cpus);
        core.fair.bandwidth.model = ThrottleModel.byName(model);
        return core;
    }

    private static TaskGroup group(Core core, String name, String cpuMax) {
        TaskGroup g = core.createGroup(name, core.rootTaskGroup, TaskGroup.weightToShares(100));
        if (cpuMax != null) g.setCpuMax(cpuMax);
        return g;
    }

    private static void assertClean(Core core) {
        assertTrue(core.warnings.isEmpty(), core.warnings::toString);
        assertTrue(core.fair.bandwidth.audit().isEmpty(), () -> core.fair.bandwidth.audit().toString());
    }

    // ---------------------------------------------------------------- shares

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void aHogInAGroupWithCpuMax20000Of100000GetsTwentyPercent(String model) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "limited", "20000 100000");
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), g, 0);
        Machines.run(core, 2 * SEC);
        assertEquals(0.20, (double) hog.se.sumExecRuntime / (2 * SEC), 0.01, "cpu.max 20000 100000 is 20% of a CPU");
        assertEquals(20, g.cfsBandwidth.nrPeriods);
        assertEquals(20, g.cfsBandwidth.nrThrottled, "throttled in every period");
        assertEquals(hog.se.sumExecRuntime, g.usage, "cpu.stat usage is the hog's time");
        assertClean(core);
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void theLimitedHogGetsItsTwentyPercentAndARootHogTheRest(String model) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "limited", "20000 100000");
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), g, 0);
        Task free = Machines.spawn(core, "free", Machines.hog("free"), CpuMask.of(0), null, 0);
        Machines.run(core, 2 * SEC);
        assertEquals(0.20, (double) hog.se.sumExecRuntime / (2 * SEC), 0.01, "the group's quota, not its 50% weight share");
        assertEquals(0.80, (double) free.se.sumExecRuntime / (2 * SEC), 0.01, "the root hog gets what the group may not use");
        assertClean(core);
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void twoHogsOfTheGroupOnTwoCpusShareItsTwentyPercent(String model) {
        Core core = boot(2, model);
        TaskGroup g = group(core, "limited", "20000 100000");
        Task a = Machines.spawn(core, "hogA", Machines.hog("hogA"), CpuMask.of(0), g, 0);
        Task b = Machines.spawn(core, "hogB", Machines.hog("hogB"), CpuMask.of(1), g, 0);
        Machines.run(core, 2 * SEC);
        long total = a.se.sumExecRuntime + b.se.sumExecRuntime;
        assertEquals(0.20, (double) total / (2 * SEC), 0.01, "one pool of 20 ms per period for both CPUs");
        assertEquals(0.10, (double) a.se.sumExecRuntime / (2 * SEC), 0.02, "hogA's half");
        assertEquals(0.10, (double) b.se.sumExecRuntime / (2 * SEC), 0.02, "hogB's half");
        assertClean(core);
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void anUnlimitedGroupRunsExactlyAsAGroupWithoutCpuMax(String model) {
        long[] without = unlimitedRun(model, null);
        long[] max = unlimitedRun(model, "max 100000");
        assertEquals(without[0], max[0], "the same time to the nanosecond: cpu.max max is no bandwidth control");
        assertEquals(without[1], max[1]);
        assertEquals(0.5, (double) max[0] / (max[0] + max[1]), 0.01, "and the weight share holds");
    }

    private static long[] unlimitedRun(String model, String cpuMax) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "unlimited", cpuMax);
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), g, 0);
        Task free = Machines.spawn(core, "free", Machines.hog("free"), CpuMask.of(0), null, 0);
        Machines.run(core, 2 * SEC);
        assertClean(core);
        assertTrue(!core.fair.bandwidth.used(), "cfs_bandwidth_used() stays off");
        return new long[] {hog.se.sumExecRuntime, free.se.sumExecRuntime};
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void aGroupThatUsesLessThanItsQuotaIsNeverThrottled(String model) {
        long unlimited = burstyRun(model, null, 0);
        long roomy = burstyRun(model, "50000 100000", 0);
        assertEquals(unlimited, roomy, 0.005 * unlimited, "2 ms of every 10 under a 50% quota: as if unlimited");
    }

    /** A task computing 2 ms and sleeping 8 ms in a group, with a root hog; its time, checking throttles. */
    private static long burstyRun(String model, String cpuMax, long expectedThrottles) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "roomy", cpuMax);
        Program p = Program.builder("bursty").label("l").run(2 * MS).sleep(8 * MS).jump("l").build();
        Task t = Machines.spawn(core, "bursty", p, CpuMask.of(0), g, 0);
        Machines.spawn(core, "free", Machines.hog("free"), CpuMask.of(0), null, 0);
        Machines.run(core, 2 * SEC);
        assertEquals(expectedThrottles, g.cfsBandwidth.nrThrottled);
        assertClean(core);
        return t.se.sumExecRuntime;
    }

    @Test
    void cpuMaxReadsBackAndRejectsWhatTheKernelRejects() {
        Core core = boot(1, "task");
        TaskGroup g = group(core, "g", null);
        assertEquals("max 100000", g.cpuMax(), "the default");
        g.setCpuMax("20000 50000");
        assertEquals("20000 50000", g.cpuMax());
        g.setCpuMax("30000");
        assertEquals("30000 50000", g.cpuMax(), "a lone quota keeps the period");
        for (String bad : List.of("500 100000", "20000 999", "20000 2000000", "lots", "1 2 3", ""))
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> g.setCpuMax(bad), bad);
    }
}
