package org.proxytorture.kernel.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.sim.ReplayChoices;
import org.junit.jupiter.api.Tag;

/** kthread programs: each instruction does what its kernel call does. */
@Tag("fast")
class ProgramTest {
    private static final long MS = Machines.MS;

    @Test
    void setNicePolicyAndAffinityChangeTheTask() {
        Core core = Machines.boot(4);
        Program p = Program.builder("p")
                .nice(5).run(MS)
                .policy(Policy.SCHED_FIFO, 30, 0).run(MS)
                .policy(Policy.SCHED_NORMAL, 0, -3).run(MS)
                .affinity(CpuMask.of(2)).run(MS)
                .label("spin").run(MS).jump("spin")
                .build();
        Task t = Machines.spawn(core, "t", p, CpuMask.first(4));
        Machines.run(core, 500_000);
        assertEquals(5, t.nice());
        Machines.run(core, 1_500_000);
        assertEquals(Policy.SCHED_FIFO, t.policy);
        assertEquals(69, t.prio, "prio = MAX_RT_PRIO - 1 - rt_priority");
        Machines.run(core, 2_500_000);
        assertEquals(Policy.SCHED_NORMAL, t.policy);
        assertEquals(-3, t.nice());
        Machines.run(core, 10 * MS);
        assertEquals(2, t.cpu, "set_cpus_allowed_ptr() on itself moved it through the stopper");
        assertEquals(CpuMask.of(2), t.cpusMask);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void yieldGivesTheCpuToTheOtherTask() {
        Core core = Machines.boot(1);
        Program yielder = Program.builder("y").label("l").run(10_000).yield().jump("l").build();
        Task y = Machines.spawn(core, "yielder", yielder, CpuMask.of(0));
        Task h = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0));
        Machines.run(core, 100 * MS);
        assertTrue(h.se.sumExecRuntime > 3 * y.se.sumExecRuntime,
                "the yielder runs 10 us per yield, the hog its slices: " + y.se.sumExecRuntime + " vs " + h.se.sumExecRuntime);
    }

    @Test
    void chooseAndJumpsFollowTheChoiceList() {
        // r0 = choose(4) = 3 (forced); lock-free path: sleep only when r0 != 0
        Core core = Machines.boot(1, ReplayChoices.of(3));
        Program p = Program.builder("c")
                .add(new Insn.Choose(0, 4))
                .jumpIfZero(0, "end")
                .sleep(5 * MS)
                .label("end").exit().build();
        Task t = Machines.spawn(core, "c", p, CpuMask.of(0));
        Machines.run(core, 2 * MS);
        assertEquals(TaskState.TASK_UNINTERRUPTIBLE, t.state, "choice 3 took the sleeping branch");
        Machines.run(core, 10 * MS);
        assertEquals(TaskState.TASK_DEAD, t.state);

        Core zero = Machines.boot(1);
        Task u = Machines.spawn(zero, "c", p, CpuMask.of(0));
        Machines.run(zero, 2 * MS);
        assertEquals(TaskState.TASK_DEAD, u.state, "the default choice 0 skips the sleep");
    }
}
