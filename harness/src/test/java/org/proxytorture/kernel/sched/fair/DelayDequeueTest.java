package org.proxytorture.kernel.sched.fair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;

import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.proxy.FullProxy;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SchedFeat;
import org.proxytorture.kernel.sched.Schedule;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;
import org.proxytorture.config.BadInputException;
import org.junit.jupiter.api.Tag;

/**
 * Known answers of DELAY_DEQUEUE and DELAY_ZERO (fair.c since 6.12; reference sections 4.2, 4.3,
 * 1.5, 1.7). Each test drives one CPU by hand, as __schedule() and try_to_wake_up() would: two
 * nice-0 tasks a and b start at the same V; a runs 2 ms, so V is 1 ms behind it (lag -1 ms, not
 * eligible), and then a goes to sleep.
 */
@Tag("fast")
class DelayDequeueTest {
    private static final SchedFeat NO_DELAY_DEQUEUE = SchedFeat.parse("NO_DELAY_DEQUEUE");
    private static final SchedFeat NO_DELAY_ZERO = SchedFeat.parse("NO_DELAY_ZERO");

    /** One CPU with a and b queued by wake_up_new_task(); nothing has run yet. */
    private static final class Rig {
        final Core core = Machines.boot(1);
        final Rq rq = core.rqs[0];
        final CfsRq cfs = rq.cfs;
        final Task a;
        final Task b;

        Rig(SchedFeat feat) {
            core.schedFeat = feat;
            a = core.createTask("a", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("a")));
            b = core.createTask("b", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("b")));
            core.wakeUpNewTask(a);
            core.wakeUpNewTask(b);
        }

        /** __schedule()'s switch: put_prev_set_next_task(), then next is rq->donor and rq->curr. */
        void switchTo(Task next) {
            core.putPrevSetNextTask(rq, rq.donor, next);
            rq.donor = rq.curr = next;
        }

        /** The donor runs for ns: the clock moves and update_curr() charges it. */
        void run(long ns) {
            rq.clock += ns;
            core.fair.updateCurr(rq);
        }

        /** prev sleeps: __schedule()'s try_to_block_task() -> block_task(). */
        void sleep(Task p) {
            p.state = TaskState.TASK_INTERRUPTIBLE;
            core.blockTask(rq, p);
        }

        /** __schedule()'s pick_next_task() and switch. */
        Task schedule() {
            Task next = core.pickNextTask(rq);
            switchTo(next);
            return next;
        }

        /** The common start: a runs 2 ms (V = a's vruntime - 1 ms) and sleeps; b is picked. */
        Rig aRanAheadAndSlept() {
            switchTo(a);
            run(2 * MS);
            assertFalse(Eevdf.entityEligible(cfs, a.se), "a is 1 ms ahead of V: not eligible");
            sleep(a);
            assertSame(b, schedule());
            return this;
        }

        /** V - v of se (its lag in virtual time), computed as update_entity_lag() does. */
        long lag(SchedEntity se) {
            return Eevdf.avgVruntime(cfs) - se.vruntime;
        }
    }

    @Test
    void aNonEligibleTaskThatSleepsStaysQueuedDelayed() {
        Rig r = new Rig(SchedFeat.DEFAULTS).aRanAheadAndSlept();
        assertTrue(r.a.se.schedDelayed, "se->sched_delayed");
        assertEquals(TaskState.TASK_ON_RQ_QUEUED, r.a.onRq, "block_task(): dequeue_task() returned false, so p->on_rq stays 1");
        assertTrue(r.a.se.onRq);
        assertTrue(r.cfs.timeline().contains(r.a.se), "put_prev_entity() put the delayed a back into the tree");
        assertEquals(2, r.rq.nrRunning, "a still counts in nr_running");
        assertEquals(2, r.cfs.hNrQueued);
        assertEquals(-MS, r.a.se.vlag, "update_entity_lag() at the delay: V - v = -1 ms");
        assertEquals(2 * Weights.NICE_0_LOAD, r.cfs.sumWeight + r.b.se.weight, "the delayed a is in sum_weight (b is curr, outside)");
    }

    @Test
    void anEligibleTaskThatSleepsIsDequeuedAtOnce() {
        Rig r = new Rig(SchedFeat.DEFAULTS);
        r.switchTo(r.a); // a sleeps at once: its lag is 0, it is eligible
        assertTrue(Eevdf.entityEligible(r.cfs, r.a.se));
        r.sleep(r.a);
        assertFalse(r.a.se.schedDelayed);
        assertEquals(0, r.a.onRq);
        assertEquals(1, r.rq.nrRunning);
        assertSame(r.b, r.schedule());
        assertFalse(r.cfs.timeline().contains(r.a.se));
    }

    @Test
    void withNoDelayDequeueANonEligibleSleeperIsDequeuedAtOnce() {
        Rig r = new Rig(NO_DELAY_DEQUEUE).aRanAheadAndSlept();
        assertFalse(r.a.se.schedDelayed);
        assertEquals(0, r.a.onRq);
        assertFalse(r.a.se.onRq);
        assertFalse(r.cfs.timeline().contains(r.a.se));
        assertEquals(1, r.rq.nrRunning);
    }

    /** b runs 5 ms: V = v_a + 1.5 ms, so a is eligible with the earlier deadline and is picked. */
    @Test
    void aDelayedEntityIsDequeuedWhenPickedAndTheOtherRuns() {
        Rig r = new Rig(SchedFeat.DEFAULTS).aRanAheadAndSlept();
        r.run(5 * MS);
        assertTrue(Eevdf.entityEligible(r.cfs, r.a.se));
        assertSame(r.a.se, Eevdf.pickEevdf(r.cfs, true), "pick_eevdf() chooses the delayed a");
        assertSame(r.b, r.schedule(), "pick_next_entity() dequeued a (DEQUEUE_SLEEP|DEQUEUE_DELAYED) and picked again");
        assertFalse(r.a.se.schedDelayed);
        assertEquals(0, r.a.onRq, "__block_task(): on_rq = 0 now");
        assertFalse(r.a.se.onRq);
        assertFalse(r.cfs.timeline().contains(r.a.se));
        assertEquals(1, r.rq.nrRunning);
        assertEquals(1, r.cfs.hNrQueued);
        assertEquals(0, r.a.se.vlag, "DELAY_ZERO: it leaves at lag 0, not with the +1.5 ms it gained while delayed");
    }

    @Test
    void withNoDelayZeroAPickedDelayedEntityKeepsThePositiveLag() {
        Rig r = new Rig(NO_DELAY_ZERO).aRanAheadAndSlept();
        r.run(5 * MS);
        assertSame(r.b, r.schedule());
        assertEquals(0, r.a.onRq);
        assertEquals(3 * MS / 2, r.a.se.vlag, "max(V - v, vlag at the delay) = max(+1.5 ms, -1 ms)");
    }

    /** b runs 1 ms: V = v_a - 0.5 ms; the wakeup finds a queued and leaves it where it is. */
    @Test
    void aWakeupRequeuesTheDelayedTaskInPlace() {
        Rig r = new Rig(SchedFeat.DEFAULTS).aRanAheadAndSlept();
        r.run(MS);
        long va = r.a.se.vruntime;
        assertEquals(Core.TTWU_WOKEN, r.core.tryToWakeUp(r.core.cpus[0], r.a, TaskState.TASK_NORMAL, 0));
        assertFalse(r.a.se.schedDelayed, "ttwu_runnable(): enqueue_task(ENQUEUE_DELAYED) cleared it");
        assertEquals(TaskState.TASK_RUNNING, r.a.state);
        assertEquals(TaskState.TASK_ON_RQ_QUEUED, r.a.onRq);
        assertEquals(va, r.a.se.vruntime, "requeued in place, with its negative lag");
        assertEquals(-MS / 2, r.lag(r.a.se));
        assertEquals(2, r.rq.nrRunning, "not counted twice");
        assertTrue(r.cfs.timeline().contains(r.a.se));
    }

    /** b runs 3 ms: V = v_a + 0.5 ms; a woken now would keep +0.5 ms; DELAY_ZERO places it at lag 0. */
    @Test
    void delayZeroClampsAPositiveLagToZeroAtTheWakeup() {
        Rig r = new Rig(SchedFeat.DEFAULTS).aRanAheadAndSlept();
        r.run(3 * MS);
        assertEquals(MS / 2, r.lag(r.a.se));
        r.core.tryToWakeUp(r.core.cpus[0], r.a, TaskState.TASK_NORMAL, 0);
        assertFalse(r.a.se.schedDelayed);
        assertEquals(0, r.a.se.vlag);
        assertEquals(0, r.lag(r.a.se), "placed again at the 0-lag point");
        assertEquals(r.b.se.vruntime, r.a.se.vruntime);
    }

    @Test
    void withNoDelayZeroTheWakeupKeepsThePositiveLag() {
        Rig r = new Rig(NO_DELAY_ZERO).aRanAheadAndSlept();
        r.run(3 * MS);
        long va = r.a.se.vruntime;
        r.core.tryToWakeUp(r.core.cpus[0], r.a, TaskState.TASK_NORMAL, 0);
        assertFalse(r.a.se.schedDelayed);
        assertEquals(va, r.a.se.vruntime);
        assertEquals(MS / 2, r.lag(r.a.se));
    }

    /**
     * A group entity is delayed too: g (alone in group G) runs 2 ms and sleeps. g is eligible in
     * G's queue (it is alone there) and leaves it, so G's entity is dequeued from the root with
     * DEQUEUE_SLEEP: it is 1 ms ahead of the root's V, so it stays there delayed. g's wakeup
     * enqueues g below it, which requeues it (enqueue_task_fair(): se->on_rq && se->sched_delayed).
     */
    @Test
    void aGroupEntityIsDelayedAndAnEnqueueBelowItRequeuesIt() {
        Core core = Machines.boot(1);
        Rq rq = core.rqs[0];
        TaskGroup g = core.createGroup("G", core.rootTaskGroup, 1024);
        Task inG = core.createTask("g", CpuMask.of(0), g, new ProgramFrame(Machines.hog("g")));
        Task b = core.createTask("b", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("b")));
        core.wakeUpNewTask(inG);
        core.wakeUpNewTask(b);
        SchedEntity gse = g.se[0];
        core.putPrevSetNextTask(rq, rq.donor, inG);
        rq.donor = rq.curr = inG;
        rq.clock += 2 * MS;
        core.fair.updateCurr(rq);
        inG.state = TaskState.TASK_INTERRUPTIBLE;
        core.blockTask(rq, inG);
        assertEquals(0, inG.onRq, "g itself was eligible: dequeued");
        assertFalse(inG.se.schedDelayed);
        assertTrue(gse.schedDelayed, "G's entity stays queued, delayed");
        assertTrue(gse.onRq);
        assertEquals(0, g.cfsRq[0].nrQueued);
        assertEquals(1, rq.nrRunning);
        assertEquals(1, rq.cfs.hNrQueued);
        Task next = core.pickNextTask(rq);
        assertSame(b, next, "G's entity is not eligible: b runs");
        core.putPrevSetNextTask(rq, inG, b);
        rq.donor = rq.curr = b;
        assertTrue(rq.cfs.timeline().contains(gse));
        assertEquals(Core.TTWU_WOKEN, core.tryToWakeUp(core.cpus[0], inG, TaskState.TASK_NORMAL, 0));
        assertFalse(gse.schedDelayed, "requeue_delayed_entity() of G's entity");
        assertEquals(TaskState.TASK_ON_RQ_QUEUED, inG.onRq);
        assertEquals(2, rq.nrRunning);
        assertEquals(2, rq.cfs.hNrQueued);
        assertEquals(1, g.cfsRq[0].nrQueued);
    }

    /** rt_mutex_setprio() moving a delayed task to the rt class dequeues it for good first. */
    @Test
    void aClassChangeFinishesTheDelayedDequeue() {
        Rig r = new Rig(SchedFeat.DEFAULTS).aRanAheadAndSlept();
        r.core.rtMutexSetprio(r.rq, r.a, 10);
        assertSame(r.core.rt, r.a.schedClass);
        assertFalse(r.a.se.schedDelayed);
        assertEquals(0, r.a.onRq, "asleep, so not queued in its new class either");
        assertFalse(r.cfs.timeline().contains(r.a.se));
        assertEquals(1, r.rq.nrRunning);
    }

    /**
     * find_proxy_task(): an owner with se.sched_delayed is treated as a sleeping owner (reference
     * 1.5: !owner->on_rq || owner->se.sched_delayed), though its on_rq is 1 and it is on this CPU.
     */
    @Test
    void aDelayedOwnerTakesFindProxyTasksSleepingOwnerBranch() {
        Rig r = new Rig(SchedFeat.DEFAULTS).aRanAheadAndSlept();
        FullProxy full = new FullProxy();
        r.core.proxy = full;
        Schedule s = r.core.cpus[0].schedule;
        s.donor = s.p = r.b; // b is blocked on a mutex that a owns; b is rq->curr
        s.owner = r.a;
        s.currInChain = true;
        s.depth = 1;
        assertEquals(TaskState.TASK_ON_RQ_QUEUED, r.a.onRq);
        assertEquals(Schedule.RESCHED_IDLE, full.onLinkLocked(s));
        assertEquals(1, r.core.coverage.count("owner_sleeping_curr_in_chain"));
        assertEquals(0, r.core.coverage.count("chain_step"));
    }

    /** The same chain link with a queued owner that is not delayed: the walk steps on to it. */
    @Test
    void aQueuedOwnerThatIsNotDelayedIsAChainStep() {
        Rig r = new Rig(SchedFeat.DEFAULTS);
        r.switchTo(r.b);
        FullProxy full = new FullProxy();
        r.core.proxy = full;
        Schedule s = r.core.cpus[0].schedule;
        s.donor = s.p = r.b;
        s.owner = r.a;
        s.currInChain = true;
        s.depth = 1;
        assertEquals(Schedule.CONTINUE, full.onLinkLocked(s));
        assertEquals(1, r.core.coverage.count("chain_step"));
    }

    @Test
    void schedFeatParsesNamesAndNoNames() {
        assertFalse(SchedFeat.parse("NO_DELAY_DEQUEUE,NO_DELAY_ZERO").delayDequeue);
        assertFalse(SchedFeat.parse("NO_DELAY_DEQUEUE,NO_DELAY_ZERO").delayZero);
        assertTrue(SchedFeat.parse("NO_DELAY_DEQUEUE,DELAY_DEQUEUE").delayDequeue, "applied in order");
        assertTrue(SchedFeat.parse("NO_DELAY_ZERO").delayDequeue);
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> org.proxytorture.torture.TortureParams.fromBootArgs(
                        org.proxytorture.config.BootArgs.parse("proxytorture.sched_feat=NO_PLACE_LAG"), 1));
        assertTrue(e.getMessage().contains("DELAY_DEQUEUE|NO_DELAY_DEQUEUE|DELAY_ZERO|NO_DELAY_ZERO"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
