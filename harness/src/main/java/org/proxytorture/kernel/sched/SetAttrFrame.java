package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * set_user_nice() and sched_setscheduler() (sched_set_fifo(), sched_set_normal()) on a task,
 * under task_rq_lock(): p->pi_lock and the rq lock of task_cpu(p). __sched_setscheduler() then
 * calls rt_mutex_adjust_pi(p): for a task asleep on an rt_mutex (or, with proxytorture.lock_pi=1,
 * on a mutex) whose prio changed, the PI chain walk follows, one section per link; a task that
 * changes its own policy is running, so for it this adds nothing.
 */
public final class SetAttrFrame extends KFrame {
    private final Task target;
    private final Policy policy;
    private final int rtPriority;
    private final int nice;
    private final boolean niceOnly;
    /** rt_mutex_adjust_pi()'s chain walk in progress, or null. */
    private org.proxytorture.kernel.locking.RtMutexChainWalk walk;
    /** proxytorture.lock_pi: the next mutex owner to re-prioritize, or null. */
    private Task piNext;

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
        if (walk != null) {
            int r = walk.step(cpu);
            if (r == SPIN) return SPIN;
            if (r == org.proxytorture.kernel.locking.RtMutexChainWalk.MORE) return NEXT;
            return DONE; // rt_mutex_adjust_pi() ignores the walk's -EDEADLK
        }
        if (piNext != null) {
            Task n = org.proxytorture.kernel.locking.Pi.adjustStep(cpu, piNext);
            if (n == piNext) return SPIN;
            piNext = n;
            return n == null ? DONE : NEXT;
        }
        Task t = target == null ? p : target;
        Core core = cpu.core();
        if (!cpu.lock(t.piLock)) return SPIN;
        if (t.onRq == TaskState.TASK_ON_RQ_MIGRATING) return SPIN; // task_rq_lock() waits it out
        Rq rq = core.taskRq(t);
        if (!cpu.lock(rq.lock)) return SPIN;
        cpu.cost(core.costs.section());
        rq.clock = core.now();
        if (niceOnly) core.setUserNice(rq, t, nice);
        else core.setScheduler(rq, t, policy, rtPriority, nice);
        if (niceOnly || t == p) return DONE;
        // rt_mutex_adjust_pi(t) after task_rq_unlock(); simplified: its pi_blocked_on check is made in this section
        walk = org.proxytorture.kernel.locking.RtMutexChainWalk.adjustPi(t, p);
        if (walk == null && core.lockPi) piNext = org.proxytorture.kernel.locking.Pi.blockedOnOwner(t);
        if (walk == null && piNext == null) return DONE;
        core.coverage.hit("rt_mutex_adjust_pi");
        return NEXT;
    }

    @Override
    public String describe() {
        return niceOnly ? "set_user_nice(" + nice + ")" : "sched_setscheduler(" + policy + ")"; // coverage: not model (describe() text)
    }
}
