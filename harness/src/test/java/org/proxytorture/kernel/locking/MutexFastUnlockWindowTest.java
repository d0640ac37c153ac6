package org.proxytorture.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.proxytorture.check.Checks;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.harness.Faults;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * mutex.c's window between a waiter's __mutex_trylock() under wait_lock and its
 * __mutex_add_waiter(): the owner's mutex_unlock() fast path takes no wait_lock, so it may release
 * the lock there, seeing no MUTEX_FLAG_WAITERS and waking no one. The wait loop's trylock after
 * set_current_state() picks the release up; without it (S05) the waiter sleeps at the head of a
 * free mutex, and the lost-wakeup checker says so when it is switched out, not an audit later.
 * No proxy execution: with it the waiter would stay queued as a donor and be run by the pick.
 */
@Tag("fast")
class MutexFastUnlockWindowTest {
    private static final long MS = Machines.MS;

    /** One machine: the owner holds m for 2 ms from 0 and releases it at 2 ms + 100 ns + offset; the waiter asks for it at 2 ms. */
    private record Run(Core core, Checks checks, Mutex m, Task waiter) { }

    private static Run run(String fault, long offsetNs) {
        Core core = Machines.boot(2);
        core.faults = Faults.parse(fault);
        core.mutexSpinOnOwner = false; // straight to the wait_lock: the spinner would take the release itself
        Checks c = Checks.install(core, new Checks.Config(1000 * MS, 50_000 * MS, 200_000 * MS, 20 * MS, false));
        Mutex m = new Mutex(core, "m", new LockClass("m"));
        Machines.spawn(core, "owner", Program.builder("owner").lock(m).run(2 * MS + 100 + offsetNs).unlock(m).sleep(1000 * MS).exit().build(), CpuMask.of(0));
        Task w = Machines.spawn(core, "waiter", Program.builder("waiter").sleep(2 * MS).lock(m).unlock(m).sleep(1000 * MS).exit().build(), CpuMask.of(1));
        Machines.run(core, 5 * MS);
        return new Run(core, c, m, w);
    }

    /** The first release time, scanning one microsecond in 10 ns steps, at which S05's waiter is left asleep on the free mutex. */
    private static long windowOffset() {
        for (long off = 0; off <= 1000; off += 10) {
            Run r = run("S05", off);
            if (r.m.owner() == null && r.m.firstWaiter() == r.waiter) return off;
        }
        throw new AssertionError("no release time in the scanned microsecond lands between the waiter's trylock and its queueing");
    }

    @Test
    void aFastUnlockBetweenTheTrylockAndTheQueueingStrandsTheWaiterWithoutTheRecheck() {
        long off = windowOffset();
        Run r = run("S05", off);
        assertTrue(r.waiter.state == TaskState.TASK_UNINTERRUPTIBLE && r.m.flags() == Mutex.MUTEX_FLAG_WAITERS,
                "asleep at the head of a free mutex whose WAITERS flag came after the release");
        Violation v = null;
        for (Violation x : r.checks.violations()) if (x.checker().equals("lost-wakeup") && x.invariant().equals("INV-P8")) v = x;
        assertNotNull(v, String.valueOf(r.checks.violations()));
        assertEquals(List.of("task=waiter"), v.roles());
        assertEquals(0, r.checks.audits(), "no audit in the run: it fired at the waiter's switch-out");
        assertTrue(v.message().contains("which is free, and no mutex_unlock() or queueing waiter is left to wake it"), v.message());
    }

    @Test
    void theSameReleaseIsPickedUpByTheTrylockAfterQueueing() {
        Run r = run("", windowOffset());
        assertEquals(List.of(), r.checks.violations());
        assertEquals(2, r.m.acquisitions, "the owner's and the waiter's");
        assertEquals(null, r.m.owner());
        assertEquals(null, r.m.firstWaiter());
    }
}
