package org.proxytorture.kernel.sched.fair;

import java.util.List;

/**
 * What throttling a cfs_rq does to the hierarchy (proxytorture.throttle_model). The accounting,
 * the pool, the timers and the throttled list are common ({@link FairBandwidth}); the models
 * differ in who leaves the runqueue and when:
 * <ul>
 *   <li>{@link TaskThrottle} "task" (e1fad12dcb66, mainline since 6.18, the default): the
 *       throttled cfs_rq stays queued; each of its tasks is parked when it returns to user;</li>
 *   <li>{@link GroupThrottle} "group" (up to 6.17): the group's entity is dequeued from its parent
 *       at once, wherever its tasks are in the kernel.</li>
 * </ul>
 * All methods run with the cfs_rq's rq lock held.
 */
public sealed interface ThrottleModel permits TaskThrottle, GroupThrottle {
    /** The models by proxytorture.throttle_model value; adding one is a class and a constant here. */
    enum Kind {
        /** e1fad12dcb66, mainline since 6.18 (the default). */
        TASK("task"),
        /** Up to 6.17. */
        GROUP("group");

        /** The proxytorture.throttle_model value. */
        public final String param;

        Kind(String param) {
            this.param = param;
        }

        /** A fresh instance for one machine. */
        public ThrottleModel create() {
            return this == TASK ? new TaskThrottle() : new GroupThrottle();
        }

        /** By value, or null. */
        public static Kind byParam(String v) {
            for (Kind k : values()) if (k.param.equals(v)) return k;
            return null;
        }

        @Override
        public String toString() {
            return param;
        }
    }

    List<String> NAMES = java.util.Arrays.stream(Kind.values()).map(k -> k.param).toList();

    String name();

    /** tg_throttle_down() for a cfs_rq entering the throttled state (its throttle_count was 0). */
    void throttleDown(FairBandwidth bw, CfsRq cfsRq);

    /** throttle_cfs_rq() once the cfs_rq is on the throttled list and its subtree counted down. */
    void throttle(FairBandwidth bw, CfsRq cfsRq);

    /** tg_unthrottle_up() for a cfs_rq whose throttle_count dropped to 0. */
    void unthrottleUp(FairBandwidth bw, CfsRq cfsRq);

    /** unthrottle_cfs_rq() after tg_unthrottle_up() on the whole subtree. */
    void unthrottle(FairBandwidth bw, CfsRq cfsRq);

    /** Enqueue and dequeue walks end at a throttled cfs_rq (it is off its parent's queue). */
    boolean walksEndAtThrottled();

    /**
     * pick_task_fair() after check_cfs_rq_runtime() found a level throttled: true to pick again
     * from the top (group model: that level just left the tree), false to pick on and mark the
     * picked task with task_throttle_setup_work() (task model).
     */
    boolean pickAgainOnThrottle();

    /** can_migrate_task(): load balancing must not move p between these CPUs. */
    boolean lbThrottled(TaskGroup tg, int srcCpu, int dstCpu);

    static ThrottleModel byName(String name) {
        Kind k = Kind.byParam(name);
        if (k == null) throw new IllegalArgumentException("throttle model " + name + " (accepted: " + String.join("|", NAMES) + ")");
        return k.create();
    }
}
