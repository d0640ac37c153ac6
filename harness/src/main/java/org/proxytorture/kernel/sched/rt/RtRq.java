package org.proxytorture.kernel.sched.rt;

import java.util.ArrayDeque;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Weights;

/** struct rt_rq: the rt_prio_array (100 FIFO queues plus a bitmap) and push/pull state. */
public final class RtRq {
    @SuppressWarnings("unchecked")
    final ArrayDeque<Task>[] queue = new ArrayDeque[Weights.MAX_RT_PRIO];
    final long[] bitmap = new long[2];
    public int rtNrRunning;
    /** Queued rt tasks that could run elsewhere (plist pushable_tasks, kept in prio order on scan). */
    final java.util.ArrayList<Task> pushable = new java.util.ArrayList<>();
    boolean overloaded;
    /** rt_rq->rt_time: rt runtime used in this period; rt_rq->rt_throttled. */
    long rtTime;
    boolean rtThrottled;
    /** When the current sched_rt_period ends (the rt_bandwidth period timer, per CPU here). */
    long periodEnd = Rt.RT_PERIOD_NS;

    public RtRq() {
        for (int i = 0; i < queue.length; i++) queue[i] = new ArrayDeque<>();
    }

    /** Queued RT tasks of every priority, highest first (a copy), for audits. */
    public java.util.List<Task> queuedTasks() {
        java.util.List<Task> out = new java.util.ArrayList<>();
        for (ArrayDeque<Task> q : queue) out.addAll(q);
        return out;
    }

    /** rt_rq->pushable_tasks, read only. */
    public java.util.List<Task> pushableTasks() {
        return java.util.Collections.unmodifiableList(pushable);
    }

    /** rt_rq->rt_throttled. */
    public boolean throttled() {
        return rtThrottled;
    }

    /** rt_rq->highest_prio.curr: the best queued prio, MAX_RT_PRIO when empty. */
    public int highestPrio() {
        if (bitmap[0] != 0) return Long.numberOfTrailingZeros(bitmap[0]);
        if (bitmap[1] != 0) return 64 + Long.numberOfTrailingZeros(bitmap[1]);
        return Weights.MAX_RT_PRIO;
    }

    void mark(int prio) {
        bitmap[prio >>> 6] |= 1L << (prio & 63);
    }

    void unmarkIfEmpty(int prio) {
        if (queue[prio].isEmpty()) bitmap[prio >>> 6] &= ~(1L << (prio & 63));
    }
}
