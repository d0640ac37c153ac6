package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.mem.SharedWord;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.rcu.RcuSync;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.WakeQ;

/**
 * struct percpu_rw_semaphore (kernel/locking/percpu-rwsem.c, include/linux/percpu-rwsem.h):
 * readers count themselves in a per-CPU read_count, with no shared cache line, while the
 * rcu_sync {@code rss} is idle; a writer first makes rcu_sync non-idle (one grace period), which
 * sends readers to the slow path, then sets {@code block} (writer-writer exclusion, and new
 * readers wait) and sleeps on the rcuwait {@code writer} until the per-CPU sum drains to zero.
 * Blocked readers and writers sleep FIFO on the {@code waiters} wait queue, and
 * percpu_up_write() wakes readers until it has woken one writer. A reader may decrement on
 * another CPU than it incremented on: only the sum means anything. Readers and writers sleep
 * when they wait, and hold it preemptibly. The operations are {@link PercpuDownReadFrame},
 * {@link PercpuUpReadFrame}, {@link PercpuDownWriteFrame} and {@link PercpuUpWriteFrame}.
 */
public final class PercpuRwSemaphore implements Lock, RwLockLike {
    /** A wait_queue_entry on sem->waiters (WQ_FLAG_EXCLUSIVE; WQ_FLAG_CUSTOM for a reader). */
    static final class Waiter {
        /**
         * wq_entry.private: the task, until percpu_rwsem_wake_function() took the lock for it and
         * stored NULL with smp_store_release(); the sleeper reads it with smp_load_acquire().
         */
        final org.proxytorture.kernel.mem.SharedRef<Task> task;
        final Task waiter;
        final boolean reader;

        Waiter(Task task, boolean reader) {
            this.task = new org.proxytorture.kernel.mem.SharedRef<>(task);
            this.waiter = task;
            this.reader = reader;
        }
    }

    public final String name;
    /** sem->rss */
    public final RcuSync rss;
    /**
     * sem->read_count: this_cpu_inc()/this_cpu_dec() of an unsigned int, each CPU's written by that
     * CPU only (latest() is exact for it), read by the writer through the memory model; only the
     * sum is meaningful.
     */
    final SharedWord[] readCount;
    /** sem->writer: the rcuwait's task, while percpu_down_write() waits for readers to drain. */
    Task writer;
    /** sem->waiters.lock */
    public final RawSpinLock waitersLock;
    /** sem->waiters: FIFO, every entry exclusive. */
    final ArrayList<Waiter> waiters = new ArrayList<>(4);
    /** sem->block: atomic_t, read by readers with atomic_read_acquire(). */
    final SharedWord block = new SharedWord(0);
    private final Core core;

    public long acquisitions;
    public long contentions;

    /** percpu_init_rwsem() */
    public PercpuRwSemaphore(Core core, String name) {
        this.name = name;
        this.rss = new RcuSync(core, name);
        this.core = core;
        this.readCount = new SharedWord[core.nrCpus()];
        for (int c = 0; c < readCount.length; c++) readCount[c] = new SharedWord(0);
        this.waitersLock = new RawSpinLock("waiters.lock:" + name);
    }

    /** this_cpu_add(*sem->read_count, d) on {@code cpu}: a plain store of that CPU's own counter. */
    void thisCpuAdd(int cpu, int d) {
        core.mem.store(cpu, readCount[cpu], readCount[cpu].latest() + d);
    }

    /**
     * __percpu_down_read_trylock() up to rcuwait_wake_up()'s smp_mb(): the caller prods the writer
     * (reads sem->writer and wakes it) when it fails.
     */
    boolean downReadTrylock(int cpu) {
        thisCpuAdd(cpu, 1); // this_cpu_inc()
        // S14 (inject): the barrier A weakened to smp_rmb(): the inc may still sit in the store buffer when the writer sums
        if (core.faults.s14) core.mem.smpRmb(cpu);
        else core.mem.smpMb(cpu); // smp_mb(): A matches D
        if (core.mem.loadAcquire(cpu, block) == 0) return true; // atomic_read_acquire(&sem->block): the critical section starts here
        thisCpuAdd(cpu, -1);
        // rcuwait_wake_up(&sem->writer) begins with smp_mb() (B): the dec is visible before the
        // caller reads sem->writer, or a writer that registered meanwhile reads the old count and
        // sleeps with nobody to wake it (found by the lost-wakeup checker when this was missing)
        core.mem.smpMb(cpu);
        return false;
    }

    /** __percpu_down_write_trylock(): writer-writer exclusion; the xchg is D (a full barrier). */
    boolean downWriteTrylock(int cpu) {
        if (core.mem.load(cpu, block) != 0) return false; // atomic_read(&sem->block)
        return core.mem.xchg(cpu, block, 1) == 0;
    }

    /** per_cpu_sum(*sem->read_count) as it is (for the checkers). */
    public long readSum() {
        long s = 0;
        for (SharedWord c : readCount) s += (int) c.latest();
        return s;
    }

    /**
     * readers_active_check() after rcuwait_wait_event()'s set_current_state() (a full barrier):
     * per_cpu_sum() read by the writer's CPU, where a reader's inc or dec may not have arrived yet;
     * then smp_mb() (B matches C).
     */
    boolean readersActiveCheck(int cpu) {
        core.mem.smpMb(cpu); // set_current_state(): smp_store_mb()
        long s = 0;
        for (SharedWord c : readCount) s += (int) core.mem.load(cpu, c);
        if (s != 0) return false;
        core.mem.smpMb(cpu);
        return true;
    }

    /**
     * __wake_up(&amp;sem->waiters, TASK_NORMAL, 1, sem) with percpu_rwsem_wake_function(): waiters.lock
     * held. In FIFO order, take the lock for each waiter (a reader's read_count goes up on the
     * waker's CPU) and queue it for wakeup, until a trylock fails or a writer was woken. A reader
     * whose trylock fails prods the rcuwait writer, which is queued too.
     */
    void wakeUp(int cpu, WakeQ wake) {
        while (!waiters.isEmpty()) {
            Waiter w = waiters.get(0);
            boolean got = w.reader ? downReadTrylock(cpu) : downWriteTrylock(cpu);
            if (!got) { // concurrent against percpu_down_write(), can get stolen
                if (w.reader && writer != null) wake.add(writer);
                return;
            }
            waiters.remove(0); // list_del_init(&wq_entry->entry)
            Task p = w.task.latest(); // waiters.lock held
            core.mem.storeRelease(cpu, w.task, null); // smp_store_release(&wq_entry->private, NULL)
            wake.add(p);
            if (!w.reader) return; // wake (readers until) 1 writer
        }
    }

    /** percpu_is_write_locked(): sem->block. */
    @Override
    public boolean writeLocked() {
        return block.latest() != 0;
    }

    /** The per-CPU read_count sum: the readers inside. */
    @Override
    public long readers() {
        return readSum();
    }

    /** The tasks on sem->waiters, in order, and whether each waits to read or to write. */
    public List<String> waiters() {
        List<String> out = new ArrayList<>(waiters.size());
        for (Waiter w : waiters) out.add((w.reader ? "R:" : "W:") + w.waiter.comm); // coverage: not model (a view for checkers)
        return out;
    }

    /** The task at the head of sem->waiters, or null (for the checkers). */
    public Task firstWaiterTask() {
        return waiters.isEmpty() ? null : waiters.get(0).waiter; // coverage: not model (a view for checkers)
    }

    /** The tasks on sem->waiters, readers and writers, in queue order. */
    public List<Task> waiterTasks() {
        List<Task> out = new ArrayList<>(waiters.size());
        for (Waiter w : waiters) out.add(w.waiter);
        return out;
    }

    /** Whether t is queued on sem->waiters (one that percpu_rwsem_wake_function() took the lock for is not). */
    public boolean isWaiting(Task t) {
        for (Waiter w : waiters) if (w.waiter == t) return true;
        return false;
    }

    /** The task waiting in percpu_down_write() for the readers to drain, or null. */
    public Task rcuwaitWriter() {
        return writer;
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
        return v.percpuRwSemaphore(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
