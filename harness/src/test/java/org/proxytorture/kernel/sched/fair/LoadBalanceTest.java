package org.proxytorture.kernel.sched.fair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SetCpusAllowedFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.api.Tag;

/** Periodic and newidle balancing spread fair tasks, honour affinity, never move a running task. */
@Tag("fast")
class LoadBalanceTest {

    @Test
    void hogsStackedOnOneCpuAreSpreadAndPinnedOnesStay() {
        Core core = Machines.boot(4);
        List<String> violations = new ArrayList<>();
        core.trace.add(new Trace.Listener() {
            @Override
            public void schedMigrateTask(long now, Task p, int orig, int dest) {
                for (Rq rq : core.rqs) if (rq.curr == p) violations.add(now + ": " + p + " migrated while running on CPU " + rq.cpu);
                if (!p.cpusMask.test(dest)) violations.add(now + ": " + p + " migrated outside its mask to " + dest);
            }
        });
        // four hogs are born on CPU 0 (pinned there), then allowed everywhere by a helper task;
        // a fifth stays pinned to CPU 0
        List<Task> hogs = new ArrayList<>();
        for (int i = 0; i < 4; i++) hogs.add(Machines.spawn(core, "hog" + i, Machines.hog("hog" + i), CpuMask.of(0)));
        Task pinned = Machines.spawn(core, "pinned", Machines.hog("pinned"), CpuMask.of(0));
        Program.Builder b = Program.builder("unpin");
        for (Task h : hogs) b.call((cpu, p, r) -> new SetCpusAllowedFrame(h, CpuMask.first(4)));
        b.exit();
        Task unpin = core.createTask("unpin", CpuMask.of(3), core.rootTaskGroup, new ProgramFrame(b.build()));
        core.wakeUpNewTask(unpin);
        Machines.run(core, 500 * MS);
        long[] before = new long[5];
        for (int i = 0; i < 4; i++) before[i] = hogs.get(i).se.sumExecRuntime;
        before[4] = pinned.se.sumExecRuntime;
        Machines.run(core, 1500 * MS);
        // 5 hogs on 4 CPUs: each gets at least 4/5 of a CPU... minus what sharing CPU 0 costs
        long window = 1000 * MS;
        long total = 0;
        for (int i = 0; i < 4; i++) total += hogs.get(i).se.sumExecRuntime - before[i];
        total += pinned.se.sumExecRuntime - before[4];
        assertEquals(4.0, total / (double) window, 0.05, "all four CPUs stay busy");
        assertEquals(0, pinned.cpu, "the pinned hog never left CPU 0");
        int cpusUsed = 0;
        boolean[] used = new boolean[4];
        for (Task h : hogs) used[h.cpu] = true;
        for (boolean u : used) if (u) cpusUsed++;
        assertTrue(cpusUsed >= 3, "the unpinned hogs were spread out: " + cpusUsed + " CPUs");
        assertTrue(violations.isEmpty(), String.join("\n", violations));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }
}
