package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * kernel/locking/mutex.c: mutex_lock() -> __mutex_lock_common(), TASK_UNINTERRUPTIBLE (and
 * ww_mutex_lock() with a context; mutex_lock_interruptible(): TASK_INTERRUPTIBLE, and a pending
 * signal at the wait loop's check ends it with -EINTR), as atomic sections, one method each:
 * <pre>
 * FAST        mutexTrylockFast: __mutex_trylock_fast(); on failure preempt_disable() and the slow path
 * OSQ_SPIN    mutexOptimisticSpin: poll while the owner runs (CONFIG_MUTEX_SPIN_ON_OWNER)
 * WAIT_LOCK   waitLockTrylock: [wait_lock, kept, IRQs off] __mutex_trylock()
 *               -- interleaving point: wait_lock held; the owner's lockless fast unlock may land --
 * ADD_WAITER  addWaiter: [blocked_lock] add waiter (FIFO, MUTEX_FLAG_WAITERS); blocked_on = lock;
 *             set_current_state(); trylock; unlock wait_lock
 *               -- interleaving point: wait_lock dropped, schedule() not yet called --
 * WOKEN       waitLoop: [wait_lock] after schedule(): re-set blocked_on; trylock_or_handoff(first)
 * WAITER_SPIN firstWaiterOptimisticSpin: the first waiter spins with blocked_on cleared (B03's fix)
 * RELOCK      relockAfterSpin: [wait_lock] re-set blocked_on; acquire if the spin won it, else trylock or sleep
 * WW_WAKE     wakeUpQ: wake the wait-die victims once wait_lock is dropped
 * PI_CHAIN    adjustPrioChain, PI_SELF adjustPrioSelf: lock_pi's priority inheritance
 * </pre>
 * The labels of __mutex_lock_common() are methods too: {@code acquired} (wait_lock held: remove
 * the waiter, clear blocked_on, TASK_RUNNING), {@code skipWait}, {@code err}, {@code errEarlyKill}.
 */
public final class MutexLockFrame extends KFrame {
    private static final int FAST = 0, OSQ_SPIN = 1, WAIT_LOCK = 2, WOKEN = 3, WAITER_SPIN = 4, RELOCK = 5,
            PI_CHAIN = 6, PI_SELF = 7, WW_WAKE = 8, ADD_WAITER = 9;
    public static final int EDEADLK = -35, EALREADY = -114, EINTR = -4;
    private final Mutex lock;
    private MutexWaiter waiter;
    private int pc = FAST;
    private boolean spinWon;
    /** lock_pi: the chain task to re-prioritize next (before sleeping), and where to go after. */
    private Task piNext;
    /** ww_mutex_lock(): the transaction, and the result (0, -EDEADLK or -EALREADY; -EINTR if interruptible). */
    private final WwAcquireCtx ww;
    /** The wait's state: TASK_UNINTERRUPTIBLE, or TASK_INTERRUPTIBLE for mutex_lock_interruptible(). */
    private final int state;
    public int result;
    /** wait-die victims to wake after wait_lock is dropped (the wake_q). */
    private final java.util.ArrayList<Task> wwVictims = new java.util.ArrayList<>(0);
    private int afterWake;

    public MutexLockFrame(Mutex lock) {
        this(lock, null);
    }

    /** ww_mutex_lock(lock, ctx); with a null ctx a plain mutex_lock(). */
    public MutexLockFrame(Mutex lock, WwAcquireCtx ctx) {
        this(lock, ctx, TaskState.TASK_UNINTERRUPTIBLE);
    }

    private MutexLockFrame(Mutex lock, WwAcquireCtx ctx, int state) {
        this.lock = lock;
        this.ww = ctx;
        this.state = state;
    }

    /** mutex_lock_interruptible(lock): 0, or -EINTR without the lock. */
    public static MutexLockFrame interruptible(Mutex lock) {
        return new MutexLockFrame(lock, null, TaskState.TASK_INTERRUPTIBLE);
    }

    public Mutex lock() {
        return lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        return switch (pc) {
            case FAST -> mutexTrylockFast(core, cpu, p);
            case OSQ_SPIN -> mutexOptimisticSpin(core, cpu, p);
            case WAIT_LOCK -> waitLockTrylock(core, cpu, p);
            case ADD_WAITER -> addWaiter(core, cpu, p);
            case PI_CHAIN -> adjustPrioChain(core, cpu, p);
            case PI_SELF -> adjustPrioSelf(core, cpu, p);
            case WOKEN -> waitLoop(core, cpu, p);
            case WW_WAKE -> wakeUpQ(core, cpu);
            case WAITER_SPIN -> firstWaiterOptimisticSpin(core, cpu, p);
            default -> relockAfterSpin(core, cpu, p); // RELOCK
        };
    }

    /**
     * FAST: mutex_lock()'s __mutex_trylock_fast() (ww_mutex_lock(): -EALREADY if this context
     * holds the lock); on failure __mutex_lock_common()'s preempt_disable() and the slow path.
     */
    private int mutexTrylockFast(Core core, Cpu cpu, Task p) {
        cpu.cost(core.costs.atomic());
        core.trace.lockAcquire(core.now(), cpu.id, p, lock, ww != null); // mutex_acquire_nest()
        if (ww != null && lock.wwCtx == ww) {
            result = EALREADY;
            return DONE;
        }
        if (lock.trylockFast(p)) return lockAcquired(core, cpu, p);
        p.preemptCount++; // preempt_disable()
        // simplification: ww_mutex waiters do not spin (they queue in stamp order)
        pc = core.mutexSpinOnOwner && ww == null ? OSQ_SPIN : WAIT_LOCK;
        return NEXT;
    }

    /** OSQ_SPIN: mutex_optimistic_spin(lock, ww_ctx, NULL), one poll: __mutex_trylock(), else spin while the owner runs. */
    private int mutexOptimisticSpin(Core core, Cpu cpu, Task p) {
        cpu.cost(core.costs.spinPoll());
        if (lock.trylock(p)) return skipWait(core, cpu, p);
        Task owner = lock.owner();
        if (owner != null && ownerOnCpu(core, cpu, owner) && !p.needResched) return spinOnOwner(cpu, owner);
        pc = WAIT_LOCK;
        return NEXT;
    }

    /**
     * WAIT_LOCK: raw_spin_lock_irqsave(&lock->wait_lock); __mutex_trylock() (goto skip_wait). The
     * wait_lock stays held with IRQs off into ADD_WAITER, as one kernel critical section; but the
     * owner's mutex_unlock() fast path takes no wait_lock, so its release (no MUTEX_FLAG_WAITERS
     * yet: nobody to wake) may land between this trylock and the queueing. The wait loop's first
     * __mutex_trylock() after set_current_state() is what picks such a release up.
     */
    private int waitLockTrylock(Core core, Cpu cpu, Task p) {
        // S07 (inject): current->blocked_lock taken before wait_lock, the reverse of find_proxy_task()'s order
        if (core.faults.s07 && core.proxy.hasBlockedLock() && !cpu.lock(p.blockedLock)) return SPIN;
        if (!cpu.holdAcross(lock.waitLock)) return SPIN;
        cpu.cost(core.costs.section());
        if (lock.trylock(p)) {
            cpu.unlockAcross(lock.waitLock);
            return skipWait(core, cpu, p);
        }
        cpu.localIrqDisable(); // raw_spin_lock_irqsave(): no interrupt until ADD_WAITER drops it
        pc = ADD_WAITER;
        return NEXT;
    }

    /**
     * ADD_WAITER, wait_lock still held: __mutex_add_waiter() (ww: __ww_mutex_add_waiter(), goto
     * err_early_kill); raw_spin_lock(&current->blocked_lock); __set_task_blocked_on();
     * set_current_state(); the wait loop's first __mutex_trylock() and __ww_mutex_check_kill()
     * (goto err); then raw_spin_unlock_irqrestore_wake() and schedule_preempt_disabled().
     */
    private int addWaiter(Core core, Cpu cpu, Task p) {
        if (core.proxy.hasBlockedLock() && !cpu.lock(p.blockedLock)) return SPIN;
        cpu.unlockAcross(lock.waitLock); // at the end of this section, whichever way it leaves
        cpu.localIrqEnable();
        cpu.cost(core.costs.section());
        waiter = new MutexWaiter(p);
        if (ww != null) {
            if (!wwAddWaiter(core)) return errEarlyKill(core, p);
        } else {
            lock.addWaiter(waiter);
        }
        lock.contentions++;
        core.trace.lockContended(core.now(), cpu.id, p, lock);
        BlockedOn.set(core, p, p, lock);
        p.state = state;
        // S05 (inject): no trylock after queueing and set_current_state(): an unlock that saw no WAITERS flag wakes no one
        boolean got = !core.faults.s05 && lock.trylock(p);
        core.trace.lockWakeupsIssued(core.now(), cpu.id, p, lock); // queued and re-checked: later unlocks see WAITERS
        if (got) return acquired(core, cpu, p);
        if (p.signalPendingState(state)) return err(core, p, EINTR);
        if (ww != null && wwCheckKill()) return err(core, p, EDEADLK);
        pc = WOKEN;
        if (!wwVictims.isEmpty()) return wakeVictims(WOKEN);
        if (core.lockPi) { // rt_mutex_adjust_prio_chain(), after wait_lock is dropped
            piNext = lock.owner();
            pc = PI_CHAIN;
            return NEXT;
        }
        return SCHEDULE;
    }

    /** PI_CHAIN (lock_pi): rt_mutex_adjust_prio_chain() along the owner chain, one task a section, before sleeping. */
    private int adjustPrioChain(Core core, Cpu cpu, Task p) {
        Task t = piNext;
        Task n = t == null ? null : Pi.adjustStep(cpu, t);
        if (n == t && t != null) return SPIN;
        cpu.cost(core.costs.atomic());
        if (n != null && n != p) {
            piNext = n;
            return NEXT;
        }
        piNext = null;
        pc = WOKEN;
        return SCHEDULE;
    }

    /** PI_SELF (lock_pi): the new owner is boosted by the waiters that remain. */
    private int adjustPrioSelf(Core core, Cpu cpu, Task p) {
        if (Pi.adjustStep(cpu, p) == p) return SPIN;
        cpu.cost(core.costs.atomic());
        return DONE;
    }

    /**
     * WOKEN: the for (;;) wait loop, back from schedule_preempt_disabled(): first = (lock->first_waiter
     * == &waiter); wait_lock and blocked_lock; __set_task_blocked_on(); set_current_state();
     * __mutex_trylock_or_handoff(lock, first); if (first) the waiter's optimistic spin; __mutex_trylock();
     * __ww_mutex_check_kill().
     */
    private int waitLoop(Core core, Cpu cpu, Task p) {
        if (!lockWaitAndBlocked(cpu, core, p)) return SPIN;
        cpu.cost(core.costs.section());
        boolean first = lock.first == waiter;
        BlockedOn.set(core, p, p, lock); // unlock/handoff cleared it
        p.state = state;
        if (lock.trylockCommon(p, first) == null) return acquired(core, cpu, p);
        // ww waiters do not spin (see FAST): a wait-die victim must reach __ww_mutex_check_kill()
        if (first && core.mutexSpinOnOwner && ww == null) {
            // B03 (inject): the first waiter spins (and may schedule()) with blocked_on still set
            if (!core.faults.b03) BlockedOn.clear(core, p, lock); // must not be "blocked" while spinning
            pc = WAITER_SPIN;
            return NEXT;
        }
        if (lock.trylock(p)) return acquired(core, cpu, p);
        if (p.signalPendingState(state)) return err(core, p, EINTR);
        if (ww != null && wwCheckKill()) return err(core, p, EDEADLK);
        return SCHEDULE;
    }

    /** WW_WAKE: raw_spin_unlock_irqrestore_wake()'s wake_up_q() of the wait-die victims, after wait_lock is dropped. */
    private int wakeUpQ(Core core, Cpu cpu) {
        while (!wwVictims.isEmpty()) {
            if (core.tryToWakeUp(cpu, wwVictims.get(0), TaskState.TASK_NORMAL, 0) == Core.SPIN) return SPIN;
            wwVictims.remove(0);
        }
        cpu.cost(core.costs.atomic());
        if (afterWake == DONE_AFTER_WAKE) return DONE;
        pc = afterWake;
        return afterWake == WOKEN ? SCHEDULE : NEXT;
    }

    /**
     * WAITER_SPIN: if (first) { ... opt_acquired = mutex_optimistic_spin(lock, ww_ctx, &amp;waiter); ... },
     * one poll, wait_lock and blocked_lock dropped and blocked_on cleared.
     */
    private int firstWaiterOptimisticSpin(Core core, Cpu cpu, Task p) {
        cpu.cost(core.costs.spinPoll());
        if (lock.trylockCommon(p, false) == null) {
            spinWon = true;
            pc = RELOCK;
            return NEXT;
        }
        Task owner = lock.owner();
        if (owner != null && owner != p && ownerOnCpu(core, cpu, owner) && !p.needResched) return spinOnOwner(cpu, owner);
        pc = RELOCK;
        if (p.needResched) { // mutex_optimistic_spin()'s fail path: __set_current_state(TASK_RUNNING); schedule_preempt_disabled()
            p.state = TaskState.TASK_RUNNING;
            return SCHEDULE;
        }
        return NEXT;
    }

    /** RELOCK: after the waiter's spin, relock wait_lock + blocked_lock; __set_task_blocked_on(); if (opt_acquired) break. */
    private int relockAfterSpin(Core core, Cpu cpu, Task p) {
        if (!lockWaitAndBlocked(cpu, core, p)) return SPIN;
        cpu.cost(core.costs.section());
        BlockedOn.set(core, p, p, lock);
        p.state = state;
        if (spinWon || lock.trylock(p)) return acquired(core, cpu, p);
        if (p.signalPendingState(state)) return err(core, p, EINTR); // the loop's top: trylock, then the signal check
        pc = WOKEN;
        return SCHEDULE;
    }

    /** wait_lock, and with proxy execution current->blocked_lock nested under it. */
    private boolean lockWaitAndBlocked(Cpu cpu, Core core, Task p) {
        // S07 (inject): current->blocked_lock taken before wait_lock, the reverse of find_proxy_task()'s order
        if (core.faults.s07 && core.proxy.hasBlockedLock()) return cpu.lock(p.blockedLock) && cpu.lock(lock.waitLock);
        return cpu.lock(lock.waitLock) && (!core.proxy.hasBlockedLock() || cpu.lock(p.blockedLock));
    }

    /** owner_on_cpu(): READ_ONCE(owner->on_cpu), which another CPU's finish_task() may not have reached us with yet. */
    private boolean ownerOnCpu(Core core, Cpu cpu, Task owner) {
        staleOnCpu = false;
        if (core.mem.load(cpu.id, owner.onCpu) == 0) return false;
        staleOnCpu = owner.onCpu.latest() == 0;
        return true;
    }

    /** The last owner_on_cpu() read an on_cpu already cleared: the spinner polls rather than waiting to be told. */
    private boolean staleOnCpu;

    /**
     * mutex_spin_on_owner(): busy-wait while the owner runs; re-checked when the owner word
     * changes, the owner is switched out, or an interrupt (need_resched) arrives.
     */
    private int spinOnOwner(Cpu cpu, Task owner) {
        if (staleOnCpu) return NEXT; // poll again after this section (cpu_relax()), no wakeup will come
        lock.spinners.add(cpu);
        owner.onCpuWaiters.add(cpu);
        return SPIN_WAIT;
    }

    private static final int DONE_AFTER_WAKE = -1;

    /** Continue at {@code then} once the victims are woken. */
    private int wakeVictims(int then) {
        afterWake = then;
        pc = WW_WAKE;
        return NEXT;
    }

    /**
     * __ww_mutex_add_waiter(), wait-die: queue before the first younger context; on the way,
     * younger waiters holding locks are told to die; finding an older one, we die ourselves (if
     * we hold locks). Returns false if we must die. wait_lock held.
     */
    private boolean wwAddWaiter(Core core) {
        waiter.wwCtx = ww;
        MutexWaiter pos = null;
        for (MutexWaiter cur = lock.last; cur != null; cur = cur.prev) {
            if (cur.wwCtx == null) continue;
            if (WwAcquireCtx.less(ww, cur.wwCtx)) {
                if (ww.acquired > 0) return false; // __ww_mutex_kill()
                break;
            }
            pos = cur;
            die(core, cur); // __ww_mutex_die(): wake it to back off
        }
        lock.addWaiterBefore(waiter, pos);
        return true;
    }

    /** __ww_mutex_check_kill(): an older holder, or an older context queued ahead, kills us. */
    private boolean wwCheckKill() {
        if (ww.acquired == 0) return false;
        WwAcquireCtx hold = lock.wwCtx;
        if (hold != null && WwAcquireCtx.less(ww, hold)) return true;
        for (MutexWaiter cur = waiter.prev; cur != null; cur = cur.prev) if (cur.wwCtx != null) return true;
        return false;
    }

    /**
     * __ww_mutex_die(): a younger waiter holding locks must back off: its blocked_on is cleared
     * (so proxy chains stay acyclic) and it is woken.
     */
    private void die(Core core, MutexWaiter cur) {
        if (cur.wwCtx.acquired > 0 && WwAcquireCtx.less(cur.wwCtx, ww)) {
            // B12 (inject): the die wakeup leaves the mid-chain victim's blocked_on in place
            if (!core.faults.b12) core.proxy.markWoken(core, cur.task, lock);
            if (!wwVictims.contains(cur.task)) wwVictims.add(cur.task);
            core.coverage.hit("ww_die");
        }
    }

    /** err: -EDEADLK or -EINTR: off the wait list, blocked_on cleared, running again. wait_lock held. */
    private int err(Core core, Task p, int ret) {
        lock.removeWaiter(waiter);
        // B12 (inject): -EDEADLK returns with blocked_on still set; B17 (inject): so does -EINTR, the signal exit (v2 of the rework)
        if (!(ret == EDEADLK ? core.faults.b12 : core.faults.b17)) BlockedOn.clear(core, p, lock);
        if (ret == EINTR) core.coverage.hit("mutex_eintr");
        return fail(core, p, ret);
    }

    /** err_early_kill: never queued, blocked_on never set: WARN_ON(get_task_blocked_on(current)). */
    private int errEarlyKill(Core core, Task p) {
        core.warnOnce(p.blockedOn != null, "__mutex_lock_common: err_early_kill with blocked_on set");
        return fail(core, p, EDEADLK);
    }

    private int fail(Core core, Task p, int ret) {
        p.state = TaskState.TASK_RUNNING;
        p.preemptCount--;
        result = ret;
        if (ret == EDEADLK) core.coverage.hit("ww_edeadlk");
        if (!wwVictims.isEmpty()) return wakeVictims(DONE_AFTER_WAKE);
        return DONE;
    }

    /**
     * lock_acquired() and ww_mutex_lock_acquired(): the tail shared by the fast path and skip_wait
     * (preempt already enabled).
     */
    private int lockAcquired(Core core, Cpu cpu, Task p) {
        lock.acquisitions++;
        p.lockdepDepth++; // lock_acquired()
        if (ww != null) {
            // ww_mutex_lock_acquired() and __ww_mutex_check_waiters(): the first context waiter
            // younger than us and holding locks dies
            lock.wwCtx = ww;
            ww.acquired++;
            for (MutexWaiter cur = lock.first; cur != null; cur = cur.next) {
                if (cur.wwCtx == null) continue;
                die(core, cur);
                break;
            }
        }
        core.trace.lockAcquired(core.now(), cpu.id, p, lock);
        if (core.lockPi) {
            p.heldLocks.add(lock);
            if (lock.first != null) { // the remaining waiters now boost us
                pc = PI_SELF;
                return wwVictims.isEmpty() ? NEXT : wakeVictims(PI_SELF);
            }
        }
        return wwVictims.isEmpty() ? DONE : wakeVictims(DONE_AFTER_WAKE);
    }

    /** skip_wait: acquired before queueing; preempt_enable(). */
    private int skipWait(Core core, Cpu cpu, Task p) {
        p.preemptCount--;
        return lockAcquired(core, cpu, p);
    }

    /** acquired: wait_lock held. */
    private int acquired(Core core, Cpu cpu, Task p) {
        BlockedOn.clear(core, p, lock);
        p.state = TaskState.TASK_RUNNING;
        lock.removeWaiter(waiter);
        p.preemptCount--;
        return lockAcquired(core, cpu, p);
    }

    @Override
    public String describe() {
        return "mutex_lock(" + lock.name + ")";
    }
}
