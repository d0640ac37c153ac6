package org.proxytorture.kernel.rcu;

import java.util.ArrayList;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.WakeQ;
import org.proxytorture.sim.Timer;

/**
 * struct rcu_sync (kernel/rcu/sync.c): sends readers to their slow path while an updater is
 * around. rcu_sync_enter() ({@link RcuSyncEnterFrame}) moves GP_IDLE to GP_ENTER and waits one
 * grace period (synchronize_rcu()) before GP_PASSED; rcu_sync_exit() ({@link #exit}) moves
 * GP_PASSED to GP_EXIT and lets readers back onto the fast path one grace period later
 * (call_rcu(rcu_sync_func)), unless another updater entered meanwhile; GP_REPLAY records an
 * enter+exit pair during that grace period. gp_count counts the updaters inside.
 * Simplified: there is no model of RCU itself; a grace period is a fixed {@link #GP_JIFFIES}
 * jiffies, and the call_rcu() callback runs when it ends as a timer event outside any CPU (no
 * softirq time).
 */
public final class RcuSync {
    public static final int GP_IDLE = 0, GP_ENTER = 1, GP_PASSED = 2, GP_EXIT = 3, GP_REPLAY = 4;
    /** The modelled length of an RCU grace period, in jiffies. */
    public static final int GP_JIFFIES = 3;

    final Core core;
    /** rsp->gp_state */
    int gpState = GP_IDLE;
    /** rsp->gp_count */
    int gpCount;
    /** rss_lock: gp_wait.lock */
    public final RawSpinLock rssLock;
    /** rsp->gp_wait: rcu_sync_enter() callers waiting for GP_PASSED. */
    final ArrayList<Task> gpWait = new ArrayList<>(2);
    /** rsp->cb_head: the call_rcu() in flight. */
    private final Timer cbHead;
    /** Grace periods waited for, synchronously or by call_rcu(). */
    public long gracePeriods;

    /** rcu_sync_init() */
    public RcuSync(Core core, String name) {
        this.core = core;
        this.rssLock = new RawSpinLock("rss_lock:" + name);
        this.cbHead = new Timer(now -> callback());
    }

    /** rcu_sync_is_idle(): readers may use their fast path. */
    public boolean isIdle() {
        return gpState == GP_IDLE;
    }

    public int gpState() {
        return gpState;
    }

    public int gpCount() {
        return gpCount;
    }

    /** One RCU grace period, as modelled. */
    public long gracePeriodNs() {
        return GP_JIFFIES * core.tickNsec;
    }

    /**
     * rcu_sync_func(): rss_lock held. One grace period after GP_ENTER (or after GP_EXIT with an
     * updater back inside) the readers are all on the slow path: GP_PASSED, and the waiters of
     * gp_wait are to be woken; after GP_REPLAY another grace period; else GP_IDLE.
     */
    void func(WakeQ wake) {
        core.warnOnce(gpState == GP_IDLE, "WARNING: rcu_sync_func: READ_ONCE(rsp->gp_state) == GP_IDLE");
        core.warnOnce(gpState == GP_PASSED, "WARNING: rcu_sync_func: READ_ONCE(rsp->gp_state) == GP_PASSED");
        if (gpCount > 0) {
            gpState = GP_PASSED;
            for (Task t : gpWait) wake.add(t); // wake_up_locked(&rsp->gp_wait): autoremove
            gpWait.clear();
        } else if (gpState == GP_REPLAY) {
            gpState = GP_EXIT;
            call();
        } else {
            gpState = GP_IDLE;
        }
    }

    /** rcu_sync_call(): call_rcu_hurry(&rsp->cb_head, rcu_sync_func). */
    private void call() {
        gracePeriods++;
        core.loop.arm(cbHead, core.now() + gracePeriodNs());
    }

    /** The call_rcu() callback, after the grace period. Only GP_EXIT/GP_REPLAY queue it, and then nobody waits on gp_wait. */
    private void callback() {
        WakeQ wake = new WakeQ();
        func(wake);
        core.warnOnce(!wake.isEmpty(), "rcu_sync: a task waits on gp_wait when the call_rcu() callback runs");
    }

    /**
     * rcu_sync_enter()'s section under rss_lock: GP_IDLE becomes GP_ENTER, gp_count++.
     *
     * @return the gp_state found (GP_IDLE: the caller does synchronize_rcu() and rcu_sync_func())
     */
    int enter() {
        int found = gpState;
        if (found == GP_IDLE) {
            gpState = GP_ENTER;
            core.warnOnce(gpCount != 0, "WARNING: rcu_sync_enter: rsp->gp_count");
            gracePeriods++;
        }
        gpCount++;
        return found;
    }

    /**
     * rcu_sync_exit(): rss_lock held. The last updater out starts the grace period after which
     * readers are back on the fast path (GP_PASSED to GP_EXIT), or asks for one more (GP_EXIT to
     * GP_REPLAY).
     */
    public void exit() {
        core.warnOnce(gpState == GP_IDLE, "WARNING: rcu_sync_exit: READ_ONCE(rsp->gp_state) == GP_IDLE");
        core.warnOnce(gpCount == 0, "WARNING: rcu_sync_exit: rsp->gp_count == 0");
        if (--gpCount == 0) {
            if (gpState == GP_PASSED) {
                gpState = GP_EXIT;
                call();
            } else if (gpState == GP_EXIT) {
                gpState = GP_REPLAY;
            }
        }
    }
}
