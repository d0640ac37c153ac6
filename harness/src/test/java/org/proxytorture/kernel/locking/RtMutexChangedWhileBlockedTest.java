package org.proxytorture.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.SetAttrFrame;
import org.proxytorture.kernel.sched.SignalWakeUpFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;
import org.junit.jupiter.api.Tag;

/**
 * A task changed by another while it sleeps on an rt_mutex: __sched_setscheduler()'s
 * rt_mutex_adjust_pi() (proxytorture.setprio_interval), and a signal ending
 * rt_mutex_lock_interruptible() with -EINTR (proxytorture.signal_interval).
 */
@Tag("fast")
class RtMutexChangedWhileBlockedTest {
    private static final long MS = Machines.MS;

    private static Task spawn(Core core, String comm, Program prog, int cpu, int fifoPrio) {
        Task t = core.createTask(comm, CpuMask.of(cpu), core.rootTaskGroup, new ProgramFrame(prog));
        if (fifoPrio > 0) Machines.makeFifo(core, t, fifoPrio);
        core.wakeUpNewTask(t);
        return t;
    }

    /** A task that sleeps {@code ms}, then runs {@code a} once and exits. */
    private static Program after(long ms, Action a) {
        return Program.builder("meddler").sleep(ms * MS).call(a).exit().build();
    }

    @Test
    void aFifoWaiterSetToNormalWhileItSleepsIsRequeuedBehindTheOtherAndTheOwnerFollows() {
        // owner (fair) holds A for 20 ms; hi (FIFO 50) and then lo (FIFO 10) wait on it; at 3 ms a
        // fair task calls sched_setscheduler(hi, SCHED_NORMAL)
        Core core = Machines.boot(2);
        RtMutex a = new RtMutex(core, "A");
        Task owner = spawn(core, "owner", Program.builder("owner").call(RtMutexTest.lock(a)).run(20 * MS).call(RtMutexTest.unlock(a)).exit().build(), 0, 0);
        Task hi = spawn(core, "hi", Program.builder("hi").sleep(MS).call(RtMutexTest.lock(a)).call(RtMutexTest.unlock(a)).exit().build(), 1, 50);
        Task lo = spawn(core, "lo", Program.builder("lo").sleep(2 * MS).call(RtMutexTest.lock(a)).call(RtMutexTest.unlock(a)).exit().build(), 1, 10);
        spawn(core, "setter", after(3, Action.hook("sched_setscheduler", false,
                (cpu, p, r) -> SetAttrFrame.setScheduler(hi, Policy.SCHED_NORMAL, 0, 0))), 1, 0);
        Machines.run(core, 2 * MS + MS / 2);
        assertEquals(List.of(hi, lo), a.waiters());
        assertEquals(hi.prio, owner.prio, "boosted to A's top waiter");

        Machines.run(core, 5 * MS);
        assertEquals(1, core.coverage.count("rt_mutex_adjust_pi"));
        assertEquals(hi.normalPrio, hi.piBlockedOn.prio, "the walk requeued hi's waiter with its new prio");
        assertEquals(List.of(lo, hi), a.waiters(), "lo is A's top waiter now");
        assertEquals(Weights.MAX_RT_PRIO - 1 - 10, owner.prio, "and the owner runs at lo's prio");
        assertSame(lo, owner.piTopTask);

        Machines.run(core, 40 * MS);
        assertEquals(TaskState.TASK_DEAD, hi.state);
        assertEquals(owner.normalPrio, owner.prio);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void aSignalEndsAnInterruptibleWaitWithEintrAndTheOwnerIsDeboosted() {
        Core core = Machines.boot(2);
        RtMutex a = new RtMutex(core, "A");
        RtMutexLockFrame[] wait = new RtMutexLockFrame[1];
        Task owner = spawn(core, "owner", Program.builder("owner").call(RtMutexTest.lock(a)).run(10 * MS).call(RtMutexTest.unlock(a)).exit().build(), 0, 0);
        Task waiter = spawn(core, "waiter", after(1, Action.hook("rt_mutex_lock_interruptible", true,
                (cpu, p, r) -> wait[0] = new RtMutexLockFrame(a, true))), 1, 50);
        spawn(core, "signaller", after(3, Action.hook("send_sig", false, (cpu, p, r) -> new SignalWakeUpFrame(waiter))), 1, 0);
        Machines.run(core, 2 * MS);
        assertEquals(TaskState.TASK_INTERRUPTIBLE, waiter.state);
        assertEquals(waiter.prio, owner.prio, "boosted by its interruptible waiter");

        Machines.run(core, 5 * MS);
        assertEquals(RtMutexLockFrame.EINTR, wait[0].result);
        assertEquals(1, core.coverage.count("rt_mutex_eintr"));
        assertTrue(a.waiters().isEmpty() && !a.hasWaitersBit(), "remove_waiter(), fixup_rt_mutex_waiters()");
        assertNull(waiter.piBlockedOn);
        assertSame(owner, a.owner(), "the owner still holds A");
        assertEquals(owner.normalPrio, owner.prio, "and lost the boost with its top waiter");
        assertTrue(waiter.sigpending, "the signal stays pending until the task handles it");
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }
}
