package org.proxytorture.kernel.locking;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.WakeQ;
import org.proxytorture.kernel.sched.Weights;

/**
 * struct rw_semaphore (kernel/locking/rwsem.c, !PREEMPT_RT): the count word (writer-locked bit,
 * waiters and handoff flags, reader count from bit 8), the owner (a writer, or the last reader
 * with RWSEM_READER_OWNED), and the FIFO wait list under wait_lock. Waiters sleep off the
 * runqueue; readers at the head of the queue are woken as a batch with their read locks
 * already granted; a writer waits until the readers drain, and after RWSEM_WAIT_TIMEOUT (or at
 * once if RT) sets RWSEM_FLAG_HANDOFF so that no one steals the lock from it. The operations are
 * {@link RwSemDownReadFrame}, {@link RwSemDownWriteFrame} and {@link RwSemUpFrame}.
 * Simplified: no optimistic spinning (as with CONFIG_RWSEM_SPIN_ON_OWNER=n), so
 * RWSEM_FLAG_NONSPINNABLE is not modelled.
 */
public final class RwSemaphore implements Lock, RwLockLike {
    public static final long RWSEM_WRITER_LOCKED = 1L << 0;
    public static final long RWSEM_FLAG_WAITERS = 1L << 1;
    public static final long RWSEM_FLAG_HANDOFF = 1L << 2;
    public static final long RWSEM_FLAG_READFAIL = 1L << 7;
    public static final int RWSEM_READER_SHIFT = 8;
    public static final long RWSEM_READER_BIAS = 1L << RWSEM_READER_SHIFT;
    public static final long RWSEM_READER_MASK = ~(RWSEM_READER_BIAS - 1);
    public static final long RWSEM_WRITER_MASK = RWSEM_WRITER_LOCKED;
    public static final long RWSEM_LOCK_MASK = RWSEM_WRITER_MASK | RWSEM_READER_MASK;
    public static final long RWSEM_READ_FAILED_MASK = RWSEM_WRITER_MASK | RWSEM_FLAG_WAITERS | RWSEM_FLAG_HANDOFF | RWSEM_FLAG_READFAIL;
    static final int MAX_READERS_WAKEUP = 0x100;

    enum WakeType { RWSEM_WAKE_ANY, RWSEM_WAKE_READERS, RWSEM_WAKE_READ_OWNED }

    /** struct rwsem_waiter */
    static final class Waiter {
        final Task task;
        final boolean write;
        /** jiffies + RWSEM_WAIT_TIMEOUT */
        final long timeout;
        boolean handoffSet;
        /**
         * waiter->task == NULL (1 here): a reader whose lock rwsem_mark_wake() granted, stored with
         * smp_store_release() under wait_lock, read by the sleeper with smp_load_acquire().
         */
        final org.proxytorture.kernel.mem.SharedWord granted = new org.proxytorture.kernel.mem.SharedWord(0);

        Waiter(Task task, boolean write, long timeout) {
            this.task = task;
            this.write = write;
            this.timeout = timeout;
        }
    }

    public final String name;
    final Core core;
    public long count;
    /** sem->owner: the writer, or the last reader (with RWSEM_READER_OWNED). */
    Task owner;
    boolean readerOwned;
    public final RawSpinLock waitLock;
    final ArrayList<Waiter> waitList = new ArrayList<>(4);

    public long acquisitions;
    public long contentions;

    public RwSemaphore(Core core, String name) {
        this.core = core;
        this.name = name;
        this.waitLock = new RawSpinLock("wait_lock:" + name, "&sem->wait_lock");
    }

    long jiffies() {
        return core.now() / core.tickNsec;
    }

    /** RWSEM_WAIT_TIMEOUT: DIV_ROUND_UP(HZ, 250) jiffies. */
    long waitTimeout() {
        return jiffies() + (core.hz + 249) / 250;
    }

    /** The number of readers holding it (count >> RWSEM_READER_SHIFT). */
    @Override
    public long readers() {
        return count >> RWSEM_READER_SHIFT;
    }

    @Override
    public boolean writeLocked() {
        return (count & RWSEM_WRITER_LOCKED) != 0;
    }

    /** The waiting tasks, in queue order, and whether each waits for write. */
    public List<String> waiters() {
        List<String> out = new ArrayList<>(waitList.size());
        for (Waiter w : waitList) out.add((w.write ? "W:" : "R:") + w.task.comm); // coverage: not model (a view for checkers)
        return out;
    }

    Waiter firstWaiter() {
        return waitList.isEmpty() ? null : waitList.get(0);
    }

    /** rwsem_first_waiter()'s task, or null (for the checkers). */
    public Task firstWaiterTask() {
        return waitList.isEmpty() ? null : waitList.get(0).task;
    }

    /** The queued tasks that wait to write ({@code write}) or to read, in queue order. */
    public List<Task> waiterTasks(boolean write) {
        List<Task> out = new ArrayList<>(waitList.size());
        for (Waiter w : waitList) if (w.write == write) out.add(w.task);
        return out;
    }

    /** Whether t is queued on sem->wait_list (a reader that rwsem_mark_wake() granted is not). */
    public boolean isWaiting(Task t) {
        for (Waiter w : waitList) if (w.task == t) return true;
        return false;
    }

    /** rwsem_owner() when a writer holds it: the writer, else null (the kernel does not track readers one by one). */
    public Task writer() {
        return writeLocked() && !readerOwned ? owner : null; // coverage: not model (a view for checkers)
    }

    /** rwsem_set_owner() */
    void setOwner(Task p) {
        owner = p;
        readerOwned = false;
    }

    /** __rwsem_set_reader_owned() */
    void setReaderOwned(Task p) {
        owner = p;
        readerOwned = true;
    }

    /**
     * rwsem_mark_wake(): wait_lock held. A writer at the head is only queued for wakeup (with
     * RWSEM_WAKE_ANY; it takes the lock itself). Readers at the head get their read locks here:
     * up to MAX_READERS_WAKEUP readers anywhere in the queue (phase-fair), unless a writer holds
     * it, in which case a reader waiting past its timeout sets RWSEM_FLAG_HANDOFF.
     */
    void markWake(WakeType wakeType, WakeQ wakeQ) {
        Waiter waiter = firstWaiter();
        if (waiter.write) {
            if (wakeType == WakeType.RWSEM_WAKE_ANY) wakeQ.add(waiter.task);
            return;
        }
        if (count < 0) return; // too many readers already
        long adjustment = 0;
        if (wakeType != WakeType.RWSEM_WAKE_READ_OWNED) {
            adjustment = RWSEM_READER_BIAS;
            long oldcount = count;
            count += adjustment;
            if ((oldcount & RWSEM_WRITER_MASK) != 0) {
                if (jiffies() > waiter.timeout) { // time_after(jiffies, waiter->timeout)
                    if ((oldcount & RWSEM_FLAG_HANDOFF) == 0) adjustment -= RWSEM_FLAG_HANDOFF;
                    waiter.handoffSet = true;
                }
                count -= adjustment;
                return;
            }
            setReaderOwned(waiter.task);
        }
        ArrayList<Waiter> wlist = new ArrayList<>(4);
        for (int i = 0; i < waitList.size(); ) {
            Waiter w = waitList.get(i);
            if (w.write) {
                i++;
                continue;
            }
            waitList.remove(i);
            wlist.add(w);
            if (wlist.size() >= MAX_READERS_WAKEUP) break;
        }
        adjustment = wlist.size() * RWSEM_READER_BIAS - adjustment;
        long oldcount = count;
        if (waitList.isEmpty()) {
            adjustment -= RWSEM_FLAG_WAITERS;
            if ((oldcount & RWSEM_FLAG_HANDOFF) != 0) adjustment -= RWSEM_FLAG_HANDOFF;
        } else if (!wlist.isEmpty()) {
            if ((oldcount & RWSEM_FLAG_HANDOFF) != 0) adjustment -= RWSEM_FLAG_HANDOFF;
        }
        count += adjustment;
        for (Waiter w : wlist) { // 2nd pass: smp_store_release(&waiter->task, NULL); wake_q_add_safe()
            core.mem.storeRelease(core.thisCpuId(), w.granted, 1);
            wakeQ.add(w.task);
        }
    }

    /** rwsem_cond_wake_waiter(): wait_lock held. */
    void condWakeWaiter(long c, WakeQ wakeQ) {
        if ((c & RWSEM_WRITER_MASK) != 0) return;
        markWake((c & RWSEM_READER_MASK) != 0 ? WakeType.RWSEM_WAKE_READERS : WakeType.RWSEM_WAKE_ANY, wakeQ);
    }

    /**
     * rwsem_try_write_lock(): wait_lock held. Takes the lock if it is free (unless the first
     * waiter set the handoff for itself), or sets RWSEM_FLAG_HANDOFF if this waiter is RT or has
     * waited past its timeout; on success the waiter leaves the list.
     */
    boolean tryWriteLock(Waiter waiter) {
        Waiter first = firstWaiter();
        long c = count;
        boolean hasHandoff = (c & RWSEM_FLAG_HANDOFF) != 0;
        if (hasHandoff && first.handoffSet && waiter != first) return false;
        long n = c;
        if ((c & RWSEM_LOCK_MASK) != 0) {
            boolean rt = waiter.task.prio < Weights.MAX_RT_PRIO; // rt_or_dl_task()
            if (hasHandoff || (!rt && !(jiffies() > waiter.timeout))) return false;
            n |= RWSEM_FLAG_HANDOFF;
        } else {
            n |= RWSEM_WRITER_LOCKED;
            n &= ~RWSEM_FLAG_HANDOFF;
            // S11 (inject): off by one: the writer clears RWSEM_FLAG_WAITERS while one more waiter is still queued
            if (waitList.size() == 1 || core.faults.s11 && waitList.size() == 2) n &= ~RWSEM_FLAG_WAITERS;
        }
        count = n;
        if ((n & RWSEM_FLAG_HANDOFF) != 0) {
            first.handoffSet = true;
            core.coverage.hit("rwsem_wlock_handoff");
            return false;
        }
        waitList.remove(waiter);
        setOwner(waiter.task);
        return true;
    }

    @Override
    public String lockClassName() {
        return name;
    }

    @Override
    public long acquisitions() {
        return acquisitions;
    }

    @Override
    public RwLockLike rw() {
        return this;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
        return v.rwSemaphore(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
