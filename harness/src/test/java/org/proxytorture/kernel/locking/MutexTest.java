package org.proxytorture.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.api.Tag;

/** kernel/locking/mutex.c semantics: the owner word, FIFO waiters, handoff, blocked_on. */
@Tag("fast")
class MutexTest {
    private static final long MS = Machines.MS;

    @Test
    void ownerWordFlagsFollowTheKernel() {
        Core core = Machines.boot(2);
        Mutex m = new Mutex(core, "m", new LockClass("m"));
        Task a = Machines.spawn(core, "a", Machines.hog("a"), CpuMask.of(0));
        Task b = Machines.spawn(core, "b", Machines.hog("b"), CpuMask.of(1));
        assertTrue(m.trylockFast(a));
        assertSame(a, m.owner());
        MutexWaiter w = new MutexWaiter(b);
        m.addWaiter(w);
        assertEquals(Mutex.MUTEX_FLAG_WAITERS, m.flags(), "the first waiter sets WAITERS");
        assertSame(a, m.trylockCommon(b, true), "the first waiter fails and asks for a handoff");
        assertEquals(Mutex.MUTEX_FLAG_WAITERS | Mutex.MUTEX_FLAG_HANDOFF, m.flags());
        m.handoff(a, b);
        assertSame(b, m.owner());
        assertEquals(Mutex.MUTEX_FLAG_WAITERS | Mutex.MUTEX_FLAG_PICKUP, m.flags(), "handed off: PICKUP, WAITERS kept");
        assertSame(b, m.trylockCommon(a, false), "PICKUP for someone else: a fails");
        assertNull(m.trylockCommon(b, false), "b picks it up");
        assertEquals(Mutex.MUTEX_FLAG_WAITERS, m.flags());
        m.removeWaiter(w);
        assertEquals(0, m.flags(), "an empty wait list clears every flag");
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void sleepingWaitersAreWokenInFifoOrderAndBlockedOnIsSetWhileTheyWait() {
        // optimistic spinning off: every waiter sleeps on the wait list
        Core core = Machines.boot(4);
        core.mutexSpinOnOwner = false;
        Mutex m = new Mutex(core, "m", new LockClass("m"));
        List<String> order = new ArrayList<>();
        core.trace.add(new Trace.Listener() {
            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock lock) {
                order.add(p.comm);
            }
        });
        // the holder takes the lock at once and keeps it 10 ms; waiters arrive at 1, 2, 3 ms
        Machines.spawn(core, "holder", Program.builder("holder").lock(m).run(10 * MS).unlock(m).exit().build(), CpuMask.of(0));
        List<Task> waiters = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            waiters.add(Machines.spawn(core, "w" + i,
                    Program.builder("w" + i).sleep(i * MS).lock(m).run(MS).unlock(m).exit().build(), CpuMask.of(i)));
        }
        Machines.run(core, 5 * MS);
        for (Task w : waiters) {
            assertSame(m, w.blockedOn, w + " is blocked on m");
            assertEquals(TaskState.TASK_UNINTERRUPTIBLE, w.state);
            assertEquals(0, w.onRq, "without proxy execution a mutex waiter leaves the runqueue");
        }
        assertEquals(waiters, m.waiters());
        Machines.run(core, 30 * MS);
        assertEquals(List.of("holder", "w1", "w2", "w3"), order);
        for (Task w : waiters) {
            assertNull(w.blockedOn);
            assertEquals(TaskState.TASK_DEAD, w.state);
        }
        assertEquals(0, m.owner, "unlocked, no flags");
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void aSpinnerTakesTheLockWithoutSleepingWhileTheOwnerRuns() {
        Core core = Machines.boot(2);
        Mutex m = new Mutex(core, "m", new LockClass("m"));
        Machines.spawn(core, "holder", Program.builder("holder").lock(m).run(2 * MS).unlock(m).exit().build(), CpuMask.of(0));
        Task s = Machines.spawn(core, "spinner", Program.builder("spinner").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        assertEquals(TaskState.TASK_DEAD, s.state);
        assertEquals(2, s.nvcsw, "it switched out voluntarily for its 1 ms sleep and at exit, never on the mutex");
        assertEquals(0, m.contentions, "it never queued as a waiter");
    }
}
