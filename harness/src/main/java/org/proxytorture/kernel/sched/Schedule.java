package org.proxytorture.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.locking.Mutex;

/**
 * __schedule() on one CPU. Without a blocked donor it is one atomic section under the rq lock:
 * block prev if it sleeps, pick, switch. With proxy execution, picking a blocked donor starts
 * find_proxy_task()'s owner-chain walk, with the rq lock held across its sections:
 * <pre>
 * LINK_READ    mutex = p->blocked_on (read without wait_lock)
 *                -- interleaving point: wait_lock not yet taken --
 * LINK_LOCKED  [wait_lock, p->blocked_lock] re-check blocked_on, read the owner, decide
 * </pre>
 * and a donor migration (proxy_migrate_task()) or a forced return (proxy_force_return()) drops
 * the rq lock, attaches the task(s) on the target rq and re-takes the lock to pick again:
 * <pre>
 * ATTACH       [target rq lock] attach_one_task() / activate_task() + wakeup_preempt()
 * RELOCK       [rq lock] proxy_reacquire_rq_lock(), pick_again
 * </pre>
 * A context switch ends in a section of its own, the rq lock still held from the pick:
 * <pre>
 * FINISH       context_switch() -> finish_task_switch(): finish_task(prev) (smp_store_release(&amp;prev-&gt;on_cpu, 0)),
 *              then the rq lock is released
 * </pre>
 * so another CPU's try_to_wake_up() can find prev off the runqueue (on_rq == 0) but still on_cpu,
 * the window ttwu_queue_wakelist(p, task_cpu(p), ...) and smp_cond_load_acquire(&amp;p-&gt;on_cpu, !VAL) exist for.
 * The generation-specific decisions of each case are the {@link ProxyExec}'s.
 */
public final class Schedule {
    /** Outcomes of one chain-walk step. */
    public static final int CONTINUE = 0, RUN = 1, PICK_AGAIN = 2, RESCHED_IDLE = 3, MIGRATE = 4;
    private static final int IDLE_PHASE = 0, LINK_READ = 1, LINK_LOCKED = 2, ATTACH = 3, RELOCK = 4, FINISH = 5;
    /** A longer chain means a blocked_on cycle that no die/wound broke. */
    public static final int MAX_CHAIN = 64;

    final Core core;
    final Cpu cpu;
    final Rq rq;
    private int phase = IDLE_PHASE;
    private Task prev;
    private boolean preempt;
    private int prevState;
    /** The pids this __schedule() picked (harness bookkeeping), and its rounds that picked one of them again. */
    private final java.util.BitSet picked = new java.util.BitSet();
    private int repicks;
    /** rq->donor before this pick, for the balancing replay. */
    private Task prevDonor;
    /** The task switched out, until finish_task() clears its on_cpu in the FINISH section. */
    private Task switchedOut;

    // find_proxy_task() state, for the ProxyExec's case handlers
    /** The picked, blocked task (rq->donor). */
    public Task donor;
    /** The chain link being examined, the mutex it is blocked on, and that mutex's owner. */
    public Task p;
    public Mutex mutex;
    public Task owner;
    /** rq->curr is one of the blocked tasks of the chain. */
    public boolean currInChain;
    public int depth;
    /** The task to run, when a handler returns RUN. */
    public Task run;
    /** Tasks to move and where, when a handler returns MIGRATE (the rq lock is dropped). */
    public final List<Task> moving = new ArrayList<>(4);
    public int target = -1;

    public Schedule(Core core, Cpu cpu) {
        this.core = core;
        this.cpu = cpu;
        this.rq = cpu.rq;
    }

    public Rq rq() {
        return rq;
    }

    public Cpu cpu() {
        return cpu;
    }

    public Core core() {
        return core;
    }

    /**
     * Counts a branch of find_proxy_task() and traces it as "find_proxy_task:&lt;branch&gt;" with
     * the donor and the chain link, so that the decision shows in the event stream.
     */
    public void branch(String name) {
        core.coverage.hit(name);
        core.trace.proxy(core.now(), rq.cpu, ProxyEvent.findProxyTask(name), donor, p);
    }

    /** True while a __schedule() is in progress over several sections (IRQs are off). */
    public boolean active() {
        return phase != IDLE_PHASE;
    }

    /** Enters __schedule(): one section; more only when proxying. */
    public int enter(boolean preempt) {
        if (!cpu.lock(rq.lock)) return KFrame.SPIN;
        Task prev = rq.curr;
        boolean signalled = !preempt && prev.signalPendingState(prev.state);
        if (signalled && core.proxy.hasBlockedLock() && !cpu.lock(prev.blockedLock)) return KFrame.SPIN;
        core.mem.smpMbAfterSpinlock(cpu.id); // pairs with try_to_wake_up()'s: p->__state before p->on_rq
        cpu.cost(core.costs.schedule());
        rq.clock = core.now();
        this.preempt = preempt;
        this.prev = prev;
        prevState = prev.state;
        if (signalled) { // try_to_block_task()'s signal_pending_state(): running again, not blocked
            prev.state = prevState = TaskState.TASK_RUNNING;
            core.proxy.onSignalPending(core, prev);
            core.coverage.hit("try_to_block_task_signal");
        } else if (!preempt && prevState != TaskState.TASK_RUNNING && !prev.isIdle) {
            // try_to_block_task(rq, prev, &prev_state, !task_is_blocked(prev))
            boolean shouldBlock = !core.proxy.taskIsBlocked(prev);
            core.proxy.onBlockPath(prev);
            if (shouldBlock) core.deactivateTask(rq, prev, SchedClass.DEQUEUE_SLEEP);
        }
        if (prev.schedClass == core.rt && prev.onRq == 0 && rq.rt.highestPrio() > prev.prio) core.rt.queuePull(rq);
        rq.donor.schedClass.updateCurr(rq);
        repicks = 0;
        picked.clear();
        return pickAgain();
    }

    /** pick_again: pick, and if the pick is a blocked donor, start the chain walk. rq lock held. */
    private int pickAgain() {
        Task next = core.pickNextTask(rq);
        // A round that parks, deactivates or migrates a donor takes it off this rq, and the next round
        // picks another task: more than MAX_CHAIN rounds that pick a task this __schedule() picked
        // before (the same donor back, the same chain again) make no progress, and the loop spins with
        // IRQs off until the NMI watchdog fires (reported now, not 10 s later).
        if (picked.get(next.pid) && ++repicks > MAX_CHAIN)
            throw core.oops("__schedule", "watchdog: Watchdog detected hard LOCKUP on cpu " + rq.cpu);
        picked.set(next.pid);
        prevDonor = rq.donor;
        core.putPrevSetNextTask(rq, prevDonor, next);
        rq.donor = next;
        core.trace.rqSetDonor(core.now(), rq.cpu, prevDonor, next);
        if (!core.proxy.enabled()) return switchTo(next, false);
        next.blockedDonor = null;
        if (!core.proxy.needsProxy(next)) {
            replayBalance(next);
            return switchTo(next, false);
        }
        donor = next;
        p = next;
        owner = null;
        mutex = null;
        currInChain = false;
        depth = 0;
        core.coverage.hit("find_proxy_task");
        core.trace.proxy(core.now(), rq.cpu, ProxyEvent.DONOR_PICKED, next, next);
        // the walk holds the rq lock across its sections
        cpu.holdAcross(rq.lock);
        phase = LINK_READ;
        return KFrame.NEXT;
    }

    /** One section of a multi-section __schedule(). */
    public int step() {
        switch (phase) {
            case LINK_READ -> {
                if (!cpu.lock(rq.lock)) return KFrame.SPIN;
                cpu.cost(core.costs.atomic());
                if (!core.proxy.linkBlocked(p)) return outcome(RUN_OWNER);
                if (++depth > MAX_CHAIN) {
                    core.warnOnce(true, "find_proxy_task: blocked_on chain longer than " + MAX_CHAIN + " (a cycle?)");
                    return outcome(RESCHED_IDLE);
                }
                mutex = core.mem.load(cpu.id, p.blockedOnWord); // READ_ONCE(p->blocked_on), no wait_lock yet
                int o = core.proxy.onLinkRead(this);
                if (o != CONTINUE) return outcome(o);
                phase = LINK_LOCKED;
                return KFrame.NEXT;
            }
            case LINK_LOCKED -> {
                if (!cpu.lock(rq.lock) || !cpu.lock(mutex.waitLock) || (core.proxy.hasBlockedLock() && !cpu.lock(p.blockedLock))) return KFrame.SPIN;
                cpu.cost(core.costs.section());
                if (mutex != p.blockedOn) {
                    branch("chain_changed");
                    return outcome(PICK_AGAIN);
                }
                if (rq.curr == p) currInChain = true;
                owner = mutex.owner();
                int o = core.proxy.onLinkLocked(this);
                if (o != CONTINUE) return outcome(o);
                p = owner;
                phase = LINK_READ;
                return KFrame.NEXT;
            }
            case ATTACH -> {
                Rq dst = core.rqs[target];
                if (!cpu.lock(dst.lock)) return KFrame.SPIN;
                cpu.cost(core.costs.section());
                dst.clock = core.now();
                for (Task t : moving) core.attachTask(dst, t); // attach_one_task()
                moving.clear();
                phase = RELOCK;
                return KFrame.NEXT;
            }
            case RELOCK -> {
                // proxy_reacquire_rq_lock(): the lock is ours again for the rest of __schedule()
                if (!cpu.holdAcross(rq.lock)) return KFrame.SPIN;
                cpu.cost(core.costs.section());
                rq.clock = core.now();
                assertBalanceCallbacksEmpty(); // rq_repin_lock() -> rq_pin_lock()
                phase = IDLE_PHASE;
                cpu.unlockAcross(rq.lock);
                return pickAgain();
            }
            case FINISH -> {
                // finish_task_switch() -> finish_task(prev), finish_lock_switch(): the rq lock is still ours
                if (!cpu.lock(rq.lock)) return KFrame.SPIN;
                cpu.cost(core.costs.section());
                Task prev = switchedOut;
                switchedOut = null;
                core.mem.storeRelease(cpu.id, prev.onCpu, 0); // smp_store_release(&prev->on_cpu, 0)
                prev.onCpuWaiters.wakeAll();
                phase = IDLE_PHASE;
                cpu.unlockAcross(rq.lock);
                return KFrame.NEXT;
            }
            default -> throw new IllegalStateException("no __schedule() in progress on CPU " + rq.cpu);
        }
    }

    private static final int RUN_OWNER = 100;

    /** Acts on a chain-walk outcome, in the current section. */
    private int outcome(int o) {
        switch (o) {
            case RUN_OWNER -> {
                // the walk ended at a task that is not blocked: it runs with donor's context
                core.warnOnce(p.onRq == 0, "find_proxy_task: owner && !owner->on_rq");
                branch("proxy_run_owner");
                replayBalance(p);
                return finish(switchTo(p, false));
            }
            case RUN -> {
                replayBalance(run);
                return finish(switchTo(run, false));
            }
            case PICK_AGAIN -> {
                // B42 (inject): picking again without zap_balance_callbacks(): the aborted pick's callbacks stay queued
                if (!core.faults.b42) zapBalanceCallbacks();
                assertBalanceCallbacksEmpty();
                phase = IDLE_PHASE;
                cpu.unlockAcross(rq.lock);
                return pickAgain();
            }
            case RESCHED_IDLE -> {
                zapBalanceCallbacks();
                proxyReschedIdle();
                return finish(resched(rq.idle));
            }
            case MIGRATE -> {
                // the handler did proxy_resched_idle(), deactivated and re-homed the tasks:
                // drop the rq lock (an interleaving point), attach there, relock, pick again
                // B01 (inject): the callbacks the aborted pick queued (push_rt_tasks) survive the rq lock drop
                if (!core.faults.b01) zapBalanceCallbacks();
                cpu.unlockAcross(rq.lock);
                phase = ATTACH;
                return KFrame.NEXT;
            }
            default -> throw new IllegalStateException("outcome " + o);
        }
    }

    /**
     * "Fix potentially missing balancing" (7.1 and later): the same donor picked again with another
     * task to run, after find_proxy_task() or without it, gets put_prev_task() + set_next_task(first)
     * replayed, so its class (rt) queues its push: prev might have missed a balance chance while on_cpu.
     */
    private void replayBalance(Task next) {
        if (core.proxy.replaysBalance() && rq.donor == prevDonor && prev != next) {
            rq.donor.schedClass.putPrevTask(rq, rq.donor, rq.donor);
            rq.donor.schedClass.setNextTask(rq, rq.donor, true);
        }
    }

    private int finish(int r) {
        if (phase == FINISH) return r; // the rq lock stays held until the FINISH section
        phase = IDLE_PHASE;
        cpu.unlockAcross(rq.lock);
        return r;
    }

    /**
     * assert_balance_callbacks_empty() (CONFIG_PROVE_LOCKING), at pick_again and in rq_pin_lock():
     * nothing but balance_push_callback may be queued. Simplification: checked where the walk
     * picks again and re-takes its rq lock, not at every rq_pin_lock() (the model runs balance
     * callbacks in their own sections after a pick, so another CPU may legitimately see them).
     */
    private void assertBalanceCallbacksEmpty() {
        core.warnOnce(!core.hotplug.onlyBalancePush(rq), "assert_balance_callbacks_empty: rq->balance_callback set at pick_again");
    }

    /** zap_balance_callbacks(): balance work queued by an aborted pick must not survive a lock drop. */
    void zapBalanceCallbacks() {
        rq.balanceCallbacks.clear();
        cpu.dropActiveCallback();
        core.hotplug.keepAfterZap(rq);
    }

    /**
     * proxy_resched_idle(): drop every class reference to the donor before the rq lock is dropped
     * or the donor deactivated; the CPU runs idle with need_resched set.
     */
    public Task proxyReschedIdle() {
        Task old = rq.donor;
        core.putPrevSetNextTask(rq, old, rq.idle);
        rq.donor = rq.idle;
        core.trace.rqSetDonor(core.now(), rq.cpu, old, rq.idle);
        rq.idle.needResched = true;
        return rq.idle;
    }

    /** keep_resched: switch to idle without clearing need_resched. */
    private int resched(Task idle) {
        if (rq.donor != idle) proxyReschedIdle();
        return switchTo(idle, true);
    }

    /** The context switch: rq->curr = next (the donor stays rq->donor). */
    private int switchTo(Task next, boolean keepResched) {
        if (!keepResched) prev.needResched = false;
        if (next != prev) {
            rq.curr = next;
            rq.nrSwitches++;
            if (!preempt && prevState != TaskState.TASK_RUNNING) prev.nvcsw++;
            else prev.nivcsw++;
            core.trace.schedSwitch(core.now(), rq.cpu, preempt, prev, preempt ? TaskState.TASK_RUNNING : prevState, next);
            core.mem.store(cpu.id, next.onCpu, 1); // prepare_task(next): WRITE_ONCE(next->on_cpu, 1)
            // prev->on_cpu is cleared by finish_task() in the FINISH section, rq lock held until then
            switchedOut = prev;
            cpu.holdAcross(rq.lock);
            phase = FINISH;
            next.lastRanAt = core.now();
            if (next == rq.idle && rq.nrRunning == 0) cpu.requestNewidleBalance();
        } else if (prevDonor != null && prevDonor != rq.donor) {
            // no sched_switch (the same task runs on), but the scheduling context changed under it
            core.trace.proxy(core.now(), rq.cpu, ProxyEvent.DONOR_CHANGED, prevDonor, rq.donor);
        }
        if (next != rq.donor) core.trace.proxyRun(core.now(), rq.cpu, rq.donor, next);
        core.hotplug.afterSchedule(rq);
        return KFrame.NEXT;
    }

    /**
     * proxy_migrate_task() / proxy_force_return() bookkeeping for a handler: the tasks are
     * dequeued here (TASK_ON_RQ_MIGRATING) and moved to {@code cpu}; wake_cpu is kept when
     * {@code keepWakeCpu} (proxy_set_task_cpu()), so a migrated donor remembers where to return.
     */
    public void moveTo(Task t, int cpu, boolean keepWakeCpu) {
        core.warnOnce(t == rq.curr, "proxy_migrate_task: p == rq->curr");
        // B31 (inject): proxy_force_return() dequeues with DEQUEUE_SLEEP: on_rq = 0, not TASK_ON_RQ_MIGRATING, until the attach
        core.deactivateTask(rq, t, core.faults.b31 && !keepWakeCpu ? SchedClass.DEQUEUE_SLEEP : 0);
        int wake = t.wakeCpu;
        if (keepWakeCpu) core.trace.proxySetTaskCpu(core.now(), t, cpu);
        core.setTaskCpuAnyMask(t, cpu);
        if (keepWakeCpu) t.wakeCpu = wake;
        moving.add(t);
        target = cpu;
    }

    @Override
    public String toString() {
        return "__schedule[CPU" + rq.cpu + " phase " + phase + "]";
    }
}
