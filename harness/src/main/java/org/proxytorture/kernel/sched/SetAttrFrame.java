package org.proxytorture.kernel.sched;

/**
 * set_user_nice() and sched_setscheduler() (sched_set_fifo(), sched_set_normal()) on a task,
 * under task_rq_lock(): p->pi_lock and the rq lock of task_cpu(p).
 */
public final class SetAttrFrame extends KFrame {
    private final Task target;
    private final Policy policy;
    private final int rtPriority;
    private final int nice;
    private final boolean niceOnly;

    private SetAttrFrame(Task target, Policy policy, int rtPriority, int nice, boolean niceOnly) {
        this.target = target;
        this.policy = policy;
        this.rtPriority = rtPriority;
        this.nice = nice;
        this.niceOnly = niceOnly;
    }

    /** set_user_nice(target, nice); a null target means current. */
    public static SetAttrFrame setUserNice(Task target, int nice) {
        return new SetAttrFrame(target, null, 0, nice, true);
    }

    /** sched_setscheduler(target, policy, rt_priority) / sched_set_normal(target, nice). */
    public static SetAttrFrame setScheduler(Task target, Policy policy, int rtPriority, int nice) {
        return new SetAttrFrame(target, policy, rtPriority, nice, false);
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Task t = target == null ? p : target;
        Core core = cpu.core;
        if (!cpu.lock(t.piLock)) return SPIN;
        if (t.onRq == TaskState.TASK_ON_RQ_MIGRATING) return SPIN; // task_rq_lock() waits it out
        Rq rq = core.taskRq(t);
        if (!cpu.lock(rq.lock)) return SPIN;
        cpu.cost(core.costs.section());
        rq.clock = core.now();
        if (niceOnly) core.setUserNice(rq, t, nice);
        else core.setScheduler(rq, t, policy, rtPriority, nice);
        return DONE;
    }

    @Override
    public String describe() {
        return niceOnly ? "set_user_nice(" + nice + ")" : "sched_setscheduler(" + policy + ")";
    }
}
