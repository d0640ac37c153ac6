package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.cpu.SpinWaiters;
import org.proxytorture.kernel.sched.Task;

/**
 * rwlock_t as struct qrwlock (include/asm-generic/qrwlock.h, kernel/locking/qrwlock.c,
 * !PREEMPT_RT): the lock word {@code cnts} (the writer's locked byte _QW_LOCKED, the
 * _QW_WAITING bit, and the reader count from bit _QR_SHIFT) and the internal arch_spinlock_t
 * {@code wait_lock}, a queued spinlock whose FIFO order makes the rwlock fair: a reader or writer
 * that cannot take the lock at once queues on wait_lock, and a writer at the head of that queue
 * sets _QW_WAITING, which sends every later reader into the queue behind it. Readers and writers
 * spin with preemption disabled, so a holder is never scheduled out. The operations are
 * {@link RwLockReadFrame}, {@link RwLockWriteFrame} and {@link RwUnlockFrame}.
 * Simplified: no readers in interrupt context (the in_interrupt() branch of
 * queued_read_lock_slowpath(), which lets a reader past a waiting writer, is never taken).
 */
public final class RwLock implements Lock, RwLockLike {
    public static final int _QW_WAITING = 0x100;
    public static final int _QW_LOCKED = 0x0ff;
    public static final int _QW_WMASK = 0x1ff;
    public static final int _QR_SHIFT = 9;
    public static final int _QR_BIAS = 1 << _QR_SHIFT;

    public final String name;
    /** lock->cnts */
    int cnts;
    /** lock->wait_lock: an arch_spinlock_t, taken without lockdep or preempt_disable() of its own. */
    final SpinLock waitLock;
    /**
     * rwlock_t's owner under CONFIG_DEBUG_SPINLOCK (debug_write_lock_after()): the writer, for
     * the "recursion" and "wrong owner" checks.
     */
    Task owner;
    /** CPUs spinning on cnts (atomic_cond_read_*()): they re-check when it changes. */
    final SpinWaiters cntsWaiters = new SpinWaiters();

    public long acquisitions;
    public long contentions;

    public RwLock(String name) {
        this.name = name;
        this.waitLock = new SpinLock("wait_lock:" + name);
    }

    /** An atomic update of cnts; CPUs spinning on it see the change. */
    void setCnts(int v) {
        if (v == cnts) return;
        cnts = v;
        cntsWaiters.wakeAll();
    }

    public int cnts() {
        return cnts;
    }

    /** A writer holds it (the locked byte is _QW_LOCKED). */
    @Override
    public boolean writeLocked() {
        return (cnts & _QW_LOCKED) == _QW_LOCKED;
    }

    /** A writer waits at the head of the queue (_QW_WAITING). */
    public boolean writerWaiting() {
        return (cnts & _QW_WAITING) != 0; // coverage: not model (a view for checkers)
    }

    /** cnts >> _QR_SHIFT: the readers holding it, and those briefly counted while they try. */
    @Override
    public long readers() {
        return cnts >>> _QR_SHIFT;
    }

    public Task owner() {
        return owner;
    }

    /** CPUs queued on wait_lock (the holder of wait_lock is not counted). */
    public int queued() {
        return waitLock.queued();
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
    public boolean sleeps() {
        return false;
    }

    @Override
    public RwLockLike rw() {
        return this;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
        return v.rwLock(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
