package org.proxytorture.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.rcu.RcuSync;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.api.Tag;

/**
 * kernel/locking/percpu-rwsem.c: readers count per CPU while rcu_sync is idle; a writer waits a
 * grace period, blocks new readers and sleeps until the per-CPU sum drains; blocked tasks sleep
 * FIFO and percpu_up_write() hands the lock to readers until one writer.
 */
@Tag("fast")
class PercpuRwSemTest {
    private static final long MS = Machines.MS;
    private static final long US = 1_000L;

    static Action downRead(PercpuRwSemaphore s) {
        return Action.hook("percpu_down_read", true, (cpu, p, r) -> new PercpuDownReadFrame(s));
    }

    static Action upRead(PercpuRwSemaphore s) {
        return Action.hook("percpu_up_read", true, (cpu, p, r) -> new PercpuUpReadFrame(s));
    }

    static Action downWrite(PercpuRwSemaphore s) {
        return Action.hook("percpu_down_write", true, (cpu, p, r) -> new PercpuDownWriteFrame(s));
    }

    static Action upWrite(PercpuRwSemaphore s) {
        return Action.hook("percpu_up_write", true, (cpu, p, r) -> new PercpuUpWriteFrame(s));
    }

    static Program reader(PercpuRwSemaphore s, long at, long hold) {
        return Program.builder("reader").sleep(at).call(downRead(s)).run(hold).call(upRead(s)).exit().build();
    }

    static Program writer(PercpuRwSemaphore s, long at, long hold) {
        return Program.builder("writer").sleep(at).call(downWrite(s)).run(hold).call(upWrite(s)).exit().build();
    }

    private static Task spawn(Core core, String comm, Program prog, int cpu) {
        return Machines.spawn(core, comm, prog, CpuMask.of(cpu));
    }

    /** Acquisition order, contentions, and any overlap of a writer with anyone, from the lock tracepoints. */
    private static final class Holders implements Trace.Listener {
        final Object lock;
        final List<Task> writers = new ArrayList<>();
        final List<String> order = new ArrayList<>();
        final List<String> contended = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        int readers, writersIn, maxReaders;

        Holders(Object lock) {
            this.lock = lock;
        }

        @Override
        public void lockContended(long now, int cpu, Task p, Lock l) {
            if (l == lock) contended.add(p.comm);
        }

        @Override
        public void lockAcquired(long now, int cpu, Task p, Lock l) {
            if (l != lock) return;
            order.add(p.comm);
            if (writers.contains(p)) writersIn++;
            else readers++;
            maxReaders = Math.max(maxReaders, readers);
            if (writersIn > 1 || (writersIn == 1 && readers > 0)) violations.add(now + ": writers " + writersIn + " readers " + readers);
        }

        @Override
        public void lockReleased(long now, int cpu, Task p, Lock l) {
            if (l != lock) return;
            if (writers.contains(p)) writersIn--;
            else readers--;
        }
    }

    @Test
    void withNoWriterReadersTakeTheFastPathAndOnlyCountThemselvesPerCpu() {
        Core core = Machines.boot(3);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(core, "sem");
        Holders h = new Holders(sem);
        core.trace.add(h);
        for (int i = 0; i < 3; i++) spawn(core, "r" + i, reader(sem, i * 100 * US, 2 * MS), i);
        Machines.run(core, MS);
        assertEquals(3, sem.readers(), "three readers inside");
        for (int c = 0; c < 3; c++) assertEquals(1, sem.readCount[c].latest(), "each counted on its own CPU");
        assertTrue(sem.rss.isIdle());
        Machines.run(core, 10 * MS);
        assertEquals(0, sem.readers());
        assertEquals(3, h.maxReaders);
        assertTrue(h.contended.isEmpty(), "no slow path: " + h.contended);
        assertEquals(0, core.coverage.count("percpu_down_read_slowpath"));
        assertEquals(0, sem.rss.gracePeriods);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * r1 and (from 2 ms) r2 hold it until 5 ms; the writer asks at 1 ms. rcu_sync_enter() sends
     * readers to the slow path at once (r2 goes through it, and still gets in: no block yet); a
     * grace period later the writer sets block and sleeps until the sum drains; r3, at 4.5 ms,
     * finds block set and sleeps on the wait queue until percpu_up_write() gives it the lock.
     * One grace period after that, readers are back on the fast path.
     */
    @Test
    void aWriterWaitsAGracePeriodThenForTheReadersToDrainWhileNewReadersSleep() {
        Core core = Machines.boot(4);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(core, "sem");
        Holders h = new Holders(sem);
        core.trace.add(h);
        long gp = sem.rss.gracePeriodNs();
        assertEquals(RcuSync.GP_JIFFIES * MS, gp, "HZ=1000");
        spawn(core, "r1", reader(sem, 0, 5 * MS), 0);
        Task w = spawn(core, "w", writer(sem, MS, MS), 1);
        h.writers.add(w);
        Task r2 = spawn(core, "r2", reader(sem, 2 * MS, 3 * MS), 2);
        Task r3 = spawn(core, "r3", reader(sem, 4 * MS + 500 * US, MS), 3);

        Machines.run(core, 3 * MS);
        assertEquals(RcuSync.GP_ENTER, sem.rss.gpState(), "the writer waits in synchronize_rcu()");
        assertEquals(TaskState.TASK_UNINTERRUPTIBLE, w.state);
        assertFalse(sem.writeLocked(), "no block yet");
        assertEquals(2, sem.readers(), "r2 came through the slow path and got in");
        assertEquals(1, core.coverage.count("percpu_down_read_slowpath"));
        assertEquals(TaskState.TASK_RUNNING, r2.state);

        Machines.run(core, 4 * MS + 700 * US);
        assertEquals(RcuSync.GP_PASSED, sem.rss.gpState());
        assertTrue(sem.writeLocked(), "sem->block set: writer-writer exclusion and new readers block");
        assertSame(w, sem.rcuwaitWriter(), "the writer sleeps on the rcuwait for the sum to drain");
        assertEquals(0, w.onRq, "off the runqueue");
        assertNull(w.blockedOn, "no proxy execution: not a mutex");
        assertEquals(List.of("R:r3"), sem.waiters(), "r3 sleeps on the wait queue");
        assertEquals(0, r3.onRq);
        assertEquals(2, sem.readers());

        Machines.run(core, 5 * MS + 500 * US);
        assertNull(sem.rcuwaitWriter(), "the last reader out prodded the writer");
        assertEquals(0, sem.readers());
        assertEquals(List.of("r1", "r2", "w"), h.order);

        Machines.run(core, 6 * MS + 500 * US);
        assertEquals(List.of("r1", "r2", "w", "r3"), h.order, "percpu_up_write() gave r3 the lock");
        assertTrue(sem.waiters().isEmpty());
        assertFalse(sem.writeLocked());
        assertEquals(RcuSync.GP_EXIT, sem.rss.gpState(), "readers still on the slow path for a grace period");

        Machines.run(core, 6 * MS + gp + 500 * US);
        assertTrue(sem.rss.isIdle(), "the fast path is back");
        Machines.run(core, 20 * MS);
        assertEquals(List.of("r3"), h.contended, "only r3 waited on the queue: r2 got in on the slow path, and block was free for the writer");
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertEquals(0, sem.readers());
        assertEquals(0, w.lockdepDepth);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * w1 holds it (from one grace period on); a, b (readers), w2 and c (a reader) queue in that order. percpu_up_write()
     * wakes readers until one writer: a and b get the lock, w2 gets block and waits for them to
     * leave, c stays queued behind it.
     */
    @Test
    void upWriteWakesReadersUntilOneWriterInQueueOrder() {
        Core core = Machines.boot(5);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(core, "sem");
        Holders h = new Holders(sem);
        core.trace.add(h);
        Task w1 = spawn(core, "w1", writer(sem, 0, 10 * MS), 0);
        h.writers.add(w1);
        spawn(core, "a", reader(sem, 5 * MS, 2 * MS), 1);
        spawn(core, "b", reader(sem, 6 * MS, 2 * MS), 2);
        Task w2 = spawn(core, "w2", writer(sem, 7 * MS, MS), 3);
        h.writers.add(w2);
        spawn(core, "c", reader(sem, 8 * MS, MS), 4);
        Machines.run(core, 9 * MS);
        assertEquals(List.of("R:a", "R:b", "W:w2", "R:c"), sem.waiters());
        long released = sem.rss.gracePeriodNs() + 10 * MS;
        Machines.run(core, released + 200 * US);
        assertEquals(List.of("w1", "a", "b"), h.order);
        assertEquals(List.of("R:c"), sem.waiters(), "c stays behind the writer");
        assertSame(w2, sem.rcuwaitWriter(), "w2 has block and waits for a and b");
        assertEquals(2, sem.readers());
        Machines.run(core, 30 * MS);
        assertEquals(List.of("w1", "a", "b", "w2", "c"), h.order);
        assertEquals(2, h.maxReaders);
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * rcu_sync's state machine: w1 waits a grace period (GP_ENTER) and leaves (GP_EXIT, a
     * call_rcu() in flight); w2, entering during that grace period, needs none of its own and
     * leaves before it ends (GP_REPLAY); the callback then asks for one more grace period
     * (GP_EXIT), after which the readers' fast path is back (GP_IDLE).
     */
    @Test
    void closelySpacedWritersShareGracePeriodsThroughGpExitAndGpReplay() {
        Core core = Machines.boot(2);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(core, "sem");
        long gp = sem.rss.gracePeriodNs();
        long[] acquiredAt = new long[2];
        core.trace.add(new Trace.Listener() {
            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock l) {
                if (l == sem) acquiredAt[p.comm.equals("w1") ? 0 : 1] = now;
            }
        });
        spawn(core, "w1", writer(sem, 0, 500 * US), 0);
        spawn(core, "w2", writer(sem, gp + MS, 500 * US), 1);
        Machines.run(core, gp / 2);
        assertEquals(RcuSync.GP_ENTER, sem.rss.gpState());
        Machines.run(core, gp + 800 * US);
        assertTrue(acquiredAt[0] >= gp, "w1 waited one grace period: " + acquiredAt[0]);
        assertEquals(RcuSync.GP_EXIT, sem.rss.gpState(), "w1 left; readers get the fast path back after a grace period");
        Machines.run(core, gp + MS + 800 * US);
        assertTrue(acquiredAt[1] - (gp + MS) < 50 * US, "w2 came in GP_EXIT and waited for no grace period: " + acquiredAt[1]);
        assertEquals(RcuSync.GP_REPLAY, sem.rss.gpState(), "w2 entered and left within w1's exit grace period");
        Machines.run(core, 2 * gp + 800 * US);
        assertEquals(RcuSync.GP_EXIT, sem.rss.gpState(), "the callback asked for one more grace period");
        Machines.run(core, 3 * gp + 800 * US);
        assertTrue(sem.rss.isIdle());
        assertEquals(3, sem.rss.gracePeriods, "w1's enter, its exit, and the replay");
        assertEquals(0, sem.rss.gpCount());
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }
}
