package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * kernel/locking/rtmutex.c (entry points in rtmutex_api.c): rt_mutex_lock() -> __rt_mutex_lock()
 * -> rt_mutex_slowlock(), TASK_UNINTERRUPTIBLE, as atomic sections (rt_mutex_lock_interruptible():
 * TASK_INTERRUPTIBLE, and a pending signal ends the wait with -EINTR: remove_waiter() in the
 * section that saw it):
 * <pre>
 * FAST     rt_mutex_cmpxchg_acquire(lock, NULL, current)
 * SLOW     [wait_lock, current->pi_lock, owner->pi_lock (+ its rq lock if it is boosted)]
 *          try_to_take_rt_mutex(); set_current_state(); task_blocks_on_rt_mutex(): enqueue the
 *          waiter, pi_blocked_on; if it is the new top waiter, requeue it in the owner's
 *          pi_waiters and rt_mutex_adjust_prio(owner); if the owner is itself blocked, walk the chain
 *            -- interleaving point: wait_lock dropped for rt_mutex_adjust_prio_chain() --
 * CHAIN    one {@link RtMutexChainWalk} section per link
 * BLOCK    [wait_lock, current->pi_lock] rt_mutex_slowlock_block(): try_to_take_rt_mutex() as
 *          the waiter, else schedule() (off the runqueue: rt_mutexes are not proxy-executed)
 * DEADLOCK [wait_lock, current->pi_lock, the owner's] the walk's -EDEADLK: remove_waiter(), then
 *          rt_mutex_handle_deadlock(): WARN, and TASK_INTERRUPTIBLE schedule() for ever
 * </pre>
 * One method per section, named for the kernel function it models (rtMutexSlowlockLocked,
 * taskBlocksOnRtMutex, rtMutexAdjustPrioChain, slowlockBlock..., removeWaiterDeadlock).
 * Simplified: the adaptive spin of rt_mutex_slowlock_block() (rtmutex_spin_on_owner()) is not
 * modelled: a waiter that cannot take the lock always sleeps.
 */
public final class RtMutexLockFrame extends KFrame {
    private static final int FAST = 0, SLOW = 1, CHAIN = 2, BLOCK = 3, WOKEN = 4, DEADLOCK = 5, DEADLOCKED = 6;
    private final RtMutex lock;
    private int pc = FAST;
    private RtMutexWaiter waiter;
    private RtMutexChainWalk walk;
    /** rt_mutex_lock_interruptible(): the wait's state is TASK_INTERRUPTIBLE and a signal ends it. */
    private final boolean interruptible;
    private final int state;
    public static final int EINTR = -4;
    /** 0, or -EINTR (interruptible only: the caller does not hold the lock). */
    public int result;

    public RtMutexLockFrame(RtMutex lock) {
        this(lock, false);
    }

    /** rt_mutex_lock_interruptible(lock) when {@code interruptible}, else rt_mutex_lock(lock). */
    public RtMutexLockFrame(RtMutex lock, boolean interruptible) {
        this.lock = lock;
        this.interruptible = interruptible;
        this.state = interruptible ? TaskState.TASK_INTERRUPTIBLE : TaskState.TASK_UNINTERRUPTIBLE;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        return switch (pc) {
            case FAST -> rtMutexCmpxchgAcquire(core, cpu, p);
            case SLOW -> rtMutexSlowlockLocked(core, cpu, p);
            case CHAIN -> rtMutexAdjustPrioChain(cpu);
            case WOKEN -> slowlockBlockWoken(core, cpu, p);
            case DEADLOCK -> removeWaiterDeadlock(core, cpu, p);
            case DEADLOCKED -> handleDeadlockSleep(core, cpu, p);
            default -> slowlockBlockRelock(core, cpu, p); // BLOCK
        };
    }

    /** FAST: __rt_mutex_lock()'s rt_mutex_cmpxchg_acquire(lock, NULL, current), else rt_mutex_slowlock(). */
    private int rtMutexCmpxchgAcquire(Core core, Cpu cpu, Task p) {
        cpu.cost(core.costs.atomic());
        if (lock.owner == null && !lock.hasWaitersBit) { // rt_mutex_cmpxchg_acquire()
            lock.owner = p;
            return acquired(core, cpu, p);
        }
        pc = SLOW;
        return NEXT;
    }

    /**
     * SLOW: rt_mutex_slowlock(): wait_lock; __rt_mutex_slowlock_locked() -> __rt_mutex_slowlock():
     * try_to_take_rt_mutex(), set_current_state(), task_blocks_on_rt_mutex(). The locks
     * task_blocks_on_rt_mutex() will need (current's and the owner's pi_lock, the owner's rq lock
     * to boost it) are all taken first, so a busy one retries the section before anything changed.
     */
    private int rtMutexSlowlockLocked(Core core, Cpu cpu, Task p) {
        if (!cpu.lock(lock.waitLock) || !cpu.lock(p.piLock)) return SPIN;
        Task owner = lock.owner;
        RtMutexWaiter top = lock.topWaiter();
        boolean newTop = owner != null && (top == null || p.prio < top.prio);
        if (owner != null && owner != p && !cpu.lock(owner.piLock)) return SPIN;
        if (newTop && owner != p) { // rt_mutex_adjust_prio(owner) takes the owner's rq lock
            if (owner.onRq == TaskState.TASK_ON_RQ_MIGRATING) return SPIN;
            if (!cpu.lock(core.taskRq(owner).lock)) return SPIN;
        }
        cpu.cost(core.costs.section());
        if (lock.tryToTake(p, null)) {
            lock.fixupWaiters();
            return acquired(core, cpu, p);
        }
        p.state = state; // set_current_state(state)
        lock.contentions++;
        core.trace.lockContended(core.now(), cpu.id, p, lock);
        return taskBlocksOnRtMutex(core, cpu, p, owner, top);
    }

    /**
     * task_blocks_on_rt_mutex(): enqueue the waiter, pi_blocked_on; a new top waiter is requeued in
     * the owner's pi_waiters and boosts it; a blocked owner starts the chain walk (wait_lock dropped),
     * else rt_mutex_slowlock_block(). {@code top} is the top waiter before ours was queued.
     */
    private int taskBlocksOnRtMutex(Core core, Cpu cpu, Task p, Task owner, RtMutexWaiter top) {
        // early deadlock detection, before enqueueing on itself
        if (owner == p) return handleDeadlock(core, p);
        waiter = new RtMutexWaiter(p, lock);
        waiter.prio = waiter.piPrio = p.prio; // waiter_update_prio(), waiter_clone_prio()
        lock.enqueue(waiter);
        p.piBlockedOn = waiter;
        if (owner == null) return block(core, cpu, p); // the top waiter is woken at unlock
        boolean chainWalk = false;
        if (waiter == lock.topWaiter()) {
            if (top != null) RtMutex.dequeuePi(owner, top);
            RtMutex.enqueuePi(owner, waiter);
            Pi.rtMutexAdjustPrio(core, owner);
            if (owner.piBlockedOn != null) chainWalk = true;
        }
        RtMutex next = RtMutex.blockedOnLock(owner);
        if (!chainWalk || next == null) return block(core, cpu, p);
        // get_task_struct(owner); raw_spin_unlock_irq(&lock->wait_lock); rt_mutex_adjust_prio_chain()
        walk = new RtMutexChainWalk(owner, lock, next, waiter, p);
        pc = CHAIN;
        return NEXT;
    }

    /** CHAIN: rt_mutex_adjust_prio_chain(), one {@link RtMutexChainWalk} section per link. */
    private int rtMutexAdjustPrioChain(Cpu cpu) {
        int r = walk.step(cpu);
        if (r == RtMutexChainWalk.MORE) return NEXT;
        if (r == SPIN) return SPIN;
        walk = null;
        pc = r == RtMutexChainWalk.DEADLOCK ? DEADLOCK : BLOCK;
        return NEXT;
    }

    /** WOKEN: rt_mutex_slowlock_block(), back from rt_mutex_schedule(): raw_spin_lock_irq(&amp;lock->wait_lock); set_current_state(state). */
    private int slowlockBlockWoken(Core core, Cpu cpu, Task p) {
        if (!cpu.lock(lock.waitLock) || !cpu.lock(p.piLock)) return SPIN;
        cpu.cost(core.costs.section());
        p.state = state;
        return block(core, cpu, p);
    }

    /**
     * DEADLOCK: -EDEADLK from the walk: raw_spin_lock_irq(&amp;lock->wait_lock); __set_current_state(TASK_RUNNING);
     * remove_waiter(lock, waiter): current->pi_lock, then the owner's pi_lock and rq lock to deboost it;
     * rt_mutex_handle_deadlock().
     */
    private int removeWaiterDeadlock(Core core, Cpu cpu, Task p) {
        if (!cpu.lock(lock.waitLock) || !cpu.lock(p.piLock) || !lockOwnerForRemove(core, cpu)) return SPIN;
        cpu.cost(core.costs.section());
        removeWaiter(core, p);
        return handleDeadlock(core, p);
    }

    /** DEADLOCKED: rt_mutex_handle_deadlock()'s while (1) { set_current_state(TASK_INTERRUPTIBLE); rt_mutex_schedule(); }. */
    private int handleDeadlockSleep(Core core, Cpu cpu, Task p) {
        cpu.cost(core.costs.atomic());
        p.state = TaskState.TASK_INTERRUPTIBLE;
        return SCHEDULE;
    }

    /** BLOCK: after the chain walk, re-take wait_lock and go on with rt_mutex_slowlock_block(). */
    private int slowlockBlockRelock(Core core, Cpu cpu, Task p) {
        if (!cpu.lock(lock.waitLock) || !cpu.lock(p.piLock)) return SPIN;
        cpu.cost(core.costs.section());
        return block(core, cpu, p);
    }

    /**
     * remove_waiter()'s further locks: the owner's pi_lock and rq lock when we are its top waiter
     * (it is deboosted). False when one is busy: retry the section. wait_lock and current->pi_lock held.
     */
    private boolean lockOwnerForRemove(Core core, Cpu cpu) {
        Task owner = lock.owner;
        if (owner == null || owner == waiter.task || waiter != lock.topWaiter()) return true;
        return cpu.lock(owner.piLock) && owner.onRq != TaskState.TASK_ON_RQ_MIGRATING && cpu.lock(core.taskRq(owner).lock);
    }

    /** remove_waiter(): off the lock's waiters; the owner's pi_waiters and prio follow if we were its top waiter. */
    private void removeWaiter(Core core, Task p) {
        Task owner = lock.owner;
        boolean top = waiter == lock.topWaiter();
        lock.dequeue(waiter);
        p.piBlockedOn = null;
        if (owner != null && top) {
            RtMutex.dequeuePi(owner, waiter);
            if (lock.hasWaiters()) RtMutex.enqueuePi(owner, lock.topWaiter());
            Pi.rtMutexAdjustPrio(core, owner);
            // simplified: remove_waiter()'s deboost walk along the owner's chain (a cycle back to us) is not modelled
        }
        waiter = null;
    }

    /** rt_mutex_slowlock_block(): one turn of its loop. wait_lock and current->pi_lock held. */
    private int block(Core core, Cpu cpu, Task p) {
        if (lock.tryToTake(p, waiter)) {
            p.state = TaskState.TASK_RUNNING; // __set_current_state(TASK_RUNNING)
            lock.fixupWaiters();
            return acquired(core, cpu, p);
        }
        if (interruptible && p.sigpending) return interrupted(core, cpu, p);
        pc = WOKEN;
        return SCHEDULE; // raw_spin_unlock_irq(&lock->wait_lock); rt_mutex_schedule()
    }

    /**
     * rt_mutex_handle_deadlock(): -EDEADLK without deadlock detection asked for (RT_MUTEX_MIN_CHAINWALK):
     * WARN(1, "rtmutex deadlock detected") and sleep in TASK_INTERRUPTIBLE for good.
     */
    private int handleDeadlock(Core core, Task p) {
        core.warnOnce(true, "rtmutex deadlock detected");
        p.state = TaskState.TASK_INTERRUPTIBLE;
        pc = DEADLOCKED;
        return SCHEDULE;
    }

    /**
     * signal_pending_state(): ret = -EINTR; __set_current_state(TASK_RUNNING); remove_waiter();
     * fixup_rt_mutex_waiters(lock, true). In SLOW the owner's locks are already held (a new top
     * waiter took them), so only WOKEN and BLOCK can find one busy, before anything changed.
     */
    private int interrupted(Core core, Cpu cpu, Task p) {
        if (!lockOwnerForRemove(core, cpu)) return SPIN;
        p.state = TaskState.TASK_RUNNING;
        removeWaiter(core, p);
        lock.fixupWaiters();
        result = EINTR;
        core.coverage.hit("rt_mutex_eintr");
        return DONE;
    }

    private int acquired(Core core, Cpu cpu, Task p) {
        lock.acquisitions++;
        p.lockdepDepth++; // lock_acquired()
        core.trace.lockAcquired(core.now(), cpu.id, p, lock);
        return DONE;
    }

    @Override
    public String describe() {
        return "rt_mutex_lock(" + lock.name + ")";
    }
}
