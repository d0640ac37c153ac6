package org.proxytorture.kernel.sched.fair;

import java.util.ArrayList;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;

/**
 * struct cfs_rq. The rb-tree of runnable entities is modelled as a list that pick_eevdf()
 * scans (simplification: O(n) per pick instead of O(log n); same choice).
 */
public final class CfsRq {
    public final Rq rq;
    /** The group whose queue this is on rq's CPU (the root group for rq->cfs). */
    public final TaskGroup tg;

    /** cfs_rq->load.weight: every queued entity including curr. */
    public long loadWeight;
    public int nrQueued;
    public int hNrQueued;
    /** EEVDF: sum_w_vruntime = sum (v_i - zero_vruntime) * w_i and sum_weight over the tree (curr excluded). */
    public long sumWVruntime;
    public long sumWeight;
    /** Starts near the u64 wrap on purpose, as init_cfs_rq() does. */
    public long zeroVruntime = -(1L << 20);

    public SchedEntity curr;
    final ArrayList<SchedEntity> timeline = new ArrayList<>();
    long treeSeq;

    // CONFIG_CFS_BANDWIDTH (FairBandwidth)
    /** This group has a quota: update_curr() spends runtime_remaining. */
    public boolean runtimeEnabled;
    public long runtimeRemaining;
    /** Throttled itself (on cfs_b->throttled_cfs_rq). */
    public boolean throttled;
    /** Throttled levels at and above this one on this CPU: throttled_hierarchy() is count > 0. */
    public int throttleCount;
    /** When it was throttled (0: not set), for cfs_b->throttled_time; when its own time stopped. */
    long throttledClock;
    long throttledClockSelf;
    public long throttledClockSelfTime;
    /** Task model: tasks parked at return to user, newest first (list_add()). */
    final java.util.ArrayDeque<Task> throttledLimboList = new java.util.ArrayDeque<>();
    /** !list_empty(&cfs_rq->throttled_csd_list): queued for unthrottling by distribute_cfs_runtime(). */
    boolean csdQueued;

    CfsRq(Rq rq, TaskGroup tg) {
        this.rq = rq;
        this.tg = tg;
    }

    /** The tasks in this cfs_rq's throttled_limbo_list, newest first. */
    public java.util.List<Task> throttledLimboList() {
        return java.util.List.copyOf(throttledLimboList);
    }

    /** Entities in the tree (curr excluded), for audits. */
    public java.util.List<SchedEntity> timeline() {
        return java.util.Collections.unmodifiableList(timeline);
    }

    @Override
    public String toString() {
        return "cfs_rq[" + rq.cpu + "]" + (tg.parent == null ? "" : ":" + tg.name); // coverage: not model (text)
    }
}
