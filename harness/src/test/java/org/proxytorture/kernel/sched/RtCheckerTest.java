package org.proxytorture.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.check.Checks;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.program.ProgramFrame;

/**
 * sched_football's invariant, built by hand: an RT task left on a pushable list that nobody
 * pushes (its mask widened behind the kernel's back, so no push was queued) waits while the
 * other CPU runs a fair hog: the rt checker reports it once the window has passed.
 */
class RtCheckerTest {
    static final long MS = Machines.MS;

    @Test
    void aRunnableRtTaskLeftWaitingBesideALowerPriorityCpuIsReported() {
        Core core = Machines.boot(2);
        Checks checks = Checks.install(core, new Checks.Config(MS, 0, 0, 20 * MS, false));
        Task a = core.createTask("rt_a", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("rt_a")));
        Task b = core.createTask("rt_b", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("rt_b")));
        Machines.makeFifo(core, a, 50);
        Machines.makeFifo(core, b, 50);
        core.wakeUpNewTask(a);
        core.wakeUpNewTask(b);
        Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(1));
        // CPU 1 keeps switching from an RT task to the fair hog: pull_rt_task() gets its chances
        Task blip = core.createTask("rt_blip", CpuMask.of(1), core.rootTaskGroup,
                new ProgramFrame(org.proxytorture.kernel.program.Program.builder("rt_blip").label("l").run(50_000).sleep(5 * MS).jump("l").build()));
        Machines.makeFifo(core, blip, 60);
        core.wakeUpNewTask(blip);
        Machines.run(core, 10 * MS);
        assertEquals(List.of(), checks.violations(), "pinned to CPU 0, rt_b waits legitimately");
        Task waiting = core.rqs[0].curr == a ? b : a;
        waiting.cpusMask = CpuMask.of(0, 1); // corrupt: not through set_cpus_allowed_ptr(), so no push is queued
        core.rqs[0].rt.pushable.add(waiting);
        Machines.run(core, 60 * MS);
        Violation v = checks.violations().stream().filter(x -> x.invariant().equals("football")).findFirst().orElse(null);
        assertTrue(v != null, String.valueOf(checks.violations()));
        assertEquals(List.of("rt=" + waiting.comm), v.roles());
        assertTrue(checks.findings().stream().noneMatch(f -> f.invariant().equals("football-no-pull")), String.valueOf(checks.findings()));
    }
}
