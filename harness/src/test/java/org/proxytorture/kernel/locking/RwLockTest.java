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
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.api.Tag;

/**
 * rwlock_t as a queued rwlock (qrwlock.h, qrwlock.c): readers share, writers exclude readers and
 * each other, everyone spins with preemption disabled, and the FIFO wait_lock makes it fair: a
 * writer waiting at its head keeps new readers out.
 */
@Tag("fast")
class RwLockTest {
    private static final long MS = Machines.MS;
    private static final long US = 1_000L;

    static Action readLock(RwLock l) {
        return Action.hook("read_lock", true, (cpu, p, r) -> new RwLockReadFrame(l));
    }

    static Action readUnlock(RwLock l) {
        return Action.hook("read_unlock", true, (cpu, p, r) -> new RwUnlockFrame(l, false));
    }

    static Action writeLock(RwLock l) {
        return Action.hook("write_lock", true, (cpu, p, r) -> new RwLockWriteFrame(l));
    }

    static Action writeUnlock(RwLock l) {
        return Action.hook("write_unlock", true, (cpu, p, r) -> new RwUnlockFrame(l, true));
    }

    /** Sleeps {@code at}, then holds the read lock for {@code hold}. */
    static Program reader(RwLock l, long at, long hold) {
        return Program.builder("reader").sleep(at).call(readLock(l)).run(hold).call(readUnlock(l)).exit().build();
    }

    static Program writer(RwLock l, long at, long hold) {
        return Program.builder("writer").sleep(at).call(writeLock(l)).run(hold).call(writeUnlock(l)).exit().build();
    }

    private static Task spawn(Core core, String comm, Program prog, int cpu) {
        return Machines.spawn(core, comm, prog, CpuMask.of(cpu));
    }

    /** Acquisition order, the most readers at once, and any overlap of a writer with anyone, from the lock tracepoints. */
    private static final class Holders implements Trace.Listener {
        final Object lock;
        final List<Task> writers;
        final List<String> order = new ArrayList<>();
        final List<Task> holding = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        int readers, writersIn, maxReaders;

        Holders(Object lock, List<Task> writers) {
            this.lock = lock;
            this.writers = writers;
        }

        @Override
        public void lockAcquired(long now, int cpu, Task p, Lock l) {
            if (l != lock) return;
            order.add(p.comm);
            holding.add(p);
            if (writers.contains(p)) writersIn++;
            else readers++;
            maxReaders = Math.max(maxReaders, readers);
            if (writersIn > 1 || (writersIn == 1 && readers > 0)) violations.add(now + ": writers " + writersIn + " readers " + readers);
        }

        @Override
        public void lockReleased(long now, int cpu, Task p, Lock l) {
            if (l != lock) return;
            holding.remove(p);
            if (writers.contains(p)) writersIn--;
            else readers--;
        }

        @Override
        public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
            if (holding.contains(prev)) violations.add(now + ": " + prev + " switched out holding " + lock);
        }
    }

    @Test
    void readersShareItAndAWriterSpinsWithPreemptionDisabledUntilTheyLeave() {
        Core core = Machines.boot(4);
        RwLock l = new RwLock("rwlock");
        List<Task> writers = new ArrayList<>();
        Holders h = new Holders(l, writers);
        core.trace.add(h);
        for (int i = 0; i < 3; i++) spawn(core, "r" + i, reader(l, i * 100 * US, 3 * MS), i);
        Task w = spawn(core, "w", writer(l, MS, MS), 3);
        writers.add(w);
        Machines.run(core, 2 * MS);
        assertEquals(3, l.readers(), "three readers hold it together");
        assertFalse(l.writeLocked());
        assertTrue(l.writerWaiting(), "the writer took wait_lock and set _QW_WAITING");
        assertSame(w, core.rqs[3].curr, "the writer spins on its CPU");
        assertEquals(TaskState.TASK_RUNNING, w.state);
        assertTrue(w.preemptCount > 0, "with preemption disabled");
        Machines.run(core, 3 * MS + 500 * US);
        assertTrue(l.writeLocked(), "it has the lock once the last reader left");
        assertSame(w, l.owner());
        assertEquals(0, l.readers());
        Machines.run(core, 10 * MS);
        assertEquals(0, l.cnts(), "free, no flags");
        assertEquals(List.of("r0", "r1", "r2", "w"), h.order);
        assertEquals(3, h.maxReaders);
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertEquals(0, w.lockdepDepth);
        assertEquals(0, w.preemptCount);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * qrwlock's fairness: r1 holds it; the writer queues at 1 ms and sets _QW_WAITING; r2 comes at
     * 2 ms, while a reader still holds it, and is not let in: it queues on wait_lock behind the
     * writer and gets the lock only after the writer had it.
     */
    @Test
    void aWaitingWriterKeepsNewReadersOut() {
        Core core = Machines.boot(3);
        RwLock l = new RwLock("rwlock");
        List<Task> writers = new ArrayList<>();
        Holders h = new Holders(l, writers);
        core.trace.add(h);
        spawn(core, "r1", reader(l, 0, 5 * MS), 0);
        writers.add(spawn(core, "w", writer(l, MS, MS), 1));
        Task r2 = spawn(core, "r2", reader(l, 2 * MS, MS), 2);
        Machines.run(core, 3 * MS);
        assertEquals(1, l.readers(), "r2 backed its reader count out of cnts");
        assertTrue(l.writerWaiting());
        assertEquals(1, l.queued(), "r2 spins in wait_lock's queue behind the writer");
        assertSame(r2, core.rqs[2].curr);
        assertTrue(r2.preemptCount > 0);
        Machines.run(core, 20 * MS);
        assertEquals(List.of("r1", "w", "r2"), h.order, "the writer before the later reader");
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertEquals(0, l.cnts());
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
        assertTrue(core.coverage.count("queued_read_lock_slowpath") == 1 && core.coverage.count("queued_write_lock_slowpath") == 1);
    }

    /**
     * w0 holds it; w1, w2, a reader and w3 come 1 ms apart and queue on wait_lock: they get the
     * lock in the order they came (the queued spinlock is FIFO), each writer alone.
     */
    @Test
    void contendersGetItInTheOrderTheyQueuedOnWaitLock() {
        Core core = Machines.boot(5);
        RwLock l = new RwLock("rwlock");
        List<Task> writers = new ArrayList<>();
        Holders h = new Holders(l, writers);
        core.trace.add(h);
        writers.add(spawn(core, "w0", writer(l, 0, 5 * MS), 0));
        writers.add(spawn(core, "w1", writer(l, MS, 500 * US), 1));
        writers.add(spawn(core, "w2", writer(l, 2 * MS, 500 * US), 2));
        spawn(core, "r", reader(l, 3 * MS, 500 * US), 3);
        writers.add(spawn(core, "w3", writer(l, 4 * MS, 500 * US), 4));
        Machines.run(core, 4 * MS + 500 * US);
        assertEquals(3, l.queued(), "w2, r and w3 queue on wait_lock; w1 holds it and waits for w0");
        assertEquals(RwLock._QW_LOCKED | RwLock._QW_WAITING, l.cnts());
        Machines.run(core, 20 * MS);
        assertEquals(List.of("w0", "w1", "w2", "r", "w3"), h.order);
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertEquals(0, l.cnts());
        assertNull(l.owner());
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /** A SCHED_FIFO task waking on the reader's CPU waits for read_unlock(): the holder is never switched out. */
    @Test
    void theHolderIsNotPreemptedEvenByAnRtTask() {
        Core core = Machines.boot(2);
        RwLock l = new RwLock("rwlock");
        Holders h = new Holders(l, List.of());
        core.trace.add(h);
        long[] unlockedAt = {-1};
        long[] rtRanAt = {-1};
        core.trace.add(new Trace.Listener() {
            @Override
            public void lockReleased(long now, int cpu, Task p, Lock lock) {
                if (lock == l) unlockedAt[0] = now;
            }

            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                if (next.comm.equals("rt") && now > MS && rtRanAt[0] < 0) rtRanAt[0] = now;
            }
        });
        spawn(core, "r", reader(l, 0, 5 * MS), 0);
        Task rt = core.createTask("rt", CpuMask.of(0), core.rootTaskGroup,
                new org.proxytorture.kernel.program.ProgramFrame(Program.builder("rt").sleep(MS).run(MS).exit().build()));
        Machines.makeFifo(core, rt, 50);
        core.wakeUpNewTask(rt);
        Machines.run(core, 10 * MS);
        assertTrue(unlockedAt[0] > 5 * MS, "the reader held it for its 5 ms");
        assertTrue(rtRanAt[0] >= unlockedAt[0], "the RT task woken at 1 ms ran only after read_unlock(): " + rtRanAt[0] + " vs " + unlockedAt[0]);
        assertTrue(rtRanAt[0] - unlockedAt[0] < 50 * US, "and at once then, when preempt_enable() took the pending reschedule");
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }
}
