package org.proxytorture.kernel.sched.fair;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.IrqWork;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SchedClass;
import org.proxytorture.kernel.sched.Task;

/**
 * fair.c, CONFIG_CFS_BANDWIDTH: cpu.max enforcement. Each task group's {@link CfsBandwidth} holds
 * a pool refilled with quota every period; each of its cfs_rqs draws slices of
 * sched_cfs_bandwidth_slice (5 ms) into runtime_remaining and spends it in update_curr():
 * <pre>
 * update_curr -> account_cfs_rq_runtime: runtime_remaining -= delta_exec; at &lt;= 0
 *                assign_cfs_rq_runtime() from the pool, else resched_curr()
 * put_prev_entity / pick_task_fair -> check_cfs_rq_runtime -> throttle_cfs_rq
 * period timer -> __refill_cfs_bandwidth_runtime, distribute_cfs_runtime -> unthrottle_cfs_rq
 *                (remote cfs_rqs through the target's cfsb_csd IPI: an interleaving point)
 * dequeue of the last entity -> return_cfs_rq_runtime -> slack timer -> distribute
 * </pre>
 * With proxy execution update_curr() charges cfs_rq->curr, the donor's entity and its ancestors,
 * so the donor's groups pay for the time an owner runs as its proxy (the running task only gets
 * the sum_exec_runtime).
 *
 * <p>What throttling does to the hierarchy is the {@link ThrottleModel}'s (task or group).
 * Everything here runs with the rq lock of the cfs_rq concerned held.
 */
public final class FairBandwidth {
    /** sysctl_sched_cfs_bandwidth_slice: 5 ms. */
    public static final long SCHED_CFS_BANDWIDTH_SLICE = 5_000_000L;
    /** min_cfs_rq_runtime: 1 ms stays with a cfs_rq that returns its slack. */
    static final long MIN_CFS_RQ_RUNTIME = 1_000_000L;
    /** cfs_bandwidth_slack_period: 5 ms; min_bandwidth_expiration: 2 ms. */
    static final long CFS_BANDWIDTH_SLACK_PERIOD = 5_000_000L;
    static final long MIN_BANDWIDTH_EXPIRATION = 2_000_000L;
    /** min_cfs_quota_period 1 ms, max_cfs_quota_period 1 s; max_cfs_runtime = MAX_BW us. */
    public static final long MIN_CFS_QUOTA_PERIOD = 1_000_000L;
    public static final long MAX_CFS_QUOTA_PERIOD = 1_000_000_000L;
    public static final long MAX_CFS_RUNTIME = ((1L << 44) - 1) * 1000L;
    /** DEQUEUE_SPECIAL: a throttle's dequeue is never delayed (DELAY_DEQUEUE). */
    static final int DEQUEUE_SPECIAL = SchedClass.DEQUEUE_SPECIAL;

    final Core core;
    final Fair fair;
    /** proxytorture.throttle_model: task (default, 6.18+) or group (up to 6.17). */
    public ThrottleModel model = new TaskThrottle();
    /** cfs_bandwidth_used(): a static key counting the groups with a quota. */
    private int used;
    /** rq->cfsb_csd and rq->cfsb_csd_list, per CPU. */
    private final CsdUnthrottle[] csd;

    FairBandwidth(Core core, Fair fair) {
        this.core = core;
        this.fair = fair;
        this.csd = new CsdUnthrottle[CpuMask.NR_CPUS]; // made on first use
    }

    /** cfs_bandwidth_used() */
    public boolean used() {
        return used > 0;
    }

    /** A throttled_clock stamp: 0 means "not set", so a stamp is never 0. */
    static long clockStamp(Rq rq) {
        return Math.max(1, rq.clock);
    }

    // ---------------------------------------------------------------- cpu.max

    /**
     * tg_set_cfs_bandwidth(): cpu.max written. quota RUNTIME_INF is "max". Outside any section
     * (boot or test set-up); a bad value is -EINVAL, an IllegalArgumentException here.
     */
    public void tgSetCfsBandwidth(TaskGroup tg, long period, long quota) {
        if (tg.parent == null) throw new IllegalArgumentException("cpu.max: the root group has no cpu.max (-EINVAL)");
        if (period < MIN_CFS_QUOTA_PERIOD || period > MAX_CFS_QUOTA_PERIOD)
            throw new IllegalArgumentException("cpu.max: period " + period / 1000 + " us out of range (accepted: 1000..1000000 us, -EINVAL)");
        if (quota != CfsBandwidth.RUNTIME_INF && (quota < MIN_CFS_QUOTA_PERIOD || quota > MAX_CFS_RUNTIME))
            throw new IllegalArgumentException("cpu.max: quota " + quota / 1000 + " us out of range (accepted: max or 1000.." + MAX_CFS_RUNTIME / 1000 + " us, -EINVAL)");
        CfsBandwidth cfsB = tg.cfsBandwidth;
        boolean runtimeEnabled = quota != CfsBandwidth.RUNTIME_INF;
        boolean runtimeWasEnabled = cfsB.quota != CfsBandwidth.RUNTIME_INF;
        if (runtimeEnabled && !runtimeWasEnabled) used++; // cfs_bandwidth_usage_inc()
        cfsB.period = period;
        cfsB.quota = quota;
        cfsB.burst = 0;
        refillCfsBandwidthRuntime(cfsB);
        if (runtimeEnabled) startCfsBandwidth(cfsB); // restart the period timer for the new period
        for (CfsRq cfsRq : tg.cfsRq) {
            if (!core.hotplug.cpuOnline(cfsRq.rq.cpu)) continue; // for_each_online_cpu(): rq_online_fair() sets the others
            cfsRq.runtimeEnabled = runtimeEnabled;
            cfsRq.runtimeRemaining = 0;
            if (cfsRq.throttled) unthrottleCfsRq(cfsRq);
        }
        if (!runtimeEnabled && runtimeWasEnabled) used--; // cfs_bandwidth_usage_dec()
    }

    // ---------------------------------------------------------------- consumption

    /** account_cfs_rq_runtime(): update_curr() charged delta_exec to cfs_rq->curr. */
    void accountCfsRqRuntime(CfsRq cfsRq, long deltaExec) {
        if (!used() || !cfsRq.runtimeEnabled) return;
        cfsRq.runtimeRemaining -= deltaExec;
        if (cfsRq.runtimeRemaining > 0) return;
        if (cfsRq.throttled) return;
        // if we're unable to extend our runtime we resched so that the active hierarchy can be throttled
        if (!assignCfsRqRuntime(cfsRq) && cfsRq.curr != null) core.reschedCurr(cfsRq.rq);
    }

    /** assign_cfs_rq_runtime(): a slice from the pool. */
    private boolean assignCfsRqRuntime(CfsRq cfsRq) {
        return assignCfsRqRuntime(cfsRq.tg.cfsBandwidth, cfsRq, SCHED_CFS_BANDWIDTH_SLICE);
    }

    /** __assign_cfs_rq_runtime(): bring runtime_remaining up to target from the pool; true if it is positive. */
    private boolean assignCfsRqRuntime(CfsBandwidth cfsB, CfsRq cfsRq, long targetRuntime) {
        long minAmount = targetRuntime - cfsRq.runtimeRemaining; // positive: runtime_remaining <= 0
        long amount = 0;
        if (cfsB.quota == CfsBandwidth.RUNTIME_INF) {
            amount = minAmount;
        } else {
            startCfsBandwidth(cfsB);
            if (cfsB.runtime > 0) {
                amount = Math.min(cfsB.runtime, minAmount);
                cfsB.runtime -= amount;
                cfsB.idle = false;
            }
        }
        cfsRq.runtimeRemaining += amount;
        return cfsRq.runtimeRemaining > 0;
    }

    /** check_cfs_rq_runtime(): throttle a cfs_rq that is out of runtime; true if it is throttled. */
    boolean checkCfsRqRuntime(CfsRq cfsRq) {
        if (!used()) return false;
        if (!cfsRq.runtimeEnabled || cfsRq.runtimeRemaining > 0) return false;
        // it's possible for a throttled entity to be forced into a running state
        if (cfsRq.throttled) return true;
        return throttleCfsRq(cfsRq);
    }

    /** check_enqueue_throttle(): the first entity enqueued on a cfs_rq that is out of runtime. */
    void checkEnqueueThrottle(CfsRq cfsRq) {
        if (!used()) return;
        // an active group must be handled by the update_curr()->put() path
        if (!cfsRq.runtimeEnabled || cfsRq.curr != null) return;
        if (cfsRq.throttled) return;
        accountCfsRqRuntime(cfsRq, 0); // update runtime allocation
        if (cfsRq.runtimeRemaining <= 0) throttleCfsRq(cfsRq);
    }

    /** return_cfs_rq_runtime(): the last entity left; give back all but min_cfs_rq_runtime. */
    void returnCfsRqRuntime(CfsRq cfsRq) {
        if (!used() || !cfsRq.runtimeEnabled || cfsRq.nrQueued > 0) return;
        CfsBandwidth cfsB = cfsRq.tg.cfsBandwidth;
        long slackRuntime = cfsRq.runtimeRemaining - MIN_CFS_RQ_RUNTIME;
        if (slackRuntime <= 0) return;
        if (cfsB.quota != CfsBandwidth.RUNTIME_INF) {
            cfsB.runtime += slackRuntime;
            // we are under rq->lock, defer unthrottling using a timer
            if (cfsB.runtime > SCHED_CFS_BANDWIDTH_SLICE && !cfsB.throttledCfsRq.isEmpty()) startCfsSlackBandwidth(cfsB);
        }
        // even if it's not valid for return we don't want to try again
        cfsRq.runtimeRemaining -= slackRuntime;
    }

    // ---------------------------------------------------------------- throttle / unthrottle

    /** throttled_hierarchy(): this cfs_rq or an ancestor is throttled on its CPU. */
    public static boolean throttledHierarchy(CfsRq cfsRq) {
        return cfsRq.throttleCount > 0;
    }

    /** throttle_cfs_rq(): false if runtime arrived meanwhile (then it is not throttled). */
    boolean throttleCfsRq(CfsRq cfsRq) {
        CfsBandwidth cfsB = cfsRq.tg.cfsBandwidth;
        // this will start the period timer if necessary; we ask for 1 ns rather than just check
        // cfs_b, so that later check_cfs_rq_runtime() calls agree not to throttle us
        if (assignCfsRqRuntime(cfsB, cfsRq, 1)) return false;
        cfsB.throttledCfsRq.add(cfsRq);
        walkThrottleDown(cfsRq.tg, cfsRq.rq.cpu);
        model.throttle(this, cfsRq);
        // distribution will already see us throttled via the throttled list; rq->lock protects completion
        cfsRq.throttled = true;
        core.warnOnce(cfsRq.throttledClock != 0, "throttle_cfs_rq: cfs_rq->throttled_clock");
        if (model.walksEndAtThrottled() && cfsRq.nrQueued > 0) cfsRq.throttledClock = clockStamp(cfsRq.rq);
        return true;
    }

    /** walk_tg_tree_from(tg, tg_throttle_down, tg_nop): pre-order. */
    private void walkThrottleDown(TaskGroup tg, int cpu) {
        CfsRq cfsRq = tg.cfsRq[cpu];
        if (cfsRq.throttleCount++ == 0) model.throttleDown(this, cfsRq);
        for (TaskGroup child : tg.children) walkThrottleDown(child, cpu);
    }

    /** walk_tg_tree_from(tg, tg_nop, tg_unthrottle_up): post-order. */
    private void walkUnthrottleUp(TaskGroup tg, Rq rq) {
        for (TaskGroup child : tg.children) walkUnthrottleUp(child, rq);
        CfsRq cfsRq = tg.cfsRq[rq.cpu];
        if (--cfsRq.throttleCount > 0) return;
        if (cfsRq.throttledClockSelf != 0) {
            long delta = rq.clock - cfsRq.throttledClockSelf;
            cfsRq.throttledClockSelf = 0;
            if (core.warnOnce(delta < 0, "tg_unthrottle_up: (s64)delta < 0")) delta = 0;
            cfsRq.throttledClockSelfTime += delta;
        }
        model.unthrottleUp(this, cfsRq);
    }

    /** unthrottle_cfs_rq(): rq lock held. */
    void unthrottleCfsRq(CfsRq cfsRq) {
        Rq rq = cfsRq.rq;
        // any enqueue in tg_unthrottle_up() would immediately throttle again: not on this path
        // (6.18; the group model's callers only unthrottle with runtime, so it holds for both)
        if (cfsRq.runtimeEnabled && cfsRq.runtimeRemaining <= 0) return;
        cfsRq.throttled = false;
        rq.clock = core.now();
        CfsBandwidth cfsB = cfsRq.tg.cfsBandwidth;
        if (cfsRq.throttledClock != 0) {
            cfsB.throttledTime += rq.clock - cfsRq.throttledClock;
            cfsRq.throttledClock = 0;
        }
        cfsB.throttledCfsRq.remove(cfsRq);
        walkUnthrottleUp(cfsRq.tg, rq);
        model.unthrottle(this, cfsRq);
        // determine whether we need to wake up a potentially idle CPU
        if (rq.curr == rq.idle && rq.cfs.nrQueued > 0) core.reschedCurr(rq);
    }

    /**
     * rq_offline_fair()'s unthrottle_offline_cfs_rqs(), from sched_set_rq_offline() (rq lock held):
     * a CPU going down must not gain tasks from an unthrottle after balance_push() has emptied it
     * ("sched: Fix hotplug vs CPU bandwidth control", 5.11), so runtime is disabled on it
     * ("Offline rq is schedulable till CPU is completely disabled in take_cpu_down(), so we prevent
     * new cfs throttling here") and every throttled cfs_rq is unthrottled while the CPU can still
     * push its tasks away. Not for an active CPU.
     */
    public void unthrottleOfflineCfsRqs(Rq rq) {
        if (core.hotplug.cpuActive(rq.cpu)) return;
        rq.clock = core.now(); // rq_clock_start_loop_update()
        for (TaskGroup tg : core.taskGroups()) {
            CfsRq cfsRq = tg.cfsRq[rq.cpu];
            if (!cfsRq.runtimeEnabled) continue;
            cfsRq.runtimeEnabled = false;
            if (!cfsRq.throttled) continue;
            core.warnOnce(cfsRq.runtimeRemaining > 0, "unthrottle_offline_cfs_rqs: cfs_rq->runtime_remaining > 0");
            // clock_task is not advancing so we just need to make sure there's some valid quota amount
            cfsRq.runtimeRemaining = 1;
            unthrottleCfsRq(cfsRq);
        }
    }

    /** rq_online_fair()'s update_runtime_enabled(), from sched_set_rq_online() (rq lock held). */
    public void updateRuntimeEnabled(Rq rq) {
        for (TaskGroup tg : core.taskGroups()) tg.cfsRq[rq.cpu].runtimeEnabled = tg.cfsBandwidth.quota != CfsBandwidth.RUNTIME_INF;
    }

    /**
     * unthrottle_cfs_rq_async(): a remote cfs_rq goes on its rq's cfsb_csd_list, and the first one
     * sends the CSD IPI (__cfsb_csd_unthrottle() runs there). That rq's lock is held.
     */
    private void unthrottleCfsRqAsync(Cpu cpu, CfsRq cfsRq) {
        Rq rq = cfsRq.rq;
        if (rq.cpu == cpu.id) {
            unthrottleCfsRq(cfsRq);
            return;
        }
        if (core.warnOnce(cfsRq.csdQueued, "unthrottle_cfs_rq_async: already on cfsb_csd_list")) return;
        if (csd[rq.cpu] == null) csd[rq.cpu] = new CsdUnthrottle(rq.cpu);
        CsdUnthrottle c = csd[rq.cpu];
        boolean first = c.list.isEmpty();
        c.list.add(cfsRq);
        cfsRq.csdQueued = true;
        if (first) core.cpus[rq.cpu].sendIpi(c);
    }

    /** rq->cfsb_csd: __cfsb_csd_unthrottle() on the target CPU, under its rq lock. */
    private final class CsdUnthrottle extends IrqWork {
        final int cpuId;
        final ArrayList<CfsRq> list = new ArrayList<>(2);

        CsdUnthrottle(int cpuId) {
            this.cpuId = cpuId;
        }

        @Override
        protected int run(Cpu cpu) {
            Rq rq = cpu.rq;
            if (!cpu.lock(rq.lock)) return KFrame.SPIN;
            cpu.cost(core.costs.section());
            rq.clock = core.now();
            ArrayList<CfsRq> cursor = new ArrayList<>(list);
            list.clear();
            for (CfsRq cfsRq : cursor) {
                cfsRq.csdQueued = false;
                if (cfsRq.throttled) unthrottleCfsRq(cfsRq);
            }
            return KFrame.DONE;
        }

        @Override
        protected String name() {
            return "__cfsb_csd_unthrottle";
        }
    }

    // ---------------------------------------------------------------- the period and slack timers

    /** start_cfs_bandwidth(): arm the period timer (pinned to this CPU) unless it runs. */
    void startCfsBandwidth(CfsBandwidth cfsB) {
        if (cfsB.periodActive) return;
        cfsB.periodActive = true;
        cfsB.periodTimerCpu = core.thisCpu == null ? 0 : core.thisCpu.id;
        hrtimerForwardNow(cfsB);
        core.loop.arm(cfsB.periodTimer, cfsB.periodExpires);
    }

    /** hrtimer_forward_now(period_timer, period): the number of periods the expiry moved. */
    private long hrtimerForwardNow(CfsBandwidth cfsB) {
        long expires = cfsB.periodExpires;
        long now = core.now();
        if (now < expires) return 0;
        long overrun = (now - expires) / cfsB.period + 1;
        cfsB.periodExpires = expires + overrun * cfsB.period;
        return overrun;
    }

    /** The period hrtimer fired: sched_cfs_period_timer() runs as interrupt work on its CPU. */
    void periodTimerExpired(CfsBandwidth cfsB, long now) {
        cfsB.periodCallbackRunning = true;
        cfsB.periodWork.overrun = hrtimerForwardNow(cfsB);
        core.cpus[cfsB.periodTimerCpu].raise(cfsB.periodWork);
    }

    /** The period callback finished: HRTIMER_RESTART at the forwarded expiry, or NORESTART when idle. */
    void periodTimerDone(CfsBandwidth cfsB, boolean idle) {
        cfsB.periodCallbackRunning = false;
        if (idle) {
            cfsB.periodActive = false;
            return;
        }
        hrtimerForwardNow(cfsB); // the callback may have run past the next expiry
        core.loop.arm(cfsB.periodTimer, cfsB.periodExpires);
    }

    /** start_cfs_slack_bandwidth(): a distribution 5 ms from now, unless the period refresh is near. */
    private void startCfsSlackBandwidth(CfsBandwidth cfsB) {
        if (runtimeRefreshWithin(cfsB, MIN_BANDWIDTH_EXPIRATION)) return;
        if (cfsB.slackStarted) return;
        cfsB.slackStarted = true;
        cfsB.slackTimerCpu = core.thisCpu == null ? 0 : core.thisCpu.id;
        core.loop.arm(cfsB.slackTimer, core.now() + CFS_BANDWIDTH_SLACK_PERIOD);
    }

    /** runtime_refresh_within(): the period timer runs or fires within minExpire. */
    boolean runtimeRefreshWithin(CfsBandwidth cfsB, long minExpire) {
        if (cfsB.periodCallbackRunning) return true;
        if (!cfsB.periodTimer.armed()) return false;
        return cfsB.periodTimer.expires() - core.now() < minExpire;
    }

    /** __refill_cfs_bandwidth_runtime(): runtime += quota, capped at quota + burst. */
    void refillCfsBandwidthRuntime(CfsBandwidth cfsB) {
        if (cfsB.quota == CfsBandwidth.RUNTIME_INF) return;
        cfsB.runtime = Math.min(cfsB.runtime + cfsB.quota, cfsB.quota + cfsB.burst);
    }

    /**
     * distribute_cfs_runtime(), one throttled cfs_rq: under its rq lock, give it enough runtime to
     * be positive and unthrottle it (here if local: deferred to the end of the pass; remotely
     * through its CSD). Returns SPIN (nothing done), or the runtime left in the pool.
     */
    long distributeOne(Cpu cpu, CfsBandwidth cfsB, CfsRq cfsRq, List<CfsRq> localUnthrottle, boolean[] throttled) {
        Rq rq = cfsRq.rq;
        if (!cpu.lock(rq.lock)) return -1;
        cpu.cost(core.costs.section());
        rq.clock = core.now();
        if (!cfsRq.throttled) return cfsB.runtime;
        if (cfsRq.csdQueued) return cfsB.runtime; // already queued for async unthrottle
        core.warnOnce(cfsRq.runtimeRemaining > 0, "distribute_cfs_runtime: cfs_rq->runtime_remaining > 0");
        // S27 (inject): off by one: distribution tops runtime_remaining up to 0, not to 1, so the cfs_rq is not positive and stays throttled
        long runtime = Math.min(-cfsRq.runtimeRemaining + (core.faults.s27 ? 0 : 1), cfsB.runtime);
        cfsB.runtime -= runtime;
        cfsRq.runtimeRemaining += runtime;
        if (cfsRq.runtimeRemaining > 0) {
            if (rq.cpu != cpu.id) {
                unthrottleCfsRqAsync(cpu, cfsRq);
            } else {
                cfsRq.csdQueued = true; // on the local list (throttled_csd_list)
                localUnthrottle.add(cfsRq);
            }
        } else {
            throttled[0] = true;
        }
        return cfsB.runtime;
    }

    /** distribute_cfs_runtime()'s end: the local cfs_rq, under this rq lock. False: SPIN. */
    boolean distributeLocal(Cpu cpu, List<CfsRq> localUnthrottle) {
        if (localUnthrottle.isEmpty()) return true;
        if (!cpu.lock(cpu.rq.lock)) return false;
        cpu.cost(core.costs.section());
        cpu.rq.clock = core.now();
        for (CfsRq cfsRq : localUnthrottle) {
            cfsRq.csdQueued = false;
            if (cfsRq.throttled) unthrottleCfsRq(cfsRq);
        }
        localUnthrottle.clear();
        return true;
    }

    // ---------------------------------------------------------------- the task model

    /**
     * task_throttle_setup_work(): the picked task runs under a throttled hierarchy; it is parked
     * when it next returns to user. (The kernel skips PF_KTHREAD tasks, which never return to
     * user; the model's torture kthreads stand in for user tasks, see throttleCfsRqWork.)
     */
    void taskThrottleSetupWork(Task p) {
        p.throttleWork = true;
    }

    /**
     * throttle_cfs_rq_work(), the task work run at return to user. The model's kthread programs
     * have no user mode: the stand-in for return to user is a program-instruction boundary at
     * which the task holds no lock (lockdep_depth 0, which lockdep_sys_exit() demands of every
     * return to user), e.g. the end of a locktorture writer iteration. So, as in the kernel, a
     * task holding a lock is never parked under the task model. task_rq_lock() held.
     *
     * @return KFrame.SPIN if a lock is busy, else KFrame.NEXT (this section was the work)
     */
    public int throttleCfsRqWork(Cpu cpu, Task p) {
        Rq rq = core.taskRq(p);
        if (!cpu.lock(p.piLock) || !cpu.lock(rq.lock)) return KFrame.SPIN;
        cpu.cost(core.costs.section());
        core.warnOnce(p != rq.curr, "throttle_cfs_rq_work: p != current");
        p.throttleWork = false;
        if (p.schedClass != fair) return KFrame.NEXT; // raced, forget
        CfsRq cfsRq = p.se.cfsRq;
        // not in limbo: replenished meanwhile, or migrated off the throttled cfs_rq
        if (cfsRq.throttleCount == 0) return KFrame.NEXT;
        rq.clock = core.now();
        core.warnOnce(p.throttled || p.throttleNode != null, "throttle_cfs_rq_work: p->throttled || !list_empty(&p->throttle_node)");
        fair.dequeueTask(rq, p, SchedClass.DEQUEUE_SLEEP | DEQUEUE_SPECIAL);
        rq.nrRunning--; // dequeue_task_fair()'s sub_nr_running(): core's dequeue_task() is not involved
        cfsRq.throttledLimboList.addFirst(p);
        p.throttleNode = cfsRq;
        p.throttled = true; // after the dequeue, which would otherwise see an already throttled task
        // record_throttle_clock(): throttled time runs once a throttled level has no entity left
        for (SchedEntity se = p.se; se != null; se = se.parent) {
            CfsRq q = se.cfsRq;
            if (q.throttleCount == 0 || q.nrQueued > 0) break;
            if (q.throttled && q.throttledClock == 0) q.throttledClock = clockStamp(rq);
            if (q.throttledClockSelf == 0) q.throttledClockSelf = clockStamp(rq);
        }
        core.reschedCurr(rq);
        return KFrame.NEXT;
    }

    /** enqueue_throttled_task(): true if p went straight back to a limbo list. */
    boolean enqueueThrottledTask(Task p) {
        CfsRq cfsRq = p.se.cfsRq;
        core.warnOnce(p.throttleNode != null, "enqueue_throttled_task: !list_empty(&p->throttle_node)");
        // not when p is the donor: its entity must be queued to be put back by put_prev
        if (throttledHierarchy(cfsRq) && cfsRq.rq.donor != p) {
            cfsRq.throttledLimboList.addFirst(p);
            p.throttleNode = cfsRq;
            return true;
        }
        p.throttled = false; // we can't take the fast path, do an actual enqueue
        return false;
    }

    /** dequeue_throttled_task(): p leaves its limbo list (blocked, migrating, or a SAVE/RESTORE change). */
    void dequeueThrottledTask(Task p, int flags) {
        core.warnOnce(p.se.onRq, "dequeue_throttled_task: p->se.on_rq");
        if (p.throttleNode != null) {
            p.throttleNode.throttledLimboList.remove(p);
            p.throttleNode = null;
        }
        if ((flags & SchedClass.DEQUEUE_SLEEP) != 0) p.throttled = false; // blocked after throttled
    }

    // ---------------------------------------------------------------- load balancing, audits

    /** can_migrate_task()'s bandwidth check (throttled_lb_pair / lb_throttled_hierarchy). */
    boolean lbThrottled(Task p, int srcCpu, int dstCpu) {
        return used() && p.group != null && model.lbThrottled(p.group, srcCpu, dstCpu);
    }

    /**
     * Invariant E8 and the bookkeeping behind it, over every group: a limbo task is throttled and
     * off its queue, a cfs_rq with limbo tasks is in a throttled hierarchy, a throttled cfs_rq is
     * on its group's throttled list, and runtime is only spent where it is enabled.
     */
    public List<String> audit() {
        List<String> out = new ArrayList<>();
        auditGroup(core.rootTaskGroup, out);
        return out;
    }

    private void auditGroup(TaskGroup tg, List<String> out) {
        for (CfsRq cfsRq : tg.cfsRq) {
            for (Task p : cfsRq.throttledLimboList) {
                if (!p.throttled || p.se.onRq) out.add(p + " in the limbo list of " + cfsRq + " but throttled=" + p.throttled + " se.on_rq=" + p.se.onRq);
                if (p.throttleNode != cfsRq) out.add(p + " in the limbo list of " + cfsRq + " but its throttle_node is " + p.throttleNode);
            }
            if (!cfsRq.throttledLimboList.isEmpty() && cfsRq.throttleCount == 0) out.add(cfsRq + " has limbo tasks but throttle_count 0");
            if (cfsRq.throttled && !tg.cfsBandwidth.throttledCfsRq.contains(cfsRq)) out.add(cfsRq + " throttled but not on the throttled list");
            if (cfsRq.throttled && !cfsRq.runtimeEnabled) out.add(cfsRq + " throttled without runtime enabled");
        }
        for (TaskGroup child : tg.children) auditGroup(child, out);
    }
}
