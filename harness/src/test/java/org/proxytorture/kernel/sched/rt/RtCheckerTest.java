package org.proxytorture.kernel.sched.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.check.Checks;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.proxy.FullProxy;
import org.proxytorture.kernel.proxy.SingleRqProxy;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.kernel.sched.Task;
import org.junit.jupiter.api.Tag;

/**
 * The rt checker family, built by hand. R1: each change of rq->donor from or to an RT task had
 * put_prev_task_rt() / set_next_task_rt(first), and (7.1 and later) a same-donor switch of rq->curr
 * had them replayed; fake tracepoints stand for a path that skipped them. R2: sched_football's
 * wait, at most 3 ticks unless the kernel's own rules allow it (soft findings).
 */
@Tag("fast")
class RtCheckerTest {
    static final long MS = Machines.MS;

    /** The rt checker's own bound (rtWindowNs 0): 3 ticks. */
    private static Checks.Config bound() {
        return new Checks.Config(MS, 0, 0, 0, false);
    }

    private static Violation find(List<Violation> vs, String invariant) {
        return vs.stream().filter(x -> x.checker().equals("rt") && x.invariant().equals(invariant)).findFirst().orElse(null);
    }

    private static Task rt(Core core, String comm, Program program, CpuMask mask, int prio) {
        Task t = core.createTask(comm, mask, core.rootTaskGroup, new ProgramFrame(program));
        Machines.makeFifo(core, t, prio);
        core.wakeUpNewTask(t);
        return t;
    }

    private static Program blip(String name) {
        return Program.builder(name).label("l").run(50_000).sleep(5 * MS).jump("l").build();
    }

    /**
     * Two FIFO hogs pinned to CPU 0, a fair hog on CPU 1 (and, with {@code pulls}, an RT blip there
     * whose every exit gives pull_rt_task() a chance); after 10 ms the one waiting on CPU 0 has its
     * mask widened to both CPUs behind the kernel's back (no push queued) and, with
     * {@code pushable}, is put on pushable_tasks without marking the rq overloaded (so pull skips it).
     */
    private static Task waitingBesideCpu1(Core core, boolean pulls, boolean pushable) {
        Task a = rt(core, "rt_a", Machines.hog("rt_a"), CpuMask.of(0), 50);
        Task b = rt(core, "rt_b", Machines.hog("rt_b"), CpuMask.of(0), 50);
        Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(1));
        if (pulls) rt(core, "rt_blip", blip("rt_blip"), CpuMask.of(1), 60);
        Machines.run(core, 10 * MS);
        Task waiting = core.rqs[0].curr == a ? b : a;
        waiting.cpusMask = CpuMask.of(0, 1); // corrupt: not through set_cpus_allowed_ptr()
        if (pushable) { // list and node, as enqueue_pushable_task() would, but not rt.overloaded
            core.rqs[0].rt.pushable.add(waiting);
            waiting.rtPushable = true;
        }
        return waiting;
    }

    /** R1 put_prev and set_next: real switches between an RT task and a hog pass; a donor change that skipped the hooks does not. */
    @Test
    void aDonorChangeFromOrToAnRtTaskWithoutItsHookIsReported() {
        Core core = Machines.boot(1);
        Checks checks = Checks.install(core, bound());
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0));
        Task r = rt(core, "rt_a", blip("rt_a"), CpuMask.of(0), 50);
        Machines.run(core, 20 * MS);
        assertEquals(List.of(), checks.violations(), "every switch rt_a <-> hog went through put_prev_set_next_task()");
        // a path that sets rq->donor without put_prev_set_next_task(): fake rq_set_donor() tracepoints
        core.trace.rqSetDonor(core.now(), 0, r, hog);
        Violation put = find(checks.violations(), "put_prev");
        assertNotNull(put, String.valueOf(checks.violations()));
        assertEquals(List.of("rt=rt_a"), put.roles());
        assertTrue(put.message().contains("without put_prev_task_rt(rt_a"), put.message());
        core.trace.rqSetDonor(core.now(), 0, hog, r);
        Violation set = find(checks.violations(), "set_next");
        assertNotNull(set, String.valueOf(checks.violations()));
        assertTrue(set.message().contains("no rt_queue_push_tasks()"), set.message());
    }

    /**
     * R1 replay: the same RT donor picked again while rq->curr changes needs put_prev_task_rt() and
     * set_next_task_rt(first) replayed from 7.1 ("Fix potentially missing balancing"); 6.17 has no
     * replay, so the same switch is no violation there, and a replayed one none anywhere, with a
     * chain walk or without one.
     */
    @Test
    void aSameDonorSwitchWithoutTheReplayIsReportedFrom71Only() {
        for (ProxyExec gen : List.of(new SingleRqProxy(), new FullProxy())) {
            for (String path : List.of("replayed", "walked", "unwalked")) {
                Core core = Machines.boot(1);
                core.proxy = gen;
                Checks checks = Checks.install(core, bound());
                Task owner = Machines.spawn(core, "owner", Machines.hog("owner"), CpuMask.of(0));
                Task donor = rt(core, "rt_d", Program.builder("rt_d").sleep(1000 * MS).exit().build(), CpuMask.of(0), 50);
                Machines.run(core, 2 * MS);
                core.rqs[0].donor = donor; // forced: the checker reads rq->donor at the switch; the machine does not run on
                // donor B, curr A -> B
                core.trace.rqSetDonor(core.now(), 0, donor, donor);
                if (path.equals("walked")) core.trace.proxy(core.now(), 0, org.proxytorture.kernel.sched.ProxyEvent.parse("donor_picked"), donor, donor);
                if (path.equals("replayed")) {
                    core.trace.rtPutPrev(core.now(), 0, donor);
                    core.trace.rtSetNext(core.now(), 0, donor, true);
                }
                core.trace.schedSwitch(core.now(), 0, false, owner, 0, donor);
                Violation v = find(checks.violations(), "replay");
                if (gen instanceof SingleRqProxy || path.equals("replayed")) {
                    assertNull(v, gen + ", " + path + ": " + checks.violations());
                } else {
                    assertNotNull(v, gen + ", " + path + ": " + checks.violations());
                    assertEquals(List.of("rt=rt_d"), v.roles());
                    assertTrue(v.message().contains("Fix potentially missing balancing"), v.message());
                    assertTrue(v.message().contains(path.equals("walked") ? "after find_proxy_task()" : "(no chain walk)"), v.message());
                }
            }
        }
    }

    /**
     * R2: an RT task left on a pushable list that nobody pushes (its mask widened behind the
     * kernel's back, so no push was queued, and its rq not marked overloaded, so pull_rt_task()
     * skips it) waits while CPU 1 keeps switching from an RT task to a fair hog, pulling each
     * time: past 3 ticks of such a wait it is a violation.
     */
    @Test
    void aRunnableRtTaskLeftWaitingBesideALowerPriorityCpuThatPullsIsReportedAfterThreeTicks() {
        Core core = Machines.boot(2);
        Checks checks = Checks.install(core, bound());
        Task waiting = waitingBesideCpu1(core, true, true);
        assertEquals(List.of(), checks.violations(), "pinned to CPU 0, it waited legitimately");
        Machines.run(core, 30 * MS);
        // past 3 ticks: the soft finding football-slow, while the bound is under triage
        assertEquals(List.of(), checks.violations());
        assertTrue(checks.findings().stream().anyMatch(f -> f.invariant().equals("football-slow") && f.message().contains("(bound 3000 us)")),
                String.valueOf(checks.findings()));
        assertTrue(checks.findings().stream().noneMatch(f -> f.invariant().equals("football-no-pull")), String.valueOf(checks.findings()));
        // with a window given explicitly (3 ms), the same wait is the football violation
        Core hard = Machines.boot(2);
        Checks strict = Checks.install(hard, new Checks.Config(MS, 0, 0, 3 * MS, false));
        Task waited = waitingBesideCpu1(hard, true, true);
        Machines.run(hard, 30 * MS);
        Violation v = find(strict.violations(), "football");
        assertNotNull(v, String.valueOf(strict.violations()));
        assertEquals(List.of("rt=" + waited.comm), v.roles());
        assertTrue(v.message().contains("(bound 3000 us)"), v.message());
    }

    /**
     * A lower CPU whose task runs with preemption disabled cannot take the waiting task (pushed
     * there, it would wait for preempt_enable()): the wait beside it counts from the last time
     * it was seen preemptible. The strict 3 ms window: CPU 1's hog disables preemption from 12 ms
     * to 30 ms (the explore find of model 19: LOCK01, every CPU spinning behind a 100 ms
     * spin_lock hold); no violation then, and the same wait is one again 3 ms after it enables.
     */
    @Test
    void aWaitBesideALowerCpuWithPreemptionDisabledCountsFromItsPreemptEnable() {
        Core hard = Machines.boot(2);
        Checks strict = Checks.install(hard, new Checks.Config(MS, 0, 0, 3 * MS, false));
        waitingBesideCpu1(hard, true, true);
        Task hog = hard.tasks.stream().filter(t -> t != null && t.comm.equals("hog")).findFirst().orElseThrow();
        Machines.run(hard, 12 * MS);
        assertNull(find(strict.violations(), "football"), String.valueOf(strict.violations()));
        hog.preemptCount = 1; // forced: a preempt-disabled section that does not end by itself
        Machines.run(hard, 30 * MS);
        assertEquals(List.of(), strict.violations(), "CPU 1 could not have run it");
        hog.preemptCount = 0;
        Machines.run(hard, 45 * MS);
        assertNotNull(find(strict.violations(), "football"), "preemptible again, CPU 1 pulls and the wait is a violation past 3 ms");
    }

    /** R2's exemption football-no-pull: the same wait beside a CPU that only ever runs fair work, which never pulls. */
    @Test
    void aWaitBesideACpuThatNeverPullsIsOnlyAFinding() {
        Core core = Machines.boot(2);
        Checks checks = Checks.install(core, bound());
        waitingBesideCpu1(core, false, true);
        Machines.run(core, 30 * MS);
        assertEquals(List.of(), checks.violations());
        assertTrue(checks.findings().stream().anyMatch(f -> f.invariant().equals("football-no-pull")), String.valueOf(checks.findings()));
    }

    /** R2's exemption football-unpushable: a task push/pull cannot see (not on pushable_tasks) waits; a finding. */
    @Test
    void aWaitOffThePushableListIsOnlyAFinding() {
        Core core = Machines.boot(2);
        Checks checks = Checks.install(core, bound());
        waitingBesideCpu1(core, true, false); // left off pushable_tasks, as a donor woken in place is
        Machines.run(core, 30 * MS);
        assertEquals(List.of(), checks.violations());
        assertTrue(checks.findings().stream().anyMatch(f -> f.invariant().equals("football-unpushable")), String.valueOf(checks.findings()));
    }

    /**
     * R2's exemption football-preempt-off: an RT task woken on a CPU whose fair task runs with
     * preemption disabled waits for preempt_enable() (select_task_rq_rt() keeps it there, its
     * donor not being RT); once preemption is back it runs at once.
     */
    @Test
    void aWaitForPreemptEnableIsOnlyAFinding() {
        Core core = Machines.boot(2);
        Checks checks = Checks.install(core, bound());
        Task hog0 = Machines.spawn(core, "hog0", Machines.hog("hog0"), CpuMask.of(0));
        Machines.spawn(core, "hog1", Machines.hog("hog1"), CpuMask.of(1));
        Machines.run(core, 5 * MS);
        hog0.preemptCount = 1; // forced: a preempt-disabled section that does not end by itself
        Task t = rt(core, "rt_t", Machines.hog("rt_t"), CpuMask.of(0, 1), 50);
        Machines.run(core, 20 * MS);
        assertEquals(List.of(), checks.violations());
        assertTrue(checks.findings().stream().anyMatch(f -> f.invariant().equals("football-preempt-off")), String.valueOf(checks.findings()));
        hog0.preemptCount = 0;
        Machines.run(core, 25 * MS);
        assertTrue(core.rqs[t.cpu].curr == t, "rt_t runs once preemption is back: " + core.rqs[t.cpu].curr);
        assertEquals(List.of(), checks.violations());
    }

    /**
     * derived/D5: pushable_tasks against each task's node. Two FIFO hogs on CPU 0 that may run on
     * both CPUs, a fair hog on CPU 1 (so the waiting one stays queued on CPU 0 and pushable);
     * the node of the waiting one is then cleared behind the list's back.
     */
    @Test
    void aTaskOnPushableTasksWhoseNodeSaysOtherwiseIsReported() {
        Core core = Machines.boot(2);
        Checks c = Checks.install(core, bound());
        Task a = rt(core, "rt_a", Machines.hog("rt_a"), CpuMask.of(0), 50);
        Task b = rt(core, "rt_b", Machines.hog("rt_b"), CpuMask.of(0), 50);
        Machines.run(core, 5 * MS);
        Task waiting = core.rqs[0].curr == a ? b : a;
        waiting.cpusMask = CpuMask.of(0, 1); // pushable from here on (nr_cpus_allowed > 1)
        core.rqs[0].rt.pushable.add(waiting);
        waiting.rtPushable = true;
        c.auditNow();
        assertTrue(c.violations().stream().noneMatch(v -> v.checker().equals("derived")), String.valueOf(c.violations()));
        waiting.rtPushable = false; // corrupt: a plist_del() that re-initialized the node, the list still holding it
        c.auditNow();
        Violation v = c.violations().stream().filter(x -> x.checker().equals("derived") && x.invariant().equals("D5")).findFirst().orElse(null);
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=" + waiting.comm), v.roles());
    }
}
