package org.proxytorture.kernel.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.sched.fair.CfsRq;
import org.proxytorture.kernel.sched.rt.RtRq;

/** struct rq: one CPU's runqueue. Everything here is protected by {@link #lock} (rq->__lock). */
public final class Rq {
    public final int cpu;
    public final RawSpinLock lock;
    /** rq->curr: the execution context. */
    public Task curr;
    /** rq->donor: the scheduling context; the same as curr unless proxying. */
    public Task donor;
    public Task idle;
    /** The stopper kthread (migration/N). */
    public Task stop;
    public int nrRunning;
    public long clock;
    public CfsRq cfs;
    public final RtRq rt = new RtRq();
    /** rq->cfs_tasks: queued fair tasks, oldest first (load balancing detaches from here). */
    public final ArrayList<Task> cfsTasks = new ArrayList<>();
    public boolean online = true;
    public long nextBalance;
    /** The wake list (rq->wake_list llist) filled by remote try_to_wake_up(); drained by the IPI. */
    final ArrayDeque<Task> wakeList = new ArrayDeque<>();
    /** rq->balance_callback: queued push/pull work to run after the pick, rq lock held. */
    public final ArrayDeque<BalanceCallback> balanceCallbacks = new ArrayDeque<>();
    /** cpu_stopper works queued for this CPU's migration/N thread. */
    public final ArrayDeque<StopWork> stopWorks = new ArrayDeque<>();
    public long nrSwitches;
    /** rq->active_balance: an active_load_balance_cpu_stop() is queued for this CPU's stopper. */
    public boolean activeBalance;
    /** sd->nr_balance_failed of this CPU's (single) sched domain: periodic balances that moved nothing. */
    public int nrBalanceFailed;

    Rq(int cpu) {
        this.cpu = cpu;
        this.lock = new RawSpinLock("rq:" + cpu);
    }

    /** idle_cpu(): nothing running, nothing queued, no wakeup pending. */
    public boolean idleCpu() {
        return curr == idle && nrRunning == 0 && wakeList.isEmpty();
    }

    /** rq->cfs_tasks, read-only, for audits. */
    public java.util.List<Task> cfsTasks() {
        return java.util.Collections.unmodifiableList(cfsTasks);
    }

    /** llist_empty(&rq->wake_list): no remote wakeup in flight to this CPU. */
    public boolean wakeListEmpty() {
        return wakeList.isEmpty();
    }

    /** Whether p sits on this rq's wake list (a remote wakeup in flight), for audits. */
    public boolean onWakeList(Task p) {
        return wakeList.contains(p);
    }

    /** Queued RT tasks of every priority, highest first, for audits. */
    public java.util.List<Task> rtTasks() {
        return rt.queuedTasks();
    }

    /** Whether p is on this rq's pushable_tasks list, for audits. */
    public boolean rtPushable(Task p) {
        return rt.pushableTasks().contains(p);
    }

    /** rq->rt.pushable_tasks, for audits (read only). */
    public java.util.List<Task> rtPushableTasks() {
        return rt.pushableTasks();
    }

    /** Whether p's pushable_tasks node says it is on a list (!plist_node_empty()), for audits. */
    public static boolean onPushableList(Task p) {
        return p.rtPushable;
    }

    /** Whether this rq's rt_rq is throttled (sched_rt_runtime_exceeded()), for audits. */
    public boolean rtThrottled() {
        return rt.throttled();
    }

    /** queue_balance_callback(): at most once per kind. */
    public void queueBalanceCallback(BalanceCallback cb) {
        if (!balanceCallbacks.contains(cb)) balanceCallbacks.add(cb);
    }

    @Override
    public String toString() {
        return "rq[" + cpu + "]";
    }
}
