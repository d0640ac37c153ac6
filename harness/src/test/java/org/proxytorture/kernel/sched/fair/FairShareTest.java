package org.proxytorture.kernel.sched.fair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.proxytorture.kernel.sched.Machines.SEC;

import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.harness.KernelOops;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.junit.jupiter.api.Tag;

/** Known answers of EEVDF: CPU time follows weight, for tasks and for task groups. */
@Tag("fast")
class FairShareTest {

    private static double share(Task a, Task b) {
        return (double) a.se.sumExecRuntime / (a.se.sumExecRuntime + b.se.sumExecRuntime);
    }

    @Test
    void twoNiceZeroHogsOnOneCpuSplitEvenly() {
        Core core = Machines.boot(1);
        Task a = Machines.spawn(core, "hogA", Machines.hog("hogA"), CpuMask.of(0));
        Task b = Machines.spawn(core, "hogB", Machines.hog("hogB"), CpuMask.of(0));
        Machines.run(core, 10 * SEC);
        assertEquals(0.5, share(a, b), 0.01, "nice 0 vs nice 0 should split 50/50");
        assertEquals(10 * SEC, a.se.sumExecRuntime + b.se.sumExecRuntime, 0.01 * 10 * SEC, "the hogs keep the CPU busy");
    }

    @Test
    void niceZeroVersusNiceFiveSplitsByWeight() {
        Core core = Machines.boot(1);
        Task a = Machines.spawn(core, "nice0", Machines.hog("nice0"), CpuMask.of(0), null, 0);
        Task b = Machines.spawn(core, "nice5", Machines.hog("nice5"), CpuMask.of(0), null, 5);
        Machines.run(core, 10 * SEC);
        double expected = 1024.0 / (1024 + 335);
        assertEquals(expected, share(a, b), expected * 0.02, "nice 0 : nice 5 = 1024 : 335");
    }

    @Test
    void groupsOfWeight100And300SplitOneToThree() {
        Core core = Machines.boot(1);
        TaskGroup g100 = core.createGroup("g100", core.rootTaskGroup, TaskGroup.weightToShares(100));
        TaskGroup g300 = core.createGroup("g300", core.rootTaskGroup, TaskGroup.weightToShares(300));
        Task a = Machines.spawn(core, "hog100", Machines.hog("hog100"), CpuMask.of(0), g100, 0);
        Task b = Machines.spawn(core, "hog300", Machines.hog("hog300"), CpuMask.of(0), g300, 0);
        Machines.run(core, 10 * SEC);
        assertEquals(0.25, share(a, b), 0.25 * 0.02, "cpu.weight 100 : 300 = 1 : 3");
    }

    @Test
    void nestedGroupsSplitByTheirShares() {
        // root: A (1024) and B (1024); B holds B1 (1024) and B2 (3072): 1/2, 1/8, 3/8
        Core core = Machines.boot(1);
        TaskGroup ga = core.createGroup("A", core.rootTaskGroup, 1024);
        TaskGroup gb = core.createGroup("B", core.rootTaskGroup, 1024);
        TaskGroup gb1 = core.createGroup("B1", gb, 1024);
        TaskGroup gb2 = core.createGroup("B2", gb, 3072);
        Task a = Machines.spawn(core, "a", Machines.hog("a"), CpuMask.of(0), ga, 0);
        Task b1 = Machines.spawn(core, "b1", Machines.hog("b1"), CpuMask.of(0), gb1, 0);
        Task b2 = Machines.spawn(core, "b2", Machines.hog("b2"), CpuMask.of(0), gb2, 0);
        Machines.run(core, 10 * SEC);
        double total = a.se.sumExecRuntime + b1.se.sumExecRuntime + b2.se.sumExecRuntime;
        assertEquals(0.5, a.se.sumExecRuntime / total, 0.01);
        assertEquals(0.125, b1.se.sumExecRuntime / total, 0.01);
        assertEquals(0.375, b2.se.sumExecRuntime / total, 0.01);
    }

    /**
     * __pick_eevdf() returns NULL when no entity is eligible and pick_next_entity() dereferences it:
     * broken sums (here sum_w_vruntime pushed far below every key) oops the next pick, where the
     * model once ran the earliest deadline anyway.
     */
    @Test
    void noEligibleEntityIsANullPickThatOopsesInPickNextEntity() {
        Core core = Machines.boot(1);
        for (int i = 0; i < 3; i++) Machines.spawn(core, "hog" + i, Machines.hog("hog" + i), CpuMask.of(0));
        Machines.run(core, 10 * Machines.MS);
        core.rqs[0].cfs.sumWVruntime -= 1L << 50;
        assertEquals(null, Eevdf.pickEevdf(core.rqs[0].cfs, true), "nothing is eligible");
        KernelOops e = assertThrows(KernelOops.class, () -> Machines.run(core, 100 * Machines.MS));
        assertEquals("BUG: kernel NULL pointer dereference in pick_next_entity", e.what());
    }
}
