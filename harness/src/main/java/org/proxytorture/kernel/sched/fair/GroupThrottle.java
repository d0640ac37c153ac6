package org.proxytorture.kernel.sched.fair;

import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SchedClass;

/**
 * The group-dequeue throttle model (Linux up to 6.17): throttle_cfs_rq() dequeues the group's
 * entity from its parent (DEQUEUE_SLEEP|DEQUEUE_SPECIAL) and takes the group's h_nr_queued off
 * every level above and off rq->nr_running; unthrottle_cfs_rq() re-enqueues it. The whole group
 * leaves the runqueue at once, wherever its tasks are in the kernel: a task holding a mutex can
 * be parked with it until the next period.
 */
public final class GroupThrottle implements ThrottleModel {
    @Override
    public String name() {
        return "group";
    }

    /** tg_throttle_down(): the group is entering throttled state, stop its time. */
    @Override
    public void throttleDown(FairBandwidth bw, CfsRq cfsRq) {
        bw.core.warnOnce(cfsRq.throttledClockSelf != 0, "tg_throttle_down: cfs_rq->throttled_clock_self");
        if (cfsRq.nrQueued > 0) cfsRq.throttledClockSelf = FairBandwidth.clockStamp(cfsRq.rq);
    }

    @Override
    public void throttle(FairBandwidth bw, CfsRq cfsRq) {
        Rq rq = cfsRq.rq;
        SchedEntity se = cfsRq.tg.se[rq.cpu];
        int queuedDelta = cfsRq.hNrQueued;
        for (; se != null; se = se.parent) {
            CfsRq qcfsRq = se.cfsRq;
            if (!se.onRq) return; // throttled entity or throttle-on-deactivate
            // SPECIAL: never a delayed dequeue here; a delayed entity's dequeue is finished
            int flags = SchedClass.DEQUEUE_SLEEP | FairBandwidth.DEQUEUE_SPECIAL;
            if (se.schedDelayed) flags |= SchedClass.DEQUEUE_DELAYED;
            bw.fair.dequeueEntity(qcfsRq, se, flags);
            qcfsRq.hNrQueued -= queuedDelta;
            if (qcfsRq.loadWeight != 0) { // avoid re-evaluating load for this entity
                se = se.parent;
                break;
            }
        }
        for (; se != null; se = se.parent) {
            if (!se.onRq) return;
            se.cfsRq.hNrQueued -= queuedDelta;
        }
        rq.nrRunning -= queuedDelta; // at the root: sub_nr_running(rq, queued_delta)
    }

    @Override
    public void unthrottleUp(FairBandwidth bw, CfsRq cfsRq) {
    }

    @Override
    public void unthrottle(FairBandwidth bw, CfsRq cfsRq) {
        Rq rq = cfsRq.rq;
        if (cfsRq.loadWeight == 0) return; // nothing to run
        int queuedDelta = cfsRq.hNrQueued;
        SchedEntity se = cfsRq.tg.se[rq.cpu];
        for (; se != null; se = se.parent) {
            CfsRq qcfsRq = se.cfsRq;
            // handle any unfinished DELAY_DEQUEUE business first
            if (se.schedDelayed) bw.fair.dequeueEntity(qcfsRq, se, SchedClass.DEQUEUE_SLEEP | SchedClass.DEQUEUE_DELAYED);
            else if (se.onRq) break;
            bw.fair.enqueueEntity(qcfsRq, se, SchedClass.ENQUEUE_WAKEUP);
            qcfsRq.hNrQueued += queuedDelta;
            if (qcfsRq.throttled) return; // end evaluation on encountering a throttled cfs_rq
        }
        for (; se != null; se = se.parent) {
            CfsRq qcfsRq = se.cfsRq;
            qcfsRq.hNrQueued += queuedDelta;
            if (qcfsRq.throttled) return;
        }
        rq.nrRunning += queuedDelta; // at the root: add_nr_running(rq, queued_delta)
    }

    @Override
    public boolean walksEndAtThrottled() {
        return true;
    }

    @Override
    public boolean pickAgainOnThrottle() {
        return true;
    }

    /** throttled_lb_pair(): neither end may be in a throttled hierarchy. */
    @Override
    public boolean lbThrottled(TaskGroup tg, int srcCpu, int dstCpu) {
        return tg.cfsRq[srcCpu].throttleCount > 0 || tg.cfsRq[dstCpu].throttleCount > 0;
    }
}
