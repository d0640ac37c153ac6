package org.proxytorture.kernel.sched.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;
import static org.proxytorture.kernel.sched.Machines.SEC;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.harness.KernelOops;
import org.proxytorture.kernel.hotplug.CpuDownFrame;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SetCpusAllowedFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.api.Tag;

/** Preemption and wakeup placement known answers. */
@Tag("fast")
class RtAndWakeupTest {

    /** Records every sched_switch and wakeup. */
    static final class Recorder implements Trace.Listener {
        record Switch(long now, int cpu, Task prev, Task next) { }

        final List<Switch> switches = new ArrayList<>();
        final List<long[]> wakeups = new ArrayList<>();

        @Override
        public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
            switches.add(new Switch(now, cpu, prev, next));
        }

        @Override
        public void schedWakeup(long now, int cpu, Task p) {
            wakeups.add(new long[] {now, p.pid, cpu});
        }

        Switch firstSwitchTo(Task t, long after) {
            for (Switch s : switches) if (s.next == t && s.now >= after) return s;
            return null;
        }
    }

    /** A SCHED_FIFO task at {@code rtPriority} running {@code program}, woken. */
    private static Task fifo(Core core, Program program, CpuMask mask, int rtPriority) {
        Task t = core.createTask(program.name(), mask, core.rootTaskGroup, new org.proxytorture.kernel.program.ProgramFrame(program));
        Machines.makeFifo(core, t, rtPriority);
        core.wakeUpNewTask(t);
        return t;
    }

    /** Sleeps 5 ms, computes 100 us, forever. */
    private static Program sleeper(String name) {
        return Program.builder(name).label("l").sleep(5 * MS).run(100_000).jump("l").build();
    }

    @Test
    void rtFifoTaskPreemptsAFairHogAtItsWakeup() {
        Core core = Machines.boot(1);
        Recorder rec = new Recorder();
        core.trace.add(rec);
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0));
        Task rt = fifo(core, sleeper("rt"), CpuMask.of(0), 50);
        Machines.run(core, 100 * MS);
        int checked = 0;
        for (long[] w : rec.wakeups) {
            if (w[1] != rt.pid || w[0] < 10 * MS) continue;
            var s = rec.firstSwitchTo(rt, w[0]);
            assertTrue(s != null, "the RT task runs after its wakeup at " + w[0]);
            assertEquals(hog, s.prev(), "the RT task preempts the fair hog");
            // the hrtimer interrupt wakes it on its own CPU: the switch follows the wakeup section at once
            assertTrue(s.now() - w[0] <= core.costs.ttwu() + core.costs.schedule(),
                    "preemption at wakeup, not at the next tick: woken " + w[0] + ", ran " + s.now());
            checked++;
        }
        assertTrue(checked >= 10, "several wakeups were checked: " + checked);
    }

    @Test
    void aTaskWokenWithAnIdleAllowedCpuRunsWithinOneTick() {
        Core core = Machines.boot(4);
        Recorder rec = new Recorder();
        core.trace.add(rec);
        // three hogs keep CPUs 0-2 busy; the sleeper may run anywhere, so CPU 3 is idle for it
        for (int i = 0; i < 3; i++) Machines.spawn(core, "hog" + i, Machines.hog("hog" + i), CpuMask.of(i));
        Task s = Machines.spawn(core, "sleeper", sleeper("sleeper"), CpuMask.first(4));
        Machines.run(core, 200 * MS);
        int checked = 0;
        for (long[] w : rec.wakeups) {
            if (w[1] != s.pid || w[0] < 10 * MS) continue;
            var sw = rec.firstSwitchTo(s, w[0]);
            assertTrue(sw != null && sw.now() - w[0] <= core.tickNsec, "runs within one tick of its wakeup");
            checked++;
        }
        assertTrue(checked >= 10, "several wakeups were checked: " + checked);
    }

    @Test
    void anRtTaskWokenBehindAnEqualPriorityTaskIsPushedAtItsWakeup() {
        // H (FIFO 20) hogs CPU 0; S (FIFO 20, CPUs 0-2) runs on CPU 1, sleeps, and CPU 1 goes offline
        // meanwhile: select_task_rq() falls back to CPU 0, behind H, which never yields; task_woken_rt()
        // pushes S to CPU 2, idle since the hotplug task left it
        Core core = Machines.boot(3);
        Recorder rec = new Recorder();
        core.trace.add(rec);
        fifo(core, Machines.hog("rtH"), CpuMask.of(0), 20);
        Task s = fifo(core, Program.builder("rtS").run(100_000).sleep(20 * MS).run(100_000).exit().build(), CpuMask.first(3), 20);
        Program ctl = Program.builder("ctl").sleep(5 * MS)
                .call(org.proxytorture.kernel.program.Action.hook("hotplug", false, (cpu, t, r) -> new CpuDownFrame(1))).exit().build();
        Task c = Machines.spawn(core, "ctl", ctl, CpuMask.of(2));
        c.pfKthread = true;
        Machines.run(core, 40 * MS);
        assertTrue(rec.switches.stream().anyMatch(sw -> sw.next() == s && sw.cpu() == 1 && sw.now() < 5 * MS), "S first ran on CPU 1");
        long woken = rec.wakeups.stream().filter(w -> w[1] == s.pid && w[0] > 10 * MS).mapToLong(w -> w[0]).findFirst().orElseThrow();
        var ran = rec.firstSwitchTo(s, woken);
        assertTrue(ran != null && ran.cpu() == 2 && ran.now() - woken <= MS, "S runs on CPU 2 just after its wakeup at " + woken + ": " + ran);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void aPreemptedRtTaskIsPushedToAnIdleCpu() {
        // A (FIFO 10, CPUs 0-1) runs on CPU 0; B (FIFO 20, CPU 0 only) wakes every 5 ms and
        // preempts it: put_prev_task_rt() makes A pushable and push_rt_tasks() moves it to idle CPU 1
        Core core = Machines.boot(2);
        Recorder rec = new Recorder();
        core.trace.add(rec);
        Task a = fifo(core, Machines.hog("rtA"), CpuMask.first(2), 10);
        fifo(core, sleeper("rtB"), CpuMask.of(0), 20);
        Machines.run(core, 1 * SEC);
        assertEquals(1, a.cpu, "A was pushed to CPU 1");
        assertTrue(a.se.sumExecRuntime > 0.99 * SEC, "A lost (almost) no time to B: " + a.se.sumExecRuntime);
    }

    @Test
    void pullRtTaskTakesThePushableTaskThisCpuMayRunNotTheFirstPushable() {
        // H (FIFO 20) hogs CPU 1 with X and Y (FIFO 20) queued behind it, X first; X may run on CPUs 1-2
        // (G, FIFO 30, hogs CPU 2), Y on CPUs 0-1. P (FIFO 20) leaves CPU 0 at 10 ms: balance_rt()'s
        // pull_rt_task() skips X, which may not run on CPU 0 (pick_highest_pushable_task()), and pulls Y
        Core core = Machines.boot(3);
        Recorder rec = new Recorder();
        core.trace.add(rec);
        fifo(core, Machines.hog("rtH"), CpuMask.of(1), 20);
        fifo(core, Machines.hog("rtG"), CpuMask.of(2), 30);
        fifo(core, Program.builder("rtP").run(10 * MS).exit().build(), CpuMask.of(0), 20);
        Task x = fifo(core, Machines.hog("rtX"), CpuMask.of(1), 20);
        Task y = fifo(core, Machines.hog("rtY"), CpuMask.of(1), 20);
        // widen the masks once X and Y are queued on CPU 1 (no lower CPU to push them to: all run FIFO >= 20)
        Program widen = Program.builder("widen").sleep(MS)
                .call((cpu, t, r) -> new SetCpusAllowedFrame(x, CpuMask.of(1, 2)))
                .call((cpu, t, r) -> new SetCpusAllowedFrame(y, CpuMask.of(0, 1))).exit().build();
        fifo(core, widen, CpuMask.of(0), 40); // preempts P for a moment; CPU 0 still has P, as high as Y, so nothing is pulled then
        Machines.run(core, 20 * MS);
        assertTrue(rec.switches.stream().noneMatch(sw -> (sw.next() == x || sw.next() == y) && sw.now() < 10 * MS), "X and Y wait behind H");
        assertEquals(1, x.cpu, "X is still on CPU 1: CPU 2 runs G, of higher priority");
        var ran = rec.firstSwitchTo(y, 10 * MS);
        assertTrue(ran != null && ran.cpu() == 0 && ran.now() - 10 * MS <= MS, "Y is pulled to CPU 0 when P leaves it: " + ran);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void pushRtTasksPushesEveryPushableTaskInOneCallbackNotJustFour() {
        // H (FIFO 30) hogs CPU 0 with T1..T5 (FIFO 10 hogs, pinned to CPU 0) queued behind it; CPUs 1-5
        // are idle. W (FIFO 40, CPU 0) wakes at 1 ms, widens T1..T5 to every CPU and exits: the switch
        // back to H queues push_rt_tasks(), which loops while push_rt_task() succeeds and spreads all
        // five over CPUs 1-5 at once (the model once stopped after 4 pushes; nothing else pushes T5)
        Core core = Machines.boot(6);
        Recorder rec = new Recorder();
        core.trace.add(rec);
        fifo(core, Machines.hog("rtH"), CpuMask.of(0), 30);
        List<Task> ts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) ts.add(fifo(core, Machines.hog("rtT" + i), CpuMask.of(0), 10));
        Program.Builder widen = Program.builder("widen").sleep(MS);
        for (Task t : ts) widen.call((cpu, w, r) -> new SetCpusAllowedFrame(t, CpuMask.first(6)));
        Task w = fifo(core, widen.exit().build(), CpuMask.of(0), 40);
        Machines.run(core, 20 * MS);
        long exited = rec.switches.stream().filter(sw -> sw.prev() == w).mapToLong(Recorder.Switch::now).max().orElseThrow();
        java.util.Set<Integer> cpus = new java.util.TreeSet<>();
        for (Task t : ts) {
            var ran = rec.firstSwitchTo(t, 0);
            assertTrue(ran != null && ran.cpu() != 0 && ran.now() - exited <= 100_000, t + " is pushed when W exits at " + exited + ": " + ran);
            cpus.add(ran.cpu());
        }
        assertEquals(java.util.Set.of(1, 2, 3, 4, 5), cpus, "one task on each idle CPU");
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * L (fair, CPU 0) holds M; H (FIFO 50, CPUs 0-1) blocks on M: with proxy execution (7.1) H stays
     * queued on CPU 0 as rq->donor and L runs there as rq->curr. Returns H.
     */
    private static Task donorOnCpu0(Core core) {
        core.proxy = org.proxytorture.kernel.proxy.Generation.MIGRATE.create();
        core.mutexSpinOnOwner = false;
        var m = new org.proxytorture.kernel.locking.Mutex(core, "m", new org.proxytorture.kernel.locking.LockClass("m"));
        Task l = Machines.spawn(core, "L", Program.builder("L").lock(m).run(50 * MS).unlock(m).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "hog1", Machines.hog("hog1"), CpuMask.of(1));
        Task h = fifo(core, Program.builder("H").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.first(2), 50);
        Machines.run(core, 5 * MS);
        Rq rq = core.rqs[0];
        assertTrue(rq.donor == h && rq.curr == l, "H donates to L on CPU 0: donor " + rq.donor + ", curr " + rq.curr);
        assertEquals(null, core.rt.pickNextPushable(rq), "nothing to push: H is the donor, L runs");
        return h;
    }

    @Test
    void aDonorOnThePushableListIsAKernelBugInPickNextPushableTask() {
        // set_next_task_rt() took the donor H off the pushable list; put it back (as a missed
        // dequeue_pushable_task() would) and pick_next_pushable_task() hits
        // BUG_ON(task_current_donor(rq, p)), where the model once skipped H quietly
        Core core = Machines.boot(2);
        Task h = donorOnCpu0(core);
        Rq rq = core.rqs[0];
        rq.rt.pushable.add(h);
        h.rtPushable = true;
        rq.rt.overloaded = true;
        KernelOops e = assertThrows(KernelOops.class, () -> core.rt.pickNextPushable(rq));
        assertEquals("kernel BUG at kernel/sched/rt.c in pick_next_pushable_task", e.what());
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void anAffinityChangeOfTheDonorLeavesItOffThePushableList() {
        // __do_set_cpus_allowed() on the donor H: enqueue_task_rt() does not queue a blocked task as
        // pushable and set_next_task_rt() dequeues the donor, so the next push finds nothing (no BUG)
        Core core = Machines.boot(2);
        Task h = donorOnCpu0(core);
        Rq rq = core.rqs[0];
        core.rt.cpusAllowedChanged(rq, h);
        assertTrue(!h.rtPushable && !rq.rt.overloaded, "H is not pushable");
        assertEquals(null, core.rt.pickNextPushable(rq));
    }
}
