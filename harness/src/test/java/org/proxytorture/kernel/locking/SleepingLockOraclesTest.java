package org.proxytorture.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.proxytorture.check.Checks;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.harness.Faults;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.WakeQ;
import org.junit.jupiter.api.Tag;

/**
 * The deadlock checker's wait-for graph and the lost-wakeup oracle on rt_mutexes, rw_semaphores
 * and percpu_rw_semaphores, each shown a violation built by hand (or by a catalog fault) and
 * quiet before it. This lives beside the locks because some violations are made by corrupting
 * their package-private state (an unlock that forgets its wakeup).
 */
@Tag("fast")
class SleepingLockOraclesTest {
    private static final long MS = Machines.MS;

    private static Checks.Config fast() {
        return new Checks.Config(MS, 50 * MS, 200 * MS, 20 * MS, false);
    }

    private static Action op(String name, Supplier<KFrame> f) {
        return Action.hook(name, true, (cpu, p, r) -> f.get());
    }

    private static Action rtLock(RtMutex m) {
        return op("rt_mutex_lock", () -> new RtMutexLockFrame(m));
    }

    private static Action downRead(RwSemaphore s) {
        return op("down_read", () -> new RwSemDownReadFrame(s));
    }

    private static Action downWrite(RwSemaphore s) {
        return op("down_write", () -> new RwSemDownWriteFrame(s));
    }

    private static Violation find(Checks c, String checker, String invariant) {
        for (Violation v : c.violations()) if (v.checker().equals(checker) && v.invariant().equals(invariant)) return v;
        return null;
    }

    /** Two tasks take two rt_mutexes in opposite orders: each sleeps as the other's waiter, and the cycle persists. */
    @Test
    void anRtMutexAbbaIsAWaitForCycle() {
        Core core = Machines.boot(2);
        Checks c = Checks.install(core, fast());
        RtMutex a = new RtMutex(core, "rtA"), b = new RtMutex(core, "rtB");
        Task ab = Machines.spawn(core, "ab", Program.builder("ab").call(rtLock(a)).run(MS).call(rtLock(b)).exit().build(), CpuMask.of(0));
        Task ba = Machines.spawn(core, "ba", Program.builder("ba").call(rtLock(b)).run(MS).call(rtLock(a)).exit().build(), CpuMask.of(1));
        Machines.run(core, 20 * MS);
        assertTrue(ab.piBlockedOn != null && ba.piBlockedOn != null, "both sleep on pi_blocked_on");
        Violation v = find(c, "deadlock", "wait-for-cycle");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("lock=rtA", "lock=rtB"), v.roles().stream().sorted().toList());
        assertTrue(String.join("\n", v.detail()).contains("ab:" + ab.pid + " waits for rtB owned by ba:" + ba.pid), String.join("\n", v.detail()));
    }

    /** mark_wakeup_next_waiter() without the wakeup that follows it: the top waiter sleeps on a free rt_mutex. */
    @Test
    void anRtMutexTopWaiterAsleepOnAFreeLockIsALostWakeup() {
        Core core = Machines.boot(2);
        Checks c = Checks.install(core, fast());
        RtMutex m = new RtMutex(core, "rt");
        Machines.spawn(core, "owner", Program.builder("owner").call(rtLock(m)).sleep(1000 * MS).exit().build(), CpuMask.of(0));
        Task w = Machines.spawn(core, "waiter", Program.builder("waiter").sleep(MS).call(rtLock(m)).exit().build(), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        assertEquals(List.of(), c.violations(), "the waiter of a held rt_mutex sleeps legitimately");
        assertEquals(w, m.topWaiter().task);
        m.owner = null; // corrupt: the lock handed back (RT_MUTEX_HAS_WAITERS), the top waiter never woken
        Machines.run(core, 20 * MS);
        Violation v = find(c, "lost-wakeup", "INV-P8");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=waiter"), v.roles());
        assertTrue(v.message().contains("top waiter of rt, which is free"), v.message());
    }

    /** The last reader leaves without rwsem_wake(): the queued writer sleeps on an rw_semaphore nobody holds. */
    @Test
    void anRwsemWriterAsleepOnAFreeRwsemIsALostWakeup() {
        Core core = Machines.boot(2);
        Checks c = Checks.install(core, fast());
        RwSemaphore s = new RwSemaphore(core, "sem");
        Machines.spawn(core, "reader", Program.builder("reader").call(downRead(s)).sleep(1000 * MS).exit().build(), CpuMask.of(0));
        Task w = Machines.spawn(core, "writer", Program.builder("writer").sleep(MS).call(downWrite(s)).exit().build(), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        assertEquals(List.of(), c.violations(), "a writer waiting for a reader sleeps legitimately");
        assertEquals(w, s.firstWaiterTask());
        s.count -= RwSemaphore.RWSEM_READER_BIAS; // corrupt: up_read() without rwsem_wake()
        Machines.run(core, 20 * MS);
        Violation v = find(c, "lost-wakeup", "INV-P8");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=writer"), v.roles());
    }

    /**
     * Given: a reader holds the rwsem (CPU 0, 2 ms), a writer queued behind it sleeps (CPU 1), and
     * a second reader (CPU 2) calls down_read() 100 ns after the first reader's hold would end (no
     * forced choice: the timing alone). Its fast path adds its bias while the lock is still
     * read-held with a waiter, so it heads for the slow path; the holder's up_read() lands before
     * the reader takes wait_lock, sees the reader's bias and skips rwsem_wake(); the reader queues
     * and drops its bias. With S12 it does not rwsem_cond_wake_waiter(): the rwsem is free and
     * the writer sleeps at the head with nobody left to wake it. The checker says so at the end of
     * that slow path's wakeups, not at an audit (none falls in the run). Without S12 the reader's
     * rwsem_cond_wake_waiter() wakes the writer, which takes the lock.
     */
    private static Checks strandedWriter(String fault) {
        Core core = Machines.boot(3);
        core.faults = Faults.parse(fault);
        Checks c = Checks.install(core, new Checks.Config(1000 * MS, 50_000 * MS, 200_000 * MS, 20 * MS, false));
        RwSemaphore s = new RwSemaphore(core, "sem");
        Action upRead = op("up_read", () -> new RwSemUpFrame(s, false));
        Machines.spawn(core, "holder", Program.builder("holder").call(downRead(s)).run(2 * MS).call(upRead).sleep(1000 * MS).exit().build(), CpuMask.of(0));
        Task w = Machines.spawn(core, "writer", Program.builder("writer").sleep(MS).call(downWrite(s)).sleep(1000 * MS).exit().build(), CpuMask.of(1));
        Machines.spawn(core, "reader", Program.builder("reader").run(2 * MS + 100).call(downRead(s)).sleep(1000 * MS).exit().build(), CpuMask.of(2));
        Machines.run(core, 5 * MS);
        assertEquals(0, c.audits(), "no audit within the run: what fires, fires at once");
        if (fault.isEmpty()) assertEquals(w, s.writer(), "rwsem_cond_wake_waiter() woke the writer, which took the lock");
        else assertTrue(s.firstWaiterTask() == w && s.count == RwSemaphore.RWSEM_FLAG_WAITERS && w.state == TaskState.TASK_UNINTERRUPTIBLE,
                    "stranded: the writer asleep at the head of a free rwsem");
        return c;
    }

    @Test
    void aReaderThatQueuesWithoutWakingStrandsTheWriterOnTheFreeRwsemAtOnce() {
        Checks c = strandedWriter("S12");
        Violation v = find(c, "lost-wakeup", "INV-P8");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=writer"), v.roles());
        assertTrue(v.timeNs() > 2 * MS && v.timeNs() < 2 * MS + 10_000, "at the reader's queueing, 2 ms in: " + v.timeNs());
        assertTrue(v.message().contains("no writer or reader holds, and no up_read()/up_write() or queueing waiter is left to wake it"), v.message());
        assertEquals(List.of(v), c.violations());
    }

    @Test
    void theSameInterleavingWithRwsemCondWakeWaiterIsQuiet() {
        assertEquals(List.of(), strandedWriter("").violations());
    }

    /** rwsem_mark_wake() grants a queued reader its lock, and the wake_up_q() that should follow never runs. */
    @Test
    void anRwsemReaderGrantedButNeverWokenIsALostWakeup() {
        Core core = Machines.boot(2);
        Checks c = Checks.install(core, fast());
        RwSemaphore s = new RwSemaphore(core, "sem");
        Machines.spawn(core, "writer", Program.builder("writer").call(downWrite(s)).sleep(1000 * MS).exit().build(), CpuMask.of(0));
        Task r = Machines.spawn(core, "reader", Program.builder("reader").sleep(MS).call(downRead(s)).exit().build(), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        assertEquals(List.of(), c.violations(), "a reader waiting for a writer sleeps legitimately");
        // corrupt: up_write() and rwsem_mark_wake() done, the wake_q dropped
        s.count -= RwSemaphore.RWSEM_WRITER_LOCKED;
        s.owner = null;
        s.markWake(RwSemaphore.WakeType.RWSEM_WAKE_ANY, new WakeQ());
        assertTrue(!s.isWaiting(r) && r.state == TaskState.TASK_UNINTERRUPTIBLE);
        Machines.run(core, 20 * MS);
        Violation v = find(c, "lost-wakeup", "INV-P8");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=reader"), v.roles());
        assertTrue(v.message().contains("granted it sem for read"), v.message());
    }

    /**
     * A reader holds the rw_semaphore and waits for a mutex whose owner waits to write it: the
     * read-held lock gives the writer an edge to that reader, and the cycle is found.
     */
    @Test
    void aWriterWaitingForAReaderThatWaitsForItIsAWaitForCycle() {
        Core core = Machines.boot(2);
        Checks c = Checks.install(core, fast());
        RwSemaphore s = new RwSemaphore(core, "sem");
        Mutex m = new Mutex(core, "m", new LockClass("m"));
        Task reader = Machines.spawn(core, "reader", Program.builder("reader").call(downRead(s)).run(MS).lock(m).exit().build(), CpuMask.of(0));
        Task writer = Machines.spawn(core, "writer", Program.builder("writer").lock(m).run(MS).call(downWrite(s)).exit().build(), CpuMask.of(1));
        Machines.run(core, 20 * MS);
        Violation v = find(c, "deadlock", "wait-for-cycle");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("lock=m", "lock=sem"), v.roles().stream().sorted().toList());
        assertTrue(String.join("\n", v.detail()).contains(writer + " waits for sem read-held by " + reader), String.join("\n", v.detail()));
    }

    /** A reader waiting for the writer of a percpu_rw_semaphore while that writer drains readers including one waiting for it. */
    @Test
    void aPercpuWriterDrainingAReaderThatWaitsForItIsAWaitForCycle() {
        Core core = Machines.boot(2);
        Checks c = Checks.install(core, fast());
        PercpuRwSemaphore s = new PercpuRwSemaphore(core, "pcpu");
        Mutex m = new Mutex(core, "m", new LockClass("m"));
        Action read = op("percpu_down_read", () -> new PercpuDownReadFrame(s));
        Action write = op("percpu_down_write", () -> new PercpuDownWriteFrame(s));
        Task reader = Machines.spawn(core, "reader", Program.builder("reader").call(read).run(MS).lock(m).exit().build(), CpuMask.of(0));
        Task writer = Machines.spawn(core, "writer", Program.builder("writer").lock(m).run(MS).call(write).exit().build(), CpuMask.of(1));
        Machines.run(core, 60 * MS);
        assertEquals(writer, s.rcuwaitWriter(), "the writer drains readers in rcuwait");
        Violation v = find(c, "deadlock", "wait-for-cycle");
        assertNotNull(v, String.valueOf(c.violations()));
        assertTrue(String.join("\n", v.detail()).contains(writer + " waits for pcpu read-held by " + reader), String.join("\n", v.detail()));
    }
}
