package org.proxytorture.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Trace;
import org.proxytorture.kernel.sched.SetAttrFrame;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.Weights;
import org.junit.jupiter.api.Tag;

/** kernel/locking/rtmutex.c: waiter order, priority inheritance through the chain, deboost. */
@Tag("fast")
class RtMutexTest {
    private static final long MS = Machines.MS;

    static Action lock(RtMutex m) {
        return Action.hook("rt_mutex_lock", true, (cpu, p, r) -> new RtMutexLockFrame(m));
    }

    static Action unlock(RtMutex m) {
        return Action.hook("rt_mutex_unlock", true, (cpu, p, r) -> new RtMutexUnlockFrame(m));
    }

    private static Task spawn(Core core, String comm, Program prog, int cpu, int fifoPrio) {
        Task t = core.createTask(comm, CpuMask.of(cpu), core.rootTaskGroup, new ProgramFrame(prog));
        if (fifoPrio > 0) Machines.makeFifo(core, t, fifoPrio);
        core.wakeUpNewTask(t);
        return t;
    }

    private static List<String> acquisitions(Core core, Object lock) {
        List<String> order = new ArrayList<>();
        core.trace.add(new Trace.Listener() {
            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock l) {
                if (l == lock) order.add(p.comm);
            }
        });
        return order;
    }

    @Test
    void waitersAreOrderedByPrioThenFifoAndSleepOffTheRunqueue() {
        Core core = Machines.boot(2);
        RtMutex a = new RtMutex(core, "a");
        List<String> order = acquisitions(core, a);
        spawn(core, "owner", Program.builder("owner").call(lock(a)).run(10 * MS).call(unlock(a)).exit().build(), 0, 0);
        // arriving at 1..5 ms: fair, FIFO 10, FIFO 50, fair, FIFO 50
        int[] fifo = {0, 10, 50, 0, 50};
        List<Task> w = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            w.add(spawn(core, "w" + (i + 1), Program.builder("w").sleep((i + 1) * MS).call(lock(a)).run(MS / 10).call(unlock(a)).exit().build(), 1, fifo[i]));
        }
        Machines.run(core, 8 * MS);
        assertEquals(List.of(w.get(2), w.get(4), w.get(1), w.get(0), w.get(3)), a.waiters(),
                "prio first (FIFO 50, 50, 10, then the fair ones), FIFO among equals");
        for (Task t : w) {
            assertEquals(TaskState.TASK_UNINTERRUPTIBLE, t.state);
            assertEquals(0, t.onRq, t + " sleeps off the runqueue (no proxy execution for rt_mutex)");
            assertNull(t.blockedOn, "rt_mutex waiters are not mutex blocked_on donors");
        }
        Machines.run(core, 50 * MS);
        assertEquals(List.of("owner", "w3", "w5", "w2", "w1", "w4"), order);
        assertNull(a.owner());
        assertTrue(!a.hasWaitersBit(), "no waiters left: the bit is cleared");
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * set_user_nice() of a fair task boosted into rt by priority inheritance (found by explore
     * --space as an oops: the model set p->prio to the nice's prio while the task sat on the rt
     * list): effective_prio() keeps the boost, normal_prio follows the nice, and the deboost at
     * unlock lands on the new nice.
     */
    @Test
    void aBoostedFairOwnerRenicedKeepsItsBoostUntilTheDeboost() {
        Core core = Machines.boot(1);
        RtMutex a = new RtMutex(core, "A");
        Task low = spawn(core, "low", Program.builder("low").call(lock(a)).run(10 * MS).nice(5).run(10 * MS).call(unlock(a))
                .run(5 * MS).exit().build(), 0, 0);
        Task high = spawn(core, "high", Program.builder("high").sleep(2 * MS).call(lock(a)).call(unlock(a)).exit().build(), 0, 60);
        int highPrio = Weights.MAX_RT_PRIO - 1 - 60;
        Machines.run(core, 15 * MS);
        assertEquals(highPrio, low.prio, "still boosted after its renice");
        assertEquals(Weights.niceToPrio(5), low.normalPrio, "normal_prio follows the nice");
        assertSame(core.rt, low.schedClass);
        Machines.run(core, 40 * MS);
        assertEquals(Weights.niceToPrio(5), low.prio, "deboosted to its new nice");
        assertSame(core.fair, low.schedClass);
        assertEquals(TaskState.TASK_DEAD, high.state);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void aFifoWaiterBoostsAFairOwnerThroughTwoRtMutexesAndTheOwnerIsDeboostedAtUnlock() {
        // low (fair) holds A for 20 ms; mid (fair) takes B, then blocks on A; high (FIFO 60) blocks on B
        Core core = Machines.boot(2);
        RtMutex a = new RtMutex(core, "A");
        RtMutex b = new RtMutex(core, "B");
        Task low = spawn(core, "low", Program.builder("low").call(lock(a)).run(20 * MS).call(unlock(a)).run(5 * MS).exit().build(), 0, 0);
        Task mid = spawn(core, "mid", Program.builder("mid").sleep(MS).call(lock(b)).call(lock(a)).run(MS).call(unlock(a))
                .run(MS).call(unlock(b)).exit().build(), 1, 0);
        Task high = spawn(core, "high", Program.builder("high").sleep(2 * MS).call(lock(b)).call(unlock(b)).exit().build(), 1, 60);
        int highPrio = Weights.MAX_RT_PRIO - 1 - 60;
        int[] lowPrioWhenMidGotA = {-1};
        core.trace.add(new Trace.Listener() {
            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock l) {
                if (p == mid && l == a) lowPrioWhenMidGotA[0] = low.prio;
            }
        });
        Machines.run(core, 5 * MS);
        assertSame(low, a.owner());
        assertSame(mid, b.owner());
        assertEquals(List.of(high), b.waiters());
        assertEquals(List.of(mid), a.waiters());
        assertEquals(highPrio, mid.prio, "mid inherits high's prio (B's top waiter)");
        assertEquals(highPrio, low.prio, "the chain walk carries it on to low, A's owner");
        assertSame(core.rt, low.schedClass, "a boosted fair task runs in the rt class");
        assertSame(mid, low.piTopTask, "pi_top_task: the top pi waiter's task, itself boosted");
        assertTrue(core.coverage.count("rt_mutex_adjust_prio_chain") > 0);
        Machines.run(core, 60 * MS);
        assertEquals(low.normalPrio, lowPrioWhenMidGotA[0], "low was deboosted before mid was woken with A");
        assertEquals(low.normalPrio, low.prio);
        assertEquals(mid.normalPrio, mid.prio);
        assertSame(core.fair, low.schedClass);
        assertEquals(TaskState.TASK_DEAD, high.state);
        assertTrue(low.piWaiters.isEmpty() && mid.piWaiters.isEmpty());
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * The derived-state audits of rtmutex.c's summaries, on the boosted chain above: D4, the
     * waiters bit of a lock with waiters; D6, a boosted owner's prio against its top pi waiter's
     * (reported when the same difference is seen at two audits in a row: a chain walk passes
     * through such states one step at a time).
     */
    @Test
    void theAuditsSeeAWaitersBitDroppedAndABoostLost() {
        Core core = Machines.boot(2);
        org.proxytorture.check.Checks c = org.proxytorture.check.Checks.install(core, new org.proxytorture.check.Checks.Config(MS, 0, 0, 0, false));
        RtMutex a = new RtMutex(core, "A");
        Task low = spawn(core, "low", Program.builder("low").call(lock(a)).run(20 * MS).call(unlock(a)).exit().build(), 0, 0);
        spawn(core, "high", Program.builder("high").sleep(MS).call(lock(a)).call(unlock(a)).exit().build(), 1, 60);
        Machines.run(core, 5 * MS);
        c.auditNow();
        c.auditNow();
        assertEquals(List.of(), c.violations(), "the real chain keeps both");
        a.hasWaitersBit = false; // corrupt: S08's unlock
        c.auditNow();
        assertEquals(List.of("D4"), derived(c), "a lock with a waiter and no RT_MUTEX_HAS_WAITERS");
        low.prio = low.normalPrio; // corrupt: the boost lost without a deboost's cause (S09 is the other way round)
        c.auditNow();
        assertEquals(List.of("D4"), derived(c), "seen once: it may be a chain walk between two steps");
        c.auditNow();
        assertEquals(List.of("D4", "D6"), derived(c), "seen twice: p->prio is not what rt_mutex_setprio() keeps");
    }

    /**
     * sched_setscheduler() takes an owner's boost from p->pi_top_task, which only rt_mutex_setprio()
     * sets; an owner that took its rt_mutex as the top waiter got the next waiter on its pi_waiters
     * without rt_mutex_adjust_prio() (try_to_take_rt_mutex()), so set below that waiter it stays
     * there until its prio is set again, as in the kernel. explore --space found it at model 20
     * (try 625: rtmutex_lock with the setprio meddler, derived/D6); D6 now leaves such an owner
     * alone, as it does a renice.
     */
    @Test
    void anOwnerSetBelowAWaiterItTookTheLockAheadOfKeepsItsNewPrioAsTheKernelDoes() {
        Core core = Machines.boot(4);
        org.proxytorture.check.Checks c = org.proxytorture.check.Checks.install(core, new org.proxytorture.check.Checks.Config(MS, 0, 0, 0, false));
        RtMutex a = new RtMutex(core, "A");
        spawn(core, "first", Program.builder("first").call(lock(a)).run(5 * MS).call(unlock(a)).exit().build(), 0, 60);
        Task owner = spawn(core, "owner", Program.builder("owner").sleep(MS).call(lock(a)).run(20 * MS).call(unlock(a)).exit().build(), 1, 80);
        Task waiter = spawn(core, "waiter", Program.builder("waiter").sleep(2 * MS).call(lock(a)).call(unlock(a)).exit().build(), 2, 70);
        spawn(core, "setprio", Program.builder("setprio").sleep(8 * MS)
                .call(Action.hook("sched_setscheduler", false, (cpu, p, r) -> SetAttrFrame.setScheduler(owner, Policy.SCHED_NORMAL, 0, 0))).exit().build(), 3, 0);
        Machines.run(core, 7 * MS);
        assertSame(owner, a.owner(), "the top waiter took A at the unlock");
        assertEquals(waiter, owner.piWaiters.get(0).task, "and got the other waiter on its pi_waiters");
        Machines.run(core, 15 * MS);
        assertEquals(Weights.niceToPrio(0), owner.prio, "rt_effective_prio() found no pi_top_task");
        assertEquals(waiter.prio, Pi.effectivePrio(owner), "below its waiter");
        assertEquals(List.of(), derived(c), "the kernel's state, not a lost boost");
        Machines.run(core, 40 * MS);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    private static List<String> derived(org.proxytorture.check.Checks c) {
        return c.violations().stream().filter(v -> v.checker().equals("derived")).map(v -> v.invariant()).toList();
    }

    @Test
    void aHigherPrioTaskStealsAFreedLockFromTheTopWaiterButAnEqualOneDoesNot() {
        // the state after mark_wakeup_next_waiter(): no owner, the waiters bit kept, the woken top waiter not yet running
        Core core = Machines.boot(1);
        RtMutex m = new RtMutex(core, "m");
        Task woken = core.createTask("woken", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("w")));
        Task other = core.createTask("other", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("o")));
        RtMutexWaiter top = new RtMutexWaiter(woken, m);
        top.prio = top.piPrio = woken.prio;
        m.enqueue(top);
        woken.piBlockedOn = top;
        m.hasWaitersBit = true;
        assertTrue(!m.tryToTake(other, null), "an equal-prio newcomer does not steal (no lateral steal for rt_mutex)");
        assertTrue(!m.tryToTake(woken, new RtMutexWaiter(woken, m)), "a waiter that is not the top waiter cannot take it");
        other.prio = 50;
        assertTrue(m.tryToTake(other, null), "a higher-prio newcomer steals it");
        assertSame(other, m.owner());
        assertSame(top, RtMutex.topPiWaiter(other), "and takes the top waiter into its pi_waiters");
        assertTrue(!m.tryToTake(woken, top), "the woken waiter finds it owned and sleeps again");
    }

    /**
     * ABBA on two rt_mutexes, the second waiter RT: its chain walk comes back to its own lock (step [6],
     * -EDEADLK), so rt_mutex_handle_deadlock() WARNs and parks it in TASK_INTERRUPTIBLE for good,
     * off the wait list; the first waiter stays blocked on the lock the parked task holds.
     */
    @Test
    void anAbbaOnRtMutexesIsTheRtmutexDeadlockWarnAndTheDetectorSleepsForGood() {
        Core core = Machines.boot(2);
        RtMutex a = new RtMutex(core, "a"), b = new RtMutex(core, "b");
        Task ab = spawn(core, "ab", Program.builder("ab").call(lock(a)).run(MS).call(lock(b)).exit().build(), 0, 0);
        // FIFO: ab is boosted, so the walk goes on past ab's waiter (equal prios would stop it
        // before step [6]: without CONFIG_DEBUG_RT_MUTEXES an unboosting ABBA is not detected)
        Task ba = spawn(core, "ba", Program.builder("ba").call(lock(b)).run(2 * MS).call(lock(a)).exit().build(), 1, 10);
        Machines.run(core, 20 * MS);
        assertEquals(List.of("rtmutex deadlock detected"), core.warnings);
        assertEquals(TaskState.TASK_INTERRUPTIBLE, ba.state, "rt_mutex_handle_deadlock(): while (1) schedule()");
        assertNull(ba.piBlockedOn, "remove_waiter()");
        assertEquals(List.of(), a.waiters());
        assertEquals(List.of(ab), b.waiters(), "ab still waits for b, which ba keeps");
        assertEquals(TaskState.TASK_UNINTERRUPTIBLE, ab.state);
    }

    /** Locking an rt_mutex one already owns: task_blocks_on_rt_mutex()'s early -EDEADLK, without enqueueing on itself. */
    @Test
    void relockingAnOwnedRtMutexIsTheEarlyDeadlockDetection() {
        Core core = Machines.boot(1);
        RtMutex a = new RtMutex(core, "a");
        Task t = spawn(core, "twice", Program.builder("twice").call(lock(a)).run(MS).call(lock(a)).exit().build(), 0, 0);
        Machines.run(core, 10 * MS);
        assertEquals(List.of("rtmutex deadlock detected"), core.warnings);
        assertEquals(TaskState.TASK_INTERRUPTIBLE, t.state);
        assertEquals(List.of(), a.waiters());
        assertSame(t, a.owner());
    }
}
