package org.proxytorture.kernel.proxy;

import java.util.List;
import org.proxytorture.kernel.locking.BlockedOn;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Schedule;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * find_proxy_task()'s chain walk (kernel/sched/core.c), the part every generation shares; the
 * rows of the case table where generations differ are the subclasses' ({@link SingleRqProxy}
 * 6.17, {@link MigrateProxy} 7.1, {@link FullProxy} 2026).
 */
public abstract class ProxyVariant implements ProxyExec {
    /** The branches of the shared part of the walk. */
    protected static final List<String> COMMON = List.of("chain_changed", "owner_migrating", "owner_recheck",
            "owner_is_p", "chain_step", "chain_step_deep", "proxy_run_owner");

    protected static List<String> with(List<String> own) {
        List<String> all = new java.util.ArrayList<>(COMMON);
        all.addAll(own);
        return List.copyOf(all);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    /** task_is_blocked(): sched_proxy_exec() && !!p->blocked_on. */
    @Override
    public boolean taskIsBlocked(Task p) {
        return p.blockedOn != null;
    }

    @Override
    public boolean needsProxy(Task next) {
        return taskIsBlocked(next);
    }

    /**
     * try_to_block_task()'s signal exit: clear_task_blocked_on(p, NULL) (2026; 7.1's own form of
     * this exit not read: modelled as 2026's).
     */
    @Override
    public void onSignalPending(Core core, Task p) {
        BlockedOn.clear(core, p, null);
    }

    @Override
    public boolean linkBlocked(Task p) {
        return taskIsBlocked(p);
    }

    /**
     * A link's first read of blocked_on found it NULL (an older value through the memory model, or
     * cleared meanwhile): "Something changed in the chain, so pick again" (6.17, 7.1).
     */
    @Override
    public int onLinkRead(Schedule s) {
        if (s.mutex != null) return Schedule.CONTINUE;
        hit(s, "chain_changed");
        return Schedule.PICK_AGAIN;
    }

    /** The shared part of a locked chain link (wait_lock and p->blocked_lock held). */
    @Override
    public int onLinkLocked(Schedule s) {
        Task owner = s.owner;
        Rq rq = s.rq();
        if (owner == null) return noOwner(s);
        // !READ_ONCE(owner->on_rq) || owner->se.sched_delayed: a delayed owner is asleep, only still queued
        if (owner.onRq == 0 || owner.se.schedDelayed) return ownerSleeping(s);
        int ownerCpu = s.core().taskCpuRelaxed(owner); // task_cpu(owner): a relaxed read of a remote task
        if (ownerCpu != rq.cpu) return ownerRemote(s, ownerCpu);
        boolean b25 = s.core().faults.b25 && owner.onRq == TaskState.TASK_ON_RQ_MIGRATING && owner.cpu == rq.cpu;
        if (owner.onRq == TaskState.TASK_ON_RQ_MIGRATING && !b25) {
            // migrating *to* us: it cannot be enqueued while we hold the rq lock (B25)
            hit(s, "owner_migrating");
            return Schedule.RESCHED_IDLE;
        }
        // B25 (inject): an owner migrating to this CPU (set_task_cpu() done, not yet enqueued) is proxied as if queued
        // B32 (inject): no re-check: the relaxed task_cpu(owner) read is trusted, so an owner queued elsewhere is proxied here
        if (!b25 && !s.core().faults.b32 && (owner.onRq != TaskState.TASK_ON_RQ_QUEUED || owner.cpu != rq.cpu)) {
            // re-check in the opposite order: the relaxed task_cpu() read above saw a stale CPU
            hit(s, "owner_recheck");
            return Schedule.PICK_AGAIN;
        }
        if (owner == s.p) {
            hit(s, "owner_is_p");
            return Schedule.RESCHED_IDLE;
        }
        chainStep(s);
        hit(s, s.depth == 1 ? "chain_step" : "chain_step_deep");
        return Schedule.CONTINUE;
    }

    /** The lock is free (handed off or released, the wakeup not yet done). */
    protected abstract int noOwner(Schedule s);

    /** The owner is not on a runqueue. */
    protected abstract int ownerSleeping(Schedule s);

    /** The owner is queued on another CPU. */
    protected abstract int ownerRemote(Schedule s, int ownerCpu);

    /** A link passed: the walk continues at the owner. */
    protected void chainStep(Schedule s) { }

    protected static void hit(Schedule s, String branch) {
        s.branch(branch);
    }

    /** The link is rq->curr itself: it runs (and retries or picks up the lock). */
    protected static int runCurrent(Schedule s, String branch) {
        hit(s, branch);
        s.run = s.p;
        return Schedule.RUN;
    }

    protected static void trace(Schedule s, ProxyEvent event, Task task) {
        s.core().trace.proxy(s.core().now(), s.rq().cpu, event, s.donor, task);
    }

    /**
     * proxy_deactivate() in its 2026 form: proxy_resched_idle() first (once deactivated, a task
     * may be woken and run elsewhere at once: B23), then block_task().
     */
    protected static int deactivate(Schedule s, Task t) {
        Core core = s.core();
        core.warnOnce(t.state == TaskState.TASK_RUNNING, "proxy_deactivate: TASK_RUNNING donor");
        // B23 (inject): block_task() while rq->donor (cfs_rq->curr) still names the donor: on_rq = 0 lets ttwu run it elsewhere
        if (!core.faults.b23) s.proxyReschedIdle();
        core.blockTask(s.rq(), t);
        trace(s, ProxyEvent.DONOR_DEACTIVATED, t);
        return Schedule.PICK_AGAIN;
    }

    /** proxy_migrate_task(): proxy_resched_idle(), then the tasks leave for the owner's CPU. */
    protected static int migrate(Schedule s, List<Task> chain, int ownerCpu) {
        // B02 (inject): rq->donor (and cfs_rq->curr) keep naming the donor while it leaves with the rq lock dropped
        if (!s.core().faults.b02) s.proxyReschedIdle();
        for (Task t : chain) {
            s.moveTo(t, ownerCpu, true);
            trace(s, ProxyEvent.DONOR_MIGRATED, t);
        }
        return Schedule.MIGRATE;
    }

    /** The mutex unlock side: first waiter, blocked_on cleared (6.17, and 2026 without a donor). */
    @Override
    public Task unlockNext(Core core, Mutex lock, Task curr) {
        Task next = lock.firstWaiter();
        if (next != null) BlockedOn.clear(core, next, lock);
        return next;
    }
}
