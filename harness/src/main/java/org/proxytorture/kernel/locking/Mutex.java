package org.proxytorture.kernel.locking;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.sched.Task;

/**
 * struct mutex (kernel/locking/mutex.c): the owner word holds the owner's task with
 * MUTEX_FLAG_WAITERS / HANDOFF / PICKUP in its low bits (here: pid << 3 | flags); wait_lock
 * protects the FIFO wait list. The operations are {@link MutexLockFrame} and
 * {@link MutexUnlockFrame}.
 */
public final class Mutex implements Lock {
    public static final long MUTEX_FLAG_WAITERS = 0x01;
    public static final long MUTEX_FLAG_HANDOFF = 0x02;
    public static final long MUTEX_FLAG_PICKUP = 0x04;
    public static final long MUTEX_FLAGS = 0x07;

    /**
     * PROXY_WAKING ((struct mutex *)(-1L), Linux 7.1 only): stored in blocked_on, "no longer
     * blocked but must be evaluated for return migration before it can run".
     */
    public static final Mutex PROXY_WAKING = new Mutex(null, "PROXY_WAKING", new LockClass("PROXY_WAKING"));

    public final String name;
    public final LockClass lockClass;
    final Core core;
    /** atomic_long_t owner */
    public long owner;
    public final RawSpinLock waitLock;
    /** ww_mutex::ctx: the transaction holding this lock as a ww_mutex, or null. */
    public WwAcquireCtx wwCtx;

    /** Optimistic spinners waiting for the owner word to change. */
    public final org.proxytorture.kernel.cpu.SpinWaiters spinners = new org.proxytorture.kernel.cpu.SpinWaiters();
    MutexWaiter first;
    MutexWaiter last;
    int nrWaiters;

    /** lock_stat-like counters. */
    public long acquisitions;
    public long contentions;

    public Mutex(Core core, String name, LockClass lockClass) {
        this.core = core;
        this.name = name;
        this.lockClass = lockClass;
        this.waitLock = new RawSpinLock("wait_lock:" + name, "&mutex->wait_lock");
    }

    static long ownerWord(Task t, long flags) {
        return t == null ? flags : ((long) t.pid << 3) | flags;
    }

    /** Stores the owner word; spinners re-check it. */
    void setOwner(long word) {
        owner = word;
        spinners.wakeAll();
    }

    /** __mutex_owner(): the owning task, flags masked off; null when unlocked. */
    public Task owner() {
        return ownerTask(owner);
    }

    Task ownerTask(long word) {
        int pid = (int) (word >>> 3);
        return pid == 0 ? null : core.tasks.get(pid);
    }

    public long flags() {
        return owner & MUTEX_FLAGS;
    }

    /** lock->first_waiter's task, or null. */
    public Task firstWaiter() {
        return first == null ? null : first.task;
    }

    /** The waiters' tasks, in FIFO order. */
    public List<Task> waiters() {
        List<Task> out = new ArrayList<>(nrWaiters);
        for (MutexWaiter w = first; w != null; w = w.next) out.add(w.task);
        return out;
    }

    /**
     * __mutex_trylock_common(): takes the lock if it is free or was handed to {@code curr}
     * (PICKUP); with {@code handoff}, a waiter that fails asks for a handoff. Null means acquired.
     */
    Task trylockCommon(Task curr, boolean handoff) {
        long word = owner;
        long flags = word & MUTEX_FLAGS;
        Task task = ownerTask(word);
        if (task != null) {
            if ((flags & MUTEX_FLAG_PICKUP) != 0) {
                if (task != curr) return task;
                // S06 (inject): the waiter picking up a handoff keeps MUTEX_FLAG_PICKUP in the owner word
                if (!core.faults.s06) flags &= ~MUTEX_FLAG_PICKUP;
            } else if (handoff) {
                if ((flags & MUTEX_FLAG_HANDOFF) != 0) return task;
                owner = word | MUTEX_FLAG_HANDOFF;
                return task;
            } else {
                return task;
            }
        } else {
            core.warnOnce((flags & (MUTEX_FLAG_HANDOFF | MUTEX_FLAG_PICKUP)) != 0, "MUTEX_WARN_ON(flags & (HANDOFF|PICKUP)) on a free mutex");
            task = curr;
        }
        owner = ownerWord(task, flags);
        return task == curr ? null : task;
    }

    /** __mutex_trylock() */
    boolean trylock(Task curr) {
        return trylockCommon(curr, false) == null;
    }

    /** __mutex_trylock_fast(): owner 0 -> current, nothing else. */
    boolean trylockFast(Task curr) {
        if (owner != 0) return false;
        owner = ownerWord(curr, 0);
        return true;
    }

    /** __mutex_add_waiter(): FIFO; the first waiter sets MUTEX_FLAG_WAITERS. wait_lock held. */
    void addWaiter(MutexWaiter w) {
        w.prev = last;
        w.next = null;
        if (last == null) first = w;
        else last.next = w;
        last = w;
        w.queued = true;
        w.task.waitingOn = this;
        nrWaiters++;
        if (first == w) owner |= MUTEX_FLAG_WAITERS;
    }

    /** Inserts w before {@code before} (null: at the tail); the first waiter sets WAITERS. */
    void addWaiterBefore(MutexWaiter w, MutexWaiter before) {
        if (before == null) {
            addWaiter(w);
            return;
        }
        w.next = before;
        w.prev = before.prev;
        if (before.prev == null) first = w;
        else before.prev.next = w;
        before.prev = w;
        w.queued = true;
        w.task.waitingOn = this;
        nrWaiters++;
        owner |= MUTEX_FLAG_WAITERS;
    }

    /** __mutex_remove_waiter(): an empty list clears every flag. wait_lock held. */
    void removeWaiter(MutexWaiter w) {
        // debug_mutex_remove_waiter(); the kernel's list_del() would then corrupt the list
        if (core.warnOnce(!w.queued, "DEBUG_LOCKS_WARN_ON(list_empty(&waiter->list))")) return;
        if (w.prev == null) first = w.next;
        else w.prev.next = w.next;
        if (w.next == null) last = w.prev;
        else w.next.prev = w.prev;
        w.prev = w.next = null;
        w.queued = false;
        w.task.waitingOn = null;
        nrWaiters--;
        // S02 (inject): the last waiter leaves MUTEX_FLAG_WAITERS (and HANDOFF) set
        if (first == null && !core.faults.s02) owner &= ~MUTEX_FLAGS;
    }

    /** __mutex_handoff(): owner = task | PICKUP, WAITERS kept. */
    void handoff(Task curr, Task task) {
        core.warnOnce(ownerTask(owner) != curr, "__mutex_handoff: owner != current");
        core.warnOnce((owner & MUTEX_FLAG_PICKUP) != 0, "__mutex_handoff: PICKUP already set");
        long n = (owner & MUTEX_FLAG_WAITERS) | (task == null ? 0 : ownerWord(task, MUTEX_FLAG_PICKUP));
        setOwner(n);
    }

    @Override
    public String lockClassName() {
        return lockClass.name();
    }

    @Override
    public long acquisitions() {
        return acquisitions;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
        return v.mutex(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
