package org.proxytorture.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;
import static org.proxytorture.kernel.sched.Machines.SEC;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CFS bandwidth control (cpu.max): known answers under both throttle models. */
class BandwidthTest {

    private static Core boot(int cpus, String model) {
        Core core = Machines.boot(cpus);
        core.fair.bandwidth.model = ThrottleModel.byName(model);
        return core;
    }

    private static TaskGroup group(Core core, String name, String cpuMax) {
        TaskGroup g = core.createGroup(name, core.rootTaskGroup, TaskGroup.weightToShares(100));
        g.setCpuMax(cpuMax);
        return g;
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void aHogInAGroupWithCpuMax20000Of100000GetsTwentyPercent(String model) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "limited", "20000 100000");
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), g, 0);
        Machines.run(core, 2 * SEC);
        double share = (double) hog.se.sumExecRuntime / (2 * SEC);
        assertEquals(0.20, share, 0.01, "cpu.max 20000 100000 is 20% of a CPU");
        assertTrue(core.warnings.isEmpty(), core.warnings::toString);
        assertTrue(core.fair.bandwidth.audit().isEmpty(), () -> core.fair.bandwidth.audit().toString());
        assertTrue(g.cfsBandwidth.nrThrottled >= 18, "throttled in (nearly) every period: " + g.cfsBandwidth.nrThrottled);
    }
}
