package org.proxytorture.kernel.locking;

import java.util.ArrayDeque;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.SpinWaiters;
import org.proxytorture.kernel.sched.Task;

/**
 * A spinlock_t / raw_spinlock_t taken by kernel code as a lock of its own (locktorture's
 * torture_spinlock), held across many sections, unlike the {@link
 * org.proxytorture.kernel.cpu.RawSpinLock}s that atomic sections take for their duration.
 * Queued spinlock (kernel/locking/qspinlock.c): contenders queue FIFO (the MCS queue) and the
 * queue head takes the lock when it is released; waiting CPUs spin with preemption disabled.
 * This is the !PREEMPT_RT spinlock (under PREEMPT_RT spin_lock() is a sleeping rt lock).
 * Simplified: the pending bit and the locked-byte handover are folded into FIFO order.
 */
public final class SpinLock implements Lock {
    public final String name;
    /** The locked byte, with the holder for checks. */
    Task owner;
    /**
     * The MCS queue (one node per spinning CPU): the head spins on the lock word and is woken
     * by the unlock; the others spin on their own node and are woken when they become the head.
     */
    final ArrayDeque<SpinWaiters> queue = new ArrayDeque<>(4);

    /** Wakes the queue head's CPU to re-check the lock word. */
    void kickHead() {
        SpinWaiters head = queue.peek();
        if (head != null) head.wakeAll();
    }

    /** queued_spin_lock() fast path: takes a free lock nobody queues for. */
    boolean tryLockFast(Task p) {
        if (owner != null || !queue.isEmpty()) return false;
        owner = p;
        acquisitions++;
        return true;
    }

    /** queued_spin_lock_slowpath(): joins the MCS queue with this CPU's node, which it then spins on. */
    void enqueue(SpinWaiters node, Cpu cpu) {
        queue.add(node);
        contentions++;
        node.add(cpu);
    }

    /** A queued CPU re-checks: at the head of the queue with the lock free, it takes the lock. */
    boolean tryLockQueued(Task p, SpinWaiters node, Cpu cpu) {
        if (owner == null && queue.peek() == node) {
            queue.poll();
            kickHead(); // the next node becomes the head and spins on the lock word
            owner = p;
            acquisitions++;
            return true;
        }
        node.add(cpu);
        return false;
    }

    /** queued_spin_unlock(): clears the locked byte; the queue head sees it. */
    void unlock() {
        owner = null;
        kickHead();
    }

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
    public <R> R accept(Visitor<R> v) {
        return v.spinLock(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
