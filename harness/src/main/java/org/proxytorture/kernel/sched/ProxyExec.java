package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.harness.Coverage;
import org.proxytorture.kernel.locking.Mutex;

/**
 * CONFIG_SCHED_PROXY_EXEC: the points where core.c, mutex.c and the classes consult proxy
 * execution. One implementation per generation lives in kernel.proxy (single-rq = 6.17,
 * migrate = 7.1, full = 2026); {@link #OFF} is sched_proxy_exec=0 (or the option not built).
 */
public interface ProxyExec {
    String name();

    /** sched_proxy_exec() */
    boolean enabled();

    /** task_is_blocked(p): a mutex waiter that must stay on the runqueue as a donor. */
    boolean taskIsBlocked(Task p);

    /** __schedule(): whether the picked task goes through find_proxy_task() (G3: p->is_blocked). */
    boolean needsProxy(Task next);

    /**
     * try_to_block_task()'s signal exit, p->blocked_lock held (7.1 and 2026 clear blocked_on, 6.17
     * leaves it; without proxy execution nothing).
     */
    default void onSignalPending(Core core, Task p) { }

    /** try_to_block_task() after the signal check (G3 sets p->is_blocked). */
    default void onBlockPath(Task prev) { }

    /** find_proxy_task()'s loop condition for chain link p (G1/G2: blocked_on, G3: is_blocked). */
    boolean linkBlocked(Task p);

    /**
     * find_proxy_task(), a chain link's first section: {@code s.mutex} is p->blocked_on read
     * without wait_lock. Returns a {@link Schedule} outcome, CONTINUE to take the locks.
     */
    default int onLinkRead(Schedule s) {
        return Schedule.CONTINUE;
    }

    /**
     * find_proxy_task(), a chain link's locked section: wait_lock and p->blocked_lock held,
     * blocked_on re-checked, {@code s.owner} read. Returns a {@link Schedule} outcome; CONTINUE
     * follows the chain to the owner.
     */
    int onLinkLocked(Schedule s);

    /**
     * ttwu_runnable() for a queued task: true if it was dequeued for return migration, so that
     * try_to_wake_up() continues with a full wakeup (proxy_needs_return()).
     */
    default boolean proxyNeedsReturn(Cpu cpu, Rq rq, Task p) {
        return false;
    }

    /**
     * Every branch this generation counts in {@link Coverage}. "owner_is_p" needs a task blocked
     * on a mutex it owns (a self-deadlock); {@link #UNREACHABLE_IN_CORRECT_RUNS} names it.
     */
    default java.util.List<String> branches() {
        return java.util.List.of();
    }

    java.util.List<String> UNREACHABLE_IN_CORRECT_RUNS = java.util.List.of("owner_is_p");

    /** Whether a woken donor away from home is sent back (7.1 and later); 6.17 never moves donors. */
    default boolean returnsDonors() {
        return false;
    }

    /**
     * Whether __schedule() replays put_prev_task() + set_next_task(first) when it keeps the donor
     * and switches to another task (f4fe6be82e6d "Fix potentially missing balancing", 7.1 and
     * later); 6.17's proxy_tag_curr() is not modelled.
     */
    default boolean replaysBalance() {
        return false;
    }

    /** ttwu_do_wakeup() (G3 clears p->is_blocked). */
    default void onWakeup(Task p) { }

    /** A task was activated by a wakeup on rq (the sleeping-owner series re-activates its donors). */
    default void onActivated(Cpu cpu, Rq rq, Task p) { }

    /** __mutex_unlock_slowpath(): forced handoff (G3: current->blocked_donor is set). */
    default boolean forceHandoff(Task curr) {
        return false;
    }

    /**
     * __mutex_unlock_slowpath() under wait_lock (+ blocked_lock): the task to hand the lock to or
     * wake, with its blocked_on cleared (or marked PROXY_WAKING in 7.1); null if no waiter.
     */
    Task unlockNext(Core core, Mutex lock, Task curr);

    /**
     * A waiter woken out of turn (ww_mutex die/wound): its blocked_on is cleared (6.17, 2026) or
     * marked PROXY_WAKING (7.1), so no blocked_on cycle survives.
     */
    default void markWoken(Core core, Task t, Mutex lock) {
        if (t.blockedOn == lock) org.proxytorture.kernel.locking.BlockedOn.clear(core, t, lock);
    }

    /**
     * p->blocked_lock exists (7.1 and later); 6.17 serialises blocked_on with wait_lock alone.
     * Taken nested under wait_lock by mutex_lock() and find_proxy_task(), alone by proxy_needs_return().
     */
    default boolean hasBlockedLock() {
        return false;
    }

    /**
     * __mutex_unlock_slowpath(), wait_lock held: takes the blocked_locks this generation holds
     * while it picks and updates next (before {@link #unlockNext}); false if one is busy, with
     * nothing done.
     */
    default boolean lockForUnlock(Cpu cpu, Mutex lock, Task curr) {
        return true;
    }

    /** sched_proxy_exec=0 */
    ProxyExec OFF = new ProxyExec() {
        @Override
        public String name() {
            return "off";
        }

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean taskIsBlocked(Task p) {
            return false;
        }

        @Override
        public boolean needsProxy(Task next) {
            return false;
        }

        @Override
        public boolean linkBlocked(Task p) {
            return false;
        }

        @Override
        public int onLinkLocked(Schedule s) {
            s.core().warnOnce(true, "This should never be called in the !SCHED_PROXY_EXEC case");
            return Schedule.RESCHED_IDLE;
        }

        @Override
        public Task unlockNext(Core core, Mutex lock, Task curr) {
            Task next = lock.firstWaiter();
            if (next != null) org.proxytorture.kernel.locking.BlockedOn.clear(core, next, lock);
            return next;
        }
    };
}
