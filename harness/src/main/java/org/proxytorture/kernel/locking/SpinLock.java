package org.proxytorture.kernel.locking;

import java.util.ArrayDeque;
import org.proxytorture.kernel.sched.SpinWaiters;
import org.proxytorture.kernel.sched.Task;

/**
 * A spinlock_t / raw_spinlock_t taken by kernel code as a lock of its own (locktorture's
 * torture_spinlock), held across many sections, unlike the {@link
 * org.proxytorture.kernel.sched.RawSpinLock}s that atomic sections take for their duration.
 * Queued spinlock (kernel/locking/qspinlock.c): contenders queue FIFO (the MCS queue) and the
 * queue head takes the lock when it is released; waiting CPUs spin with preemption disabled.
 * This is the !PREEMPT_RT spinlock (under PREEMPT_RT spin_lock() is a sleeping rt lock).
 * Simplified: the pending bit and the locked-byte handover are folded into FIFO order.
 */
public final class SpinLock {
    public final String name;
    /** The locked byte, with the holder for checks. */
    Task owner;
    /** The MCS queue of spinning tasks (one node per spinning CPU). */
    final ArrayDeque<Task> queue = new ArrayDeque<>(4);
    /** Spinning CPUs, woken to re-check when the lock word changes. */
    final SpinWaiters spinners = new SpinWaiters();

    public long acquisitions;
    public long contentions;

    public SpinLock(String name) {
        this.name = name;
    }

    public Task owner() {
        return owner;
    }

    public int queued() {
        return queue.size();
    }

    @Override
    public String toString() {
        return name;
    }
}
