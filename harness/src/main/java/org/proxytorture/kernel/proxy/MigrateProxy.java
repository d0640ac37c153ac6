package org.proxytorture.kernel.proxy;

import java.util.List;
import org.proxytorture.kernel.locking.BlockedOn;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Schedule;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Linux 7.1 donor migration: a donor whose owner runs elsewhere is migrated there
 * (proxy_migrate_task()); unlock marks the next waiter PROXY_WAKING, and a woken donor that is
 * away from home is returned (proxy_force_return() in find_proxy_task(), proxy_needs_return() in
 * ttwu).
 */
public final class MigrateProxy extends ProxyVariant {
    @Override
    public boolean returnsDonors() {
        return true;
    }

    @Override
    public boolean replaysBalance() {
        return true;
    }

    @Override
    public java.util.List<String> branches() {
        return with(java.util.List.of("waking_current", "waking_force_return", "no_owner_current", "no_owner_force_return", "owner_sleeping_curr_in_chain", "owner_sleeping", "deactivate_failed_force_return", "owner_remote_curr_in_chain", "owner_remote_migrate", "ttwu_return_migration"));
    }

    @Override
    public String name() {
        return "migrate";
    }

    /** blocked_on == PROXY_WAKING: current runs; anyone else is returned first. */
    @Override
    public int onLinkRead(Schedule s) {
        if (s.mutex != Mutex.PROXY_WAKING) return super.onLinkRead(s);
        if (s.rq().curr == s.p) {
            BlockedOn.clear(s.core(), s.p, Mutex.PROXY_WAKING);
            return runCurrent(s, "waking_current");
        }
        // B35 (inject): leave the waking task to its ttwu and pick again, never releasing the rq lock that ttwu needs
        if (s.core().faults.b35) return Schedule.PICK_AGAIN;
        return forceReturn(s, "waking_force_return");
    }

    /** current: clear and run p; else NEEDS_RETURN. */
    @Override
    protected int noOwner(Schedule s) {
        if (s.rq().curr == s.p) {
            BlockedOn.clear(s.core(), s.p, s.mutex);
            return runCurrent(s, "no_owner_current");
        }
        return forceReturn(s, "no_owner_force_return");
    }

    /** curr_in_chain: resched idle; else DEACTIVATE_DONOR, falling back to a forced return. */
    @Override
    protected int ownerSleeping(Schedule s) {
        if (s.currInChain) {
            hit(s, "owner_sleeping_curr_in_chain");
            return Schedule.RESCHED_IDLE;
        }
        hit(s, "owner_sleeping");
        if (s.donor.state == TaskState.TASK_RUNNING) {
            s.p = s.donor; // "If deactivate fails, force return": p = donor; fallthrough
            return forceReturn(s, "deactivate_failed_force_return");
        }
        return deactivate(s, s.donor);
    }

    /** curr_in_chain: resched idle; else migrate the deepest blocked task, p. */
    @Override
    protected int ownerRemote(Schedule s, int ownerCpu) {
        if (s.currInChain) {
            hit(s, "owner_remote_curr_in_chain");
            return Schedule.RESCHED_IDLE;
        }
        hit(s, "owner_remote_migrate");
        // B28 (inject): migrate the first blocked task (the donor), leaving the deeper chain members behind
        if (s.core().faults.b28 && s.donor != s.p && s.donor != s.rq().curr) return migrate(s, List.of(s.donor), ownerCpu);
        return migrate(s, List.of(s.p), ownerCpu);
    }

    /**
     * proxy_force_return(): off the rq, to select_task_rq(p, p->wake_cpu), blocked_on cleared.
     * Simplification: p->pi_lock is not re-taken (the rq lock is held across the walk).
     */
    private static int forceReturn(Schedule s, String branch) {
        Task p = s.p;
        Core core = s.core();
        hit(s, branch);
        if (p == s.rq().curr || p.onCpu.latest() != 0) { // WARN_ONCE(1, "... current/on_cpu task ..."); goto err_out: pick again
            core.warnOnce(true, "proxy_force_return: current/on_cpu task " + p);
            return Schedule.PICK_AGAIN;
        }
        s.proxyReschedIdle();
        int cpu = core.selectTaskRqForReturn(p);
        s.moveTo(p, cpu, false);
        BlockedOn.write(core, p, null); // clear_task_blocked_on(p, NULL)
        trace(s, ProxyEvent.DONOR_RETURNED, p);
        return Schedule.MIGRATE;
    }

    @Override
    public boolean hasBlockedLock() {
        return true;
    }

    /** set_task_blocked_on_waking(next, lock) takes next->blocked_lock. */
    @Override
    public boolean lockForUnlock(Cpu cpu, Mutex lock, Task curr) {
        Task next = lock.firstWaiter();
        return next == null || cpu.lock(next.blockedLock);
    }

    /** __set_task_blocked_on_waking(next, lock) instead of clearing it. */
    @Override
    public Task unlockNext(Core core, Mutex lock, Task curr) {
        Task next = lock.firstWaiter();
        if (next != null) BlockedOn.setWaking(core, next, lock);
        return next;
    }

    /** ww die/wound: set_task_blocked_on_waking() (7.1). */
    @Override
    public void markWoken(Core core, Task t, Mutex lock) {
        BlockedOn.setWaking(core, t, lock);
    }

    /**
     * proxy_needs_return(), 7.1: a PROXY_WAKING task that is not current and away from home is
     * dequeued (proxy_resched_idle() first if it is the donor) and woken in full; in every case
     * PROXY_WAKING is cleared and the CPU reschedules.
     */
    @Override
    public boolean proxyNeedsReturn(Cpu cpu, Rq rq, Task p) {
        if (p.blockedOn != Mutex.PROXY_WAKING) return false;
        Core core = cpu.core();
        boolean ret = false;
        if (rq.curr != p && FullProxy.needsReturn(core, p)) {
            core.coverage.hit("ttwu_return_migration");
            if (rq.donor == p) core.proxyReschedIdle(rq);
            core.blockTaskForReturn(rq, p);
            core.trace.proxy(core.now(), cpu.id, ProxyEvent.DONOR_RETURNED, p, p);
            ret = true;
        }
        BlockedOn.clear(core, p, Mutex.PROXY_WAKING);
        core.reschedCurr(rq);
        return ret;
    }
}
