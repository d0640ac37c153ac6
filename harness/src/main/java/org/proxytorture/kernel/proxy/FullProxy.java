package org.proxytorture.kernel.proxy;

import java.util.ArrayList;
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
 * Proxy execution as of 2026 (the default): p->is_blocked, blocked_donor handoff at unlock,
 * return migration in try_to_wake_up() (proxy_needs_return()), migration of the whole chain
 * (Sept 2026), and the sleeping-owner series (posted, not merged): donors of a sleeping owner are
 * parked on it and re-activated on the CPU where it wakes.
 */
public final class FullProxy extends ProxyVariant {
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
        return with(java.util.List.of("woken_current", "woken_deactivate", "no_owner_current", "no_owner_deactivate", "owner_sleeping_curr_in_chain", "owner_sleeping_park", "owner_remote_curr_in_chain", "owner_remote_migrate", "owner_remote_migrate_chain", "unlock_handoff_blocked_donor", "ttwu_return_migration", "sleeping_owner_reactivate"));
    }

    @Override
    public String name() {
        return "full";
    }

    @Override
    public boolean needsProxy(Task next) {
        return next.isBlocked;
    }

    @Override
    public boolean linkBlocked(Task p) {
        return p.isBlocked;
    }

    /** try_to_block_task(): every task taking the block path is marked, donor or not. */
    @Override
    public void onBlockPath(Task prev) {
        prev.isBlocked = true;
    }

    /** ttwu_do_wakeup(): p->is_blocked = 0. */
    @Override
    public void onWakeup(Task p) {
        p.isBlocked = false;
    }

    /** is_blocked && !blocked_on: woken (or handed the lock), ttwu not done yet. */
    @Override
    public int onLinkRead(Schedule s) {
        if (s.mutex != null) return Schedule.CONTINUE;
        Task p = s.p;
        if (s.rq().curr == p) {
            p.isBlocked = false;
            return runCurrent(s, "woken_current");
        }
        hit(s, "woken_deactivate");
        return deactivateBlocked(s, p); // the real ttwu then does select_task_rq(): return migration
    }

    @Override
    protected int noOwner(Schedule s) {
        Task p = s.p;
        BlockedOn.clear(s.core(), p, null);
        if (s.rq().curr == p) {
            p.isBlocked = false;
            return runCurrent(s, "no_owner_current");
        }
        hit(s, "no_owner_deactivate");
        return deactivateBlocked(s, p);
    }

    /** proxy_deactivate() of 2026 also has WARN_ON_ONCE(donor->blocked_on): its callers clear it first. */
    private static int deactivateBlocked(Schedule s, Task p) {
        s.core().warnOnce(p.blockedOn != null, "proxy_deactivate: donor->blocked_on");
        return deactivate(s, p);
    }

    /**
     * The sleeping-owner series: park p on the owner (blocked_on kept) until the owner wakes;
     * curr_in_chain resched idle as in mainline.
     */
    @Override
    protected int ownerSleeping(Schedule s) {
        if (s.currInChain) {
            hit(s, "owner_sleeping_curr_in_chain");
            return Schedule.RESCHED_IDLE;
        }
        hit(s, "owner_sleeping_park");
        Task p = s.p;
        s.proxyReschedIdle();
        s.core().blockTask(s.rq(), p);
        p.blockedOwner = s.owner;
        s.owner.blockedHead.add(p);
        trace(s, ProxyEvent.DONOR_PARKED, p);
        return Schedule.PICK_AGAIN;
    }

    /** Migrate the whole chain: p and, through blocked_donor, the tasks that donated to it here. */
    @Override
    protected int ownerRemote(Schedule s, int ownerCpu) {
        if (s.currInChain) {
            hit(s, "owner_remote_curr_in_chain");
            return Schedule.RESCHED_IDLE;
        }
        List<Task> chain = new ArrayList<>();
        Rq rq = s.rq();
        for (Task t = s.p; t != null && chain.size() <= Schedule.MAX_CHAIN; t = t.blockedDonor) {
            if (t.cpu != rq.cpu || t.onRq != TaskState.TASK_ON_RQ_QUEUED || t == rq.curr || chain.contains(t)) break;
            chain.add(t);
            if (t == s.donor) break;
        }
        hit(s, chain.size() > 1 ? "owner_remote_migrate_chain" : "owner_remote_migrate");
        return migrate(s, chain, ownerCpu);
    }

    /** owner->blocked_donor = p: the rq lock guarantees the owner exists. */
    @Override
    protected void chainStep(Schedule s) {
        s.owner.blockedDonor = s.p;
    }

    /** Unlock: force the handoff when a donor boosted us. */
    @Override
    public boolean forceHandoff(Task curr) {
        return curr.blockedDonor != null;
    }

    @Override
    public boolean hasBlockedLock() {
        return true;
    }

    /**
     * current->blocked_lock, then (nested) the donor's; the first waiter's only if the donor is no
     * longer blocked on this lock (the kernel drops the donor's before taking it: one section here,
     * both under wait_lock, so nothing else can change between them).
     */
    @Override
    public boolean lockForUnlock(Cpu cpu, Mutex lock, Task curr) {
        if (!cpu.lock(curr.blockedLock)) return false;
        Task donor = curr.blockedDonor;
        if (donor != null) {
            if (!cpu.lock(donor.blockedLock)) return false;
            if (donor.blockedOn == lock) return true;
        }
        Task first = lock.firstWaiter();
        return first == null || cpu.lock(first.blockedLock);
    }

    /** blocked_donor first, if still blocked on this lock; else the first waiter. */
    @Override
    public Task unlockNext(Core core, Mutex lock, Task curr) {
        Task donor = curr.blockedDonor;
        if (donor != null && donor.blockedOn == lock) {
            BlockedOn.clear(core, donor, lock);
            // S29 (inject): the handoff to blocked_donor leaves current->blocked_donor set: its next unlock forces a handoff again
            if (!core.faults.s29) curr.blockedDonor = null;
            core.coverage.hit("unlock_handoff_blocked_donor");
            return donor;
        }
        return super.unlockNext(core, lock, curr);
    }

    /**
     * proxy_needs_return(): a blocked task woken away from its wake_cpu leaves this rq (and the
     * donor role) and is woken in full, which selects a CPU in its mask. The model also sends
     * home a donor whose CPU left its mask while it was away (wake_cpu alone misses an affinity
     * change made while it was proxy-migrated: it would then run outside its mask).
     */
    @Override
    public boolean proxyNeedsReturn(Cpu cpu, Rq rq, Task p) {
        Core core = cpu.core();
        if (core.faults.b05) return false; // B05 (inject): no return migration: a woken donor runs where it was proxy-migrated
        if (!p.isBlocked || !needsReturn(core, p)) return false;
        BlockedOn.clear(core, p, null);
        if (rq.curr == p) return false;
        if (rq.donor == p) proxyResetDonor(core, rq);
        core.blockTaskForReturn(rq, p);
        core.coverage.hit("ttwu_return_migration");
        core.trace.proxy(core.now(), cpu.id, ProxyEvent.DONOR_RETURNED, p, p);
        return true;
    }

    /**
     * proxy_needs_return(): if (task_cpu(p) == p->wake_cpu) return false. With the donor affinity
     * fix (finding F1, README) also a donor whose CPU left its mask while it was blocked: mainline
     * lets one proxy-migrated back onto a stale wake_cpu run there, outside its mask.
     */
    static boolean needsReturn(Core core, Task p) {
        return p.cpu != p.wakeCpu || core.donorAffinityFix && !p.cpusMask.test(p.cpu);
    }

    /** proxy_reset_donor(): the running task takes back its own scheduling context. */
    static void proxyResetDonor(Core core, Rq rq) {
        core.warnOnce(rq.donor == rq.curr, "proxy_reset_donor: rq->donor == rq->curr");
        core.trace.proxy(core.now(), rq.cpu, ProxyEvent.DONOR_RESET, rq.donor, rq.curr);
        Task old = rq.donor;
        core.putPrevSetNextTask(rq, old, rq.curr);
        rq.donor = rq.curr;
        core.trace.rqSetDonor(core.now(), rq.cpu, old, rq.curr);
        core.zapBalanceCallbacks(rq);
        core.reschedCurr(rq);
    }

    /**
     * The sleeping-owner series: the owner woke on rq; its parked donors follow it there, each
     * under its pi_lock (set_task_cpu() of a task off the runqueue needs it), so a concurrent
     * try_to_wake_up() of a donor waits for its activation and then finds it queued, and one
     * that holds it (a wakeup in flight, which took the donor off the list) activates it itself.
     */
    @Override
    public void onActivated(Cpu cpu, Rq rq, Task owner) {
        Core core = cpu.core();
        List<Task> parked = new ArrayList<>(owner.blockedHead);
        owner.blockedHead.clear();
        for (Task d : parked) {
            d.blockedOwner = null;
            // Simplified: taken in the owner's wakeup section, under its rq lock (the kernel takes a pi_lock before an
            // rq lock, never under one): a hold by another CPU's section (sched_setaffinity(), a wakeup) is waited out
            if (!cpu.lockAfterHolder(d.piLock)) continue; // held across sections: only try_to_wake_up() of d does that
            if (d.onRq != 0 || d.blockedOn == null) continue;
            int wake = d.wakeCpu;
            core.trace.proxySetTaskCpu(core.now(), d, rq.cpu);
            core.setTaskCpuAnyMask(d, rq.cpu);
            // S30 (inject): the re-activated donor's wake_cpu is not restored: set_task_cpu() made the owner's CPU its home
            if (!core.faults.s30) d.wakeCpu = wake;
            core.activateTask(rq, d, 0);
            core.coverage.hit("sleeping_owner_reactivate");
            core.trace.proxy(core.now(), rq.cpu, ProxyEvent.DONOR_REACTIVATED, d, owner);
            if (!d.blockedHead.isEmpty()) onActivated(cpu, rq, d);
        }
    }
}
