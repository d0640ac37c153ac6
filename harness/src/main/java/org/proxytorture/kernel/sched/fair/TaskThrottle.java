package org.proxytorture.kernel.sched.fair;

import java.util.ArrayList;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SchedClass;
import org.proxytorture.kernel.sched.Task;

/**
 * The task-based throttle model (e1fad12dcb66 "sched/fair: Switch to task based throttle model",
 * 6.18): a throttled cfs_rq stays queued. A task picked under a throttled hierarchy gets
 * sched_throttle_work; when it returns to user, throttle_cfs_rq_work() dequeues it
 * (DEQUEUE_SLEEP|DEQUEUE_SPECIAL) into the cfs_rq's throttled_limbo_list with p->throttled set.
 * Unthrottling re-enqueues the limbo tasks with ENQUEUE_WAKEUP, so place_entity() restores their
 * lag against the current V. Tasks inside the kernel keep running, so a lock holder is never
 * parked while it holds the lock.
 *
 * <p>The model's return to user: see {@link FairBandwidth#throttleCfsRqWork}.
 */
public final class TaskThrottle implements ThrottleModel {
    @Override
    public String name() {
        return "task";
    }

    /** tg_throttle_down(): no time is stopped yet; the cfs_rq may still have tasks to run. */
    @Override
    public void throttleDown(FairBandwidth bw, CfsRq cfsRq) {
        bw.core.warnOnce(cfsRq.throttledClockSelf != 0, "tg_throttle_down: cfs_rq->throttled_clock_self");
        bw.core.warnOnce(!cfsRq.throttledLimboList.isEmpty(), "tg_throttle_down: !list_empty(&cfs_rq->throttled_limbo_list)");
    }

    /** throttle_cfs_rq(): nothing leaves the runqueue here. */
    @Override
    public void throttle(FairBandwidth bw, CfsRq cfsRq) {
    }

    /** tg_unthrottle_up(): re-enqueue the tasks throttled at this level (newest first, as list_add() left them). */
    @Override
    public void unthrottleUp(FairBandwidth bw, CfsRq cfsRq) {
        if (cfsRq.throttledLimboList.isEmpty()) return;
        Rq rq = cfsRq.rq;
        // "Move the throttled tasks to a local list in tg_unthrottle_up()"
        ArrayList<Task> local = new ArrayList<>(cfsRq.throttledLimboList);
        cfsRq.throttledLimboList.clear();
        for (Task p : local) {
            // S28 (inject): tg_unthrottle_up() empties the limbo list without re-initialising each p->throttle_node (list_del(), not list_del_init())
            if (!bw.core.faults.s28) p.throttleNode = null;
            p.throttled = false;
            bw.fair.enqueueTask(rq, p, SchedClass.ENQUEUE_WAKEUP);
            rq.nrRunning++; // enqueue_task_fair()'s add_nr_running(): core's enqueue_task() is not involved
        }
    }

    @Override
    public void unthrottle(FairBandwidth bw, CfsRq cfsRq) {
    }

    @Override
    public boolean walksEndAtThrottled() {
        return false;
    }

    @Override
    public boolean pickAgainOnThrottle() {
        return false;
    }

    /** lb_throttled_hierarchy(p, dst_cpu): do not move a task into a throttled hierarchy. */
    @Override
    public boolean lbThrottled(TaskGroup tg, int srcCpu, int dstCpu) {
        return tg.cfsRq[dstCpu].throttleCount > 0;
    }
}
