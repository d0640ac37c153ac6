package org.proxytorture.kernel.sched.fair;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SchedClass;
import org.proxytorture.kernel.sched.Schedule;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;

/**
 * kernel/sched/fair.c: EEVDF as in mainline 2025-26 (zero_vruntime, sum_w_vruntime/sum_weight,
 * mutating avg_vruntime(), lag-inflating place_entity(), RUN_TO_PARITY slice protection,
 * DELAY_DEQUEUE and DELAY_ZERO) with FAIR_GROUP_SCHED. Left out (listed in the README): PELT
 * (group shares and load balancing use instantaneous load weights), NEXT_BUDDY/PICK_BUDDY, custom
 * slices, sum_shift, h_nr_runnable (nothing in the model reads it).
 *
 * <p>The EEVDF core (avg_vruntime(), eligibility, the timeline, pick_eevdf()) is {@link Eevdf};
 * CONFIG_CFS_BANDWIDTH is {@link FairBandwidth}. Here: the entity operations (update_curr(),
 * place_entity(), update_entity_lag(), enqueue/dequeue_entity(), DELAY_DEQUEUE, reweight_entity(),
 * update_cfs_group()) and fair_sched_class.
 */
public final class Fair implements SchedClass {
    /** sysctl_sched_base_slice: 700 us. */
    public static final long SYSCTL_SCHED_BASE_SLICE = 700_000;

    private final Core core;
    /** CONFIG_CFS_BANDWIDTH: cpu.max, its accounting and the throttle model. */
    public final FairBandwidth bandwidth;

    public Fair(Core core) {
        this.core = core;
        this.bandwidth = new FairBandwidth(core, this);
    }

    @Override
    public String name() {
        return "fair";
    }

    @Override
    public int rank() {
        return 1;
    }

    // ---------------------------------------------------------------- math (the rest in Eevdf)

    /** calc_delta_fair(): delta scaled to virtual time of se. */
    public static long calcDeltaFair(long delta, SchedEntity se) {
        if (se.weight != Weights.NICE_0_LOAD) delta = Weights.calcDelta(delta, Weights.NICE_0_LOAD, se.weight, se.invWeight);
        return delta;
    }

    /**
     * update_entity_lag(): se->vlag = V - v, clamped to the lag bound. A sched_delayed entity's
     * lag only moves up from what it had when delayed (a negative lag is not forgotten by waiting)
     * and, with DELAY_ZERO, not above 0 (it was to leave at the 0-lag point). True when the stored
     * vlag is not the entity's lag in the tree (V - v): placing it again would move it.
     */
    boolean updateEntityLag(CfsRq cfsRq, SchedEntity se) {
        core.warnOnce(!se.onRq, "update_entity_lag: !se->on_rq");
        long lag = Eevdf.avgVruntime(cfsRq) - se.vruntime;
        long limit = lagLimit(se);
        long vlag = Math.max(-limit, Math.min(limit, lag));
        if (se.schedDelayed) {
            vlag = Math.max(vlag, se.vlag);
            if (core.schedFeat.delayZero) vlag = Math.min(vlag, 0);
        }
        se.vlag = vlag;
        se.vlagWeight = se.weight;
        return vlag != lag;
    }

    /** calc_delta_fair(cfs_rq_max_slice + TICK_NSEC, se); every slice is the base slice here. */
    long lagLimit(SchedEntity se) {
        return calcDeltaFair(SYSCTL_SCHED_BASE_SLICE + core.tickNsec, se);
    }

    // ---------------------------------------------------------------- entity operations

    /** place_entity(): vruntime = V - inflated lag; deadline = vruntime + vslice. */
    void placeEntity(CfsRq cfsRq, SchedEntity se, int flags) {
        long vruntime = Eevdf.avgVruntime(cfsRq);
        long lag = 0;
        se.slice = SYSCTL_SCHED_BASE_SLICE;
        long vslice = calcDeltaFair(se.slice, se);
        if (cfsRq.nrQueued > 0 && se.vlag != 0) {
            SchedEntity curr = cfsRq.curr;
            lag = se.vlag;
            long load = cfsRq.sumWeight;
            // S18 (inject): PLACE_LAG's load leaves out the running entity, which is not in the tree
            if (curr != null && curr.onRq && !core.faults.s18) load += curr.weight;
            lag *= load + se.weight;
            if (load == 0) {
                core.warnOnce(true, "place_entity: !load");
                load = 1;
            }
            lag /= load;
        }
        se.vruntime = vruntime - lag;
        if (se.relDeadline) {
            se.deadline += se.vruntime;
            se.relDeadline = false;
            return;
        }
        if ((flags & ENQUEUE_INITIAL) != 0) vslice /= 2; // PLACE_DEADLINE_INITIAL
        se.deadline = se.vruntime + vslice; // EEVDF: vd_i = ve_i + r_i/w_i
    }

    /** update_deadline(): a new request once the old one is used up; true means reschedule. */
    private boolean updateDeadline(CfsRq cfsRq, SchedEntity se) {
        if (se.vruntime - se.deadline < 0) return false;
        se.slice = SYSCTL_SCHED_BASE_SLICE;
        se.deadline = se.vruntime + calcDeltaFair(se.slice, se);
        Eevdf.avgVruntime(cfsRq);
        return true;
    }

    /**
     * update_se(): wall time goes to the running task (rq->curr), which with proxy execution may
     * not be the donor whose entity is being updated.
     */
    private long updateSe(Rq rq, SchedEntity se) {
        long now = rq.clock;
        long delta = now - se.execStart;
        if (delta <= 0) return delta;
        se.execStart = now;
        if (se.isTask()) {
            // S01 (inject): the runtime is charged to the entity's task (the donor), not to rq->curr
            Task running = core.faults.s01 ? se.task : rq.curr;
            running.se.execStart = now;
            core.accountExecRuntime(rq, running, se.task, delta);
        } else {
            se.sumExecRuntime += delta;
        }
        return delta;
    }

    /** update_curr(): charge the current entity of cfs_rq with the time since exec_start. */
    void updateCurr(CfsRq cfsRq) {
        SchedEntity curr = cfsRq.curr;
        if (curr == null) return;
        long delta = updateSe(cfsRq.rq, curr);
        if (delta <= 0) return;
        curr.vruntime += calcDeltaFair(delta, curr);
        boolean resched = updateDeadline(cfsRq, curr);
        bandwidth.accountCfsRqRuntime(cfsRq, delta);
        if (cfsRq.nrQueued == 1) return;
        if (resched || !Eevdf.protectSlice(curr)) core.reschedCurr(cfsRq.rq);
    }

    void enqueueEntity(CfsRq cfsRq, SchedEntity se, int flags) {
        boolean curr = cfsRq.curr == se;
        if (curr) placeEntity(cfsRq, se, flags);
        updateCurr(cfsRq);
        // a group entity takes its new share before it is placed (a group that emptied
        // dropped to MIN_SHARES, and placing at that weight would scale its lag 512-fold)
        updateCfsGroup(se);
        if (!curr) placeEntity(cfsRq, se, flags);
        cfsRq.loadWeight += se.weight;
        cfsRq.tg.loadSum += se.weight;
        cfsRq.nrQueued++;
        if (se.isTask()) cfsRq.rq.cfsTasks.add(se.task);
        if (!curr) Eevdf.enqueueTree(cfsRq, se);
        se.onRq = true;
        if (cfsRq.nrQueued == 1) bandwidth.checkEnqueueThrottle(cfsRq);
    }

    /**
     * dequeue_entity(): false when DELAY_DEQUEUE keeps a sleeping, non-eligible entity queued
     * (sched_delayed), to compete on until it is picked or woken; DEQUEUE_DELAYED finishes that.
     */
    boolean dequeueEntity(CfsRq cfsRq, SchedEntity se, int flags) {
        boolean sleep = (flags & DEQUEUE_SLEEP) != 0;
        updateCurr(cfsRq);
        if ((flags & DEQUEUE_DELAYED) != 0) {
            core.warnOnce(!se.schedDelayed, "dequeue_entity: DEQUEUE_DELAYED && !se->sched_delayed");
        } else {
            // DELAY_DEQUEUE relies on spurious wakeups: special task states must not suffer them
            boolean delay = sleep && (flags & DEQUEUE_SPECIAL) == 0;
            core.warnOnce(delay && se.schedDelayed, "dequeue_entity: delay && se->sched_delayed");
            if (core.schedFeat.delayDequeue && delay && !Eevdf.entityEligible(cfsRq, se)) {
                updateEntityLag(cfsRq, se);
                setDelayed(se);
                return false;
            }
        }
        updateEntityLag(cfsRq, se);
        if ((flags & DEQUEUE_SLEEP) == 0) { // PLACE_REL_DEADLINE: keep the request across a migration
            se.deadline -= se.vruntime;
            se.relDeadline = true;
        }
        if (se != cfsRq.curr) Eevdf.dequeueTree(core, cfsRq, se);
        se.onRq = false;
        cfsRq.loadWeight -= se.weight;
        cfsRq.tg.loadSum -= se.weight;
        cfsRq.nrQueued--;
        if (se.isTask()) cfsRq.rq.cfsTasks.remove(se.task);
        bandwidth.returnCfsRqRuntime(cfsRq);
        updateCfsGroup(se);
        if ((flags & DEQUEUE_DELAYED) != 0) finishDelayedDequeueEntity(se);
        return true;
    }

    /**
     * set_delayed(). Simplification: no h_nr_runnable to decrement (the model keeps none;
     * h_nr_queued and rq->nr_running go on counting a delayed task, as mainline's do).
     */
    private static void setDelayed(SchedEntity se) {
        se.schedDelayed = true;
        se.delayCount++;
        se.vlagAtDelay = se.vlag;
    }

    /** clear_delayed() */
    private static void clearDelayed(SchedEntity se) {
        se.schedDelayed = false;
    }

    /** finish_delayed_dequeue_entity(): it leaves with at most 0 lag under DELAY_ZERO. */
    private void finishDelayedDequeueEntity(SchedEntity se) {
        clearDelayed(se);
        if (core.schedFeat.delayZero && se.vlag > 0) se.vlag = 0;
    }

    /**
     * requeue_delayed_entity(): a wakeup (or an enqueue below it) finds the entity still queued:
     * it stays where it is, unless DELAY_ZERO changed its lag, then it is placed again at that lag.
     */
    private void requeueDelayedEntity(SchedEntity se) {
        CfsRq cfsRq = se.cfsRq;
        // sched_delayed implies on_rq: a delayed entity is one still competing until eligible
        core.warnOnce(!se.schedDelayed, "requeue_delayed_entity: !se->sched_delayed");
        core.warnOnce(!se.onRq, "requeue_delayed_entity: !se->on_rq");
        boolean replaced = core.schedFeat.delayZero && updateEntityLag(cfsRq, se);
        if (replaced) {
            cfsRq.nrQueued--;
            boolean curr = se == cfsRq.curr;
            if (!curr) Eevdf.dequeueTree(core, cfsRq, se);
            placeEntity(cfsRq, se, 0);
            if (!curr) Eevdf.enqueueTree(cfsRq, se);
            cfsRq.nrQueued++;
        }
        // S17 (inject): clear_delayed() moved into the re-place branch: a woken delayed entity left in place stays sched_delayed
        if (replaced || !core.faults.s17) clearDelayed(se);
    }

    private void setNextEntity(CfsRq cfsRq, SchedEntity se, boolean first) {
        if (se.onRq) {
            Eevdf.dequeueTree(core, cfsRq, se);
            if (first) se.vprot = se.deadline; // set_protect_slice(): equal slices => the deadline
        }
        cfsRq.curr = se;
        se.execStart = cfsRq.rq.clock;
        se.prevSumExecRuntime = se.sumExecRuntime;
    }

    private void putPrevEntity(CfsRq cfsRq, SchedEntity prev) {
        if (prev.onRq) updateCurr(cfsRq);
        bandwidth.checkCfsRqRuntime(cfsRq); // throttle cfs_rqs exceeding runtime
        if (prev.onRq) Eevdf.enqueueTree(cfsRq, prev); // put 'current' back into the tree
        cfsRq.curr = null;
    }

    /** reweight_entity(): a new weight with the lag (w * vlag) and the relative deadline kept. */
    void reweightEntity(CfsRq cfsRq, SchedEntity se, long weight) {
        boolean curr = cfsRq.curr == se;
        if (se.onRq) {
            updateCurr(cfsRq);
            updateEntityLag(cfsRq, se);
            se.deadline -= se.vruntime;
            se.relDeadline = true;
            cfsRq.nrQueued--;
            // S16 (inject): a queued entity is reweighted in place, not taken out of the tree: avg_vruntime's sums keep its old weight
            if (!curr && !core.faults.s16) Eevdf.dequeueTree(core, cfsRq, se);
            cfsRq.loadWeight -= se.weight;
            cfsRq.tg.loadSum -= se.weight;
        }
        se.vlag = se.vlag * se.weight / weight;
        se.vlagWeight = rescaledVlagWeight(se, weight);
        if (se.relDeadline) se.deadline = se.deadline * se.weight / weight;
        se.setWeight(weight);
        if (se.onRq) {
            placeEntity(cfsRq, se, 0);
            cfsRq.loadWeight += se.weight;
            cfsRq.tg.loadSum += se.weight;
            if (!curr && !core.faults.s16) Eevdf.enqueueTree(cfsRq, se);
            cfsRq.nrQueued++;
        }
    }

    /** calc_group_shares(): tg->shares * load / tg_weight, clamped to [MIN_SHARES, tg->shares]. */
    static long calcGroupShares(CfsRq cfsRq) {
        TaskGroup tg = cfsRq.tg;
        long load = cfsRq.loadWeight;
        long tgWeight = tg.loadSum;
        long shares = tg.shares * load;
        if (tgWeight != 0) shares /= tgWeight;
        return Math.max(TaskGroup.MIN_SHARES, Math.min(tg.shares, shares));
    }

    /** update_cfs_group(): a group entity's weight follows its group's share of load on this CPU. */
    void updateCfsGroup(SchedEntity se) {
        CfsRq gcfsRq = se.myQ;
        if (gcfsRq == null) return;
        long shares = calcGroupShares(gcfsRq);
        if (se.weight != shares) reweightEntity(se.cfsRq, se, shares);
    }

    // ---------------------------------------------------------------- sched_class

    /*
     * rq->nr_running: core's enqueue_task()/dequeue_task() count every task as one; fair.c's
     * add_nr_running()/sub_nr_running() skip a task whose walk ends at a throttled cfs_rq (group
     * model) or that stays in a limbo list (task model), so those paths take the one back.
     */

    @Override
    public void enqueueTask(Rq rq, Task p, int flags) {
        if (p.throttled && bandwidth.enqueueThrottledTask(p)) {
            rq.nrRunning--; // stays in limbo: not running
            return;
        }
        if ((flags & ENQUEUE_DELAYED) != 0) {
            requeueDelayedEntity(p.se);
            rq.nrRunning--; // it never left nr_running: no add_nr_running()
            return;
        }
        boolean endAtThrottled = bandwidth.model.walksEndAtThrottled();
        SchedEntity se = p.se;
        for (; se != null; se = se.parent) {
            if (se.onRq) {
                if (se.schedDelayed) requeueDelayedEntity(se); // a delayed group entity gets a task again
                break;
            }
            enqueueEntity(se.cfsRq, se, flags);
            se.cfsRq.hNrQueued++;
            if (endAtThrottled && se.cfsRq.throttled) { // end evaluation on encountering a throttled cfs_rq
                rq.nrRunning--;
                return;
            }
            flags = ENQUEUE_WAKEUP;
        }
        for (; se != null; se = se.parent) {
            updateCfsGroup(se);
            se.cfsRq.hNrQueued++;
            if (endAtThrottled && se.cfsRq.throttled) {
                rq.nrRunning--;
                return;
            }
        }
    }

    @Override
    public boolean dequeueTask(Rq rq, Task p, int flags) {
        if (p.throttled) {
            bandwidth.dequeueThrottledTask(p, flags);
            rq.nrRunning++; // it was not counted
            return true;
        }
        // must not reference p after dequeue_entities(DEQUEUE_DELAYED): it may be woken elsewhere
        return dequeueEntities(rq, p.se, flags) >= 0;
    }

    /**
     * dequeue_entities(): -1 when DELAY_DEQUEUE keeps the task's own entity queued; a group entity
     * kept queued (delayed) ends the walk up. For a task, core's dequeue_task() takes it off
     * rq->nr_running; a walk ending at a throttled cfs_rq (group model) gives that one back.
     */
    private int dequeueEntities(Rq rq, SchedEntity se, int flags) {
        Task p = se.task;
        boolean taskDelayed = (flags & DEQUEUE_DELAYED) != 0;
        int hNrQueued = p != null ? 1 : 0;
        boolean endAtThrottled = bandwidth.model.walksEndAtThrottled();
        walk:
        {
            for (; se != null; se = se.parent) {
                CfsRq cfsRq = se.cfsRq;
                if (!dequeueEntity(cfsRq, se, flags)) {
                    if (p != null && se == p.se) return -1;
                    break;
                }
                cfsRq.hNrQueued -= hNrQueued;
                if (endAtThrottled && cfsRq.throttled) { // end evaluation on encountering a throttled cfs_rq
                    rq.nrRunning += hNrQueued;
                    break walk;
                }
                if (cfsRq.loadWeight != 0) { // don't dequeue the parent if it has other entities
                    se = se.parent;
                    break;
                }
                flags |= DEQUEUE_SLEEP;
                flags &= ~(DEQUEUE_DELAYED | DEQUEUE_SPECIAL);
            }
            for (; se != null; se = se.parent) {
                updateCfsGroup(se);
                se.cfsRq.hNrQueued -= hNrQueued;
                if (endAtThrottled && se.cfsRq.throttled) {
                    rq.nrRunning += hNrQueued;
                    break walk;
                }
            }
        }
        // fix up what block_task() skipped when it was delayed: on_rq = 0 (__block_task()).
        // Mainline 6.12-6.17 returns early at a throttled level and skips this; the model does not.
        if (p != null && taskDelayed) {
            core.warnOnce((flags & DEQUEUE_SLEEP) == 0, "dequeue_entities: DEQUEUE_DELAYED without DEQUEUE_SLEEP");
            core.warnOnce(p.onRq != TaskState.TASK_ON_RQ_QUEUED, "dequeue_entities: delayed task p->on_rq != 1");
            core.setOnRq(p, 0);
        }
        return 0;
    }

    /**
     * pick_next_entity()'s delayed case: the picked entity is sched_delayed, so it is dequeued for
     * good (DEQUEUE_SLEEP|DEQUEUE_DELAYED) and the pick starts over.
     */
    private void dequeueDelayedPicked(Rq rq, SchedEntity se) {
        Task p = se.task;
        dequeueEntities(rq, se, DEQUEUE_SLEEP | DEQUEUE_DELAYED);
        if (p != null) rq.nrRunning--; // sub_nr_running(rq, h_nr_queued)
    }

    @Override
    public void yieldTask(Rq rq) {
        Task curr = rq.donor;
        if (rq.nrRunning == 1) return;
        SchedEntity se = curr.se;
        updateCurr(se.cfsRq);
        // mainline 2025: an eligible yielder forfeits the rest of its request (curr is outside
        // the tree and the sums, so moving its vruntime needs no bookkeeping)
        if (Eevdf.entityEligible(se.cfsRq, se)) {
            se.vruntime = se.deadline;
            se.deadline += calcDeltaFair(se.slice, se);
        }
    }

    @Override
    public void wakeupPreempt(Rq rq, Task p, int wakeFlags) {
        SchedEntity se = rq.donor.se;
        SchedEntity pse = p.se;
        if (se == pse) return;
        // possible from callers such as attach_tasks(), which wakeup_preempt() after an enqueue
        // that may have throttled
        if (FairBandwidth.throttledHierarchy(pse.cfsRq)) return;
        if (rq.curr.needResched) return;
        // idle tasks are by definition preempted by non-idle tasks (task_has_idle_policy(donor))
        if (rq.donor.policy == Policy.SCHED_IDLE && p.policy != Policy.SCHED_IDLE) {
            core.reschedCurr(rq);
            return;
        }
        if (p.policy == Policy.SCHED_BATCH || p.policy == Policy.SCHED_IDLE) return; // they do not preempt
        // find_matching_se(): walk both up to a common cfs_rq
        while (se.depth > pse.depth) se = se.parent;
        while (pse.depth > se.depth) pse = pse.parent;
        while (se.cfsRq != pse.cfsRq) {
            se = se.parent;
            pse = pse.parent;
            // both walks passed the root with no common cfs_rq (p's se->cfs_rq is another CPU's:
            // task_cpu(p) changed under us, B11): is_same_group(NULL, NULL) dereferences NULL
            if (se == null || pse == null) throw core.oops("check_preempt_wakeup_fair", "BUG: kernel NULL pointer dereference");
        }
        CfsRq cfsRq = se.cfsRq;
        updateCurr(cfsRq);
        if (Eevdf.pickEevdf(cfsRq, true) == pse) core.reschedCurr(rq);
    }

    /**
     * pick_task_fair(): pick_eevdf() at every level, top down. A level out of runtime is
     * throttled here (check_cfs_rq_runtime()); under the group model it just left the tree, so
     * pick again; under the task model the pick goes on and the task gets its throttle work.
     */
    @Override
    public Task pickTask(Rq rq) {
        int tries = 0; // throttling retries; each delayed dequeue takes one entity off, so those end
        again:
        for (;;) {
            CfsRq cfsRq = rq.cfs;
            if (cfsRq.nrQueued == 0) return null;
            // the kernel's "goto again" has no bound: each throttle takes a group off the tree, so it
            // converges; a loop that does not is a livelock with IRQs off, which the NMI watchdog reports
            if (tries > Schedule.MAX_CHAIN) throw core.oops("pick_task_fair", "watchdog: Watchdog detected hard LOCKUP on cpu " + rq.cpu);
            boolean throttled = false;
            SchedEntity se;
            do {
                if (cfsRq.curr != null && cfsRq.curr.onRq) updateCurr(cfsRq);
                if (bandwidth.checkCfsRqRuntime(cfsRq)) {
                    if (bandwidth.model.pickAgainOnThrottle()) {
                        tries++;
                        continue again;
                    }
                    throttled = true;
                }
                se = Eevdf.pickEevdf(cfsRq, true);
                // pick_next_entity(): if (se->sched_delayed) on a NULL pick
                if (se == null) throw core.oops("pick_next_entity", "BUG: kernel NULL pointer dereference");
                if (se.schedDelayed) { // pick_next_entity(): a delayed entity leaves; pick again
                    dequeueDelayedPicked(rq, se);
                    continue again;
                }
                cfsRq = se.myQ;
            } while (cfsRq != null);
            if (throttled) bandwidth.taskThrottleSetupWork(se.task);
            return se.task;
        }
    }

    @Override
    public void putPrevTask(Rq rq, Task prev, Task next) {
        for (SchedEntity se = prev.se; se != null; se = se.parent) putPrevEntity(se.cfsRq, se);
    }

    @Override
    public void setNextTask(Rq rq, Task p, boolean first) {
        if (first) core.warnOnce(p.se.schedDelayed, "set_next_task_fair: se->sched_delayed");
        // top-down, so each level's curr is set before the level below reads V
        setNextLevels(p.se, first);
    }

    private void setNextLevels(SchedEntity se, boolean first) {
        if (se.parent != null) setNextLevels(se.parent, first);
        setNextEntity(se.cfsRq, se, first);
    }

    @Override
    public void taskTick(Rq rq, Task curr) {
        for (SchedEntity se = curr.se; se != null; se = se.parent) {
            updateCurr(se.cfsRq);
            updateCfsGroup(se);
        }
    }

    @Override
    public void updateCurr(Rq rq) {
        for (SchedEntity se = rq.donor.se; se != null; se = se.parent) updateCurr(se.cfsRq);
    }

    /**
     * select_task_rq_fair(), reduced to select_idle_sibling() over one LLC: the previous CPU if
     * idle, else the first idle allowed CPU after it, else the previous CPU (wake_affine is not
     * modelled).
     */
    @Override
    public int selectTaskRq(Task p, int prevCpu, int wakeFlags) {
        return core.selectIdleSibling(p, prevCpu);
    }

    @Override
    public void prioChanged(Rq rq, Task p, int oldPrio) {
        if (rq.donor == p) {
            if (p.prio > oldPrio) core.reschedCurr(rq);
        } else {
            core.wakeupPreempt(rq, p, 0);
        }
    }

    /** set_load_weight() + reweight_task_fair(): nice changed. */
    public void reweightTask(Task p, long weight) {
        SchedEntity se = p.se;
        if (se.onRq) {
            reweightEntity(se.cfsRq, se, weight);
            return;
        }
        // reweight_entity() of an entity not queued: se->vlag is V - v_i and the lag is w_i * (V - v_i),
        // so vlag scales by old/new weight (a sleeper's lag, clamped at its old weight, stays within the new clamp)
        se.vlag = se.vlag * se.weight / weight;
        if (se.relDeadline) se.deadline = se.deadline * se.weight / weight;
        se.vlagWeight = rescaledVlagWeight(se, weight);
        se.setWeight(weight);
    }

    /**
     * The weight vlag's clamp holds at after a rescale from se.weight to {@code weight}: the new
     * weight, unless an earlier weight change left vlag unscaled (then that ratio carries on).
     */
    private static double rescaledVlagWeight(SchedEntity se, long weight) {
        return se.vlagWeight == 0 || se.vlagWeight == se.weight ? weight : se.vlagWeight * weight / se.weight;
    }
}
