package org.proxytorture.kernel.locking;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.sched.Task;

/**
 * struct rt_mutex_base (kernel/locking/rtmutex.c, !PREEMPT_RT): the owner with the
 * RT_MUTEX_HAS_WAITERS bit, wait_lock, and the waiters ordered by rt_waiter_node_less() (prio,
 * then FIFO). Waiters sleep off the runqueue (an rt_mutex is not proxy-executed); the owner runs
 * at the prio of its top pi waiter (priority inheritance through rt_mutex_adjust_prio_chain()).
 * The operations are {@link RtMutexLockFrame}, {@link RtMutexUnlockFrame} and
 * {@link RtMutexChainWalk}.
 */
public final class RtMutex implements Lock {
    public final String name;
    final Core core;
    public final RawSpinLock waitLock;
    /** rt_mutex_owner(lock): lock->owner without the waiters bit. */
    Task owner;
    /** RT_MUTEX_HAS_WAITERS: bit 0 of lock->owner; forces lock and unlock into the slow paths. */
    boolean hasWaitersBit;
    /** lock->waiters (an rb-tree in the kernel): kept sorted, top waiter first. */
    final ArrayList<RtMutexWaiter> waiters = new ArrayList<>(4);
    private long seq;

    /** lock_stat-like counters. */
    public long acquisitions;
    public long contentions;

    public RtMutex(Core core, String name) {
        this.core = core;
        this.name = name;
        this.waitLock = new RawSpinLock("wait_lock:" + name, "&rt_mutex->wait_lock");
    }

    /** rt_mutex_owner() */
    public Task owner() {
        return owner;
    }

    public boolean hasWaitersBit() {
        return hasWaitersBit;
    }

    /** rt_mutex_has_waiters() */
    public boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** rt_mutex_top_waiter(), or null. */
    public RtMutexWaiter topWaiter() {
        return waiters.isEmpty() ? null : waiters.get(0);
    }

    /** The waiting tasks, top waiter first. */
    public List<Task> waiters() {
        List<Task> out = new ArrayList<>(waiters.size());
        for (RtMutexWaiter w : waiters) out.add(w.task);
        return out;
    }

    /** rt_mutex_enqueue(): wait_lock held. */
    void enqueue(RtMutexWaiter w) {
        w.seq = ++seq;
        int i = 0;
        while (i < waiters.size() && !RtMutexWaiter.less(w.prio, w.seq, waiters.get(i).prio, waiters.get(i).seq)) i++;
        waiters.add(i, w);
    }

    /** rt_mutex_dequeue(): wait_lock held. */
    void dequeue(RtMutexWaiter w) {
        waiters.remove(w);
    }

    /** rt_mutex_enqueue_pi(): the owner's pi_lock held. */
    static void enqueuePi(Task owner, RtMutexWaiter w) {
        ArrayList<RtMutexWaiter> pw = owner.piWaiters;
        long last = 0;
        for (RtMutexWaiter x : pw) last = Math.max(last, x.piSeq);
        w.piSeq = last + 1; // after every equal key: FIFO, as rb_add_cached() inserts equal keys to the right
        int i = 0;
        while (i < pw.size() && !RtMutexWaiter.less(w.piPrio, w.piSeq, pw.get(i).piPrio, pw.get(i).piSeq)) i++;
        pw.add(i, w);
    }

    /** rt_mutex_dequeue_pi(): the owner's pi_lock held. */
    static void dequeuePi(Task owner, RtMutexWaiter w) {
        owner.piWaiters.remove(w);
    }

    /** task_top_pi_waiter(), or null. */
    public static RtMutexWaiter topPiWaiter(Task p) {
        return p.piWaiters.isEmpty() ? null : p.piWaiters.get(0);
    }

    /** task_blocked_on_lock(): the rt_mutex p waits for, or null. */
    static RtMutex blockedOnLock(Task p) {
        return p.piBlockedOn == null ? null : p.piBlockedOn.lock;
    }

    /**
     * try_to_take_rt_mutex(): wait_lock and task->pi_lock held. Marks the lock as having
     * waiters; fails if it is owned, or (for a queued waiter) if it is not the top waiter, or
     * (for a new comer) if it cannot steal: only a strictly higher prio steals (no lateral steal
     * outside RT_MUTEX_BUILD_SPINLOCKS). The new owner takes the top waiter into its pi_waiters.
     */
    boolean tryToTake(Task task, RtMutexWaiter waiter) {
        hasWaitersBit = true; // mark_rt_mutex_waiters()
        if (owner != null) return false;
        if (waiter != null) {
            if (waiter != topWaiter()) return false;
            dequeue(waiter);
        } else if (hasWaiters()) {
            RtMutexWaiter top = topWaiter();
            if (!(task.prio < top.prio)) return false; // rt_mutex_steal()
        } else {
            owner = task; // takeit
            return true;
        }
        // S10 (inject): a waiter that takes the lock keeps task->pi_blocked_on pointing at its old waiter
        if (!core.faults.s10) task.piBlockedOn = null;
        if (hasWaiters()) enqueuePi(task, topWaiter());
        owner = task;
        return true;
    }

    /** fixup_rt_mutex_waiters(lock, true): no waiters left, clear the bit. wait_lock held. */
    void fixupWaiters() {
        if (!hasWaiters()) hasWaitersBit = false;
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
    public <R> R accept(Visitor<R> v) {
        return v.rtMutex(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
