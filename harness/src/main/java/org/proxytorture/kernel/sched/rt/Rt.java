package org.proxytorture.kernel.sched.rt;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.IrqWork;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.BalanceCallback;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SchedClass;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Weights;

/**
 * kernel/sched/rt.c: SCHED_FIFO/SCHED_RR priority queues; a running rt task stays queued; RR
 * rotates every RR_TIMESLICE ticks; push_rt_tasks()/pull_rt_task() as balance callbacks.
 * RT bandwidth: rt tasks run at most sched_rt_runtime_us (950 ms) per sched_rt_period_us (1 s)
 * on a CPU while fair tasks wait there (sched_rt_runtime_exceeded(), do_sched_rt_period_timer(),
 * no RT_RUNTIME_SHARE). Simplification: this stands for the fair dl_server (6.12+), which gives
 * starved fair tasks their 50 ms per second; with no fair task queued rt runs on. Not modelled:
 * rt group scheduling,
 * cpupri's exact tie-breaking (the lowest-priority CPU with the lowest id wins, task_cpu(p)
 * preferred).
 */
public final class Rt implements SchedClass {
    /** RR_TIMESLICE in ms (100 * HZ / 1000 ticks). */
    public static final int RR_TIMESLICE = 100;
    /** sched_rt_period_us and sched_rt_runtime_us defaults: rt tasks get 950 ms of every second. */
    public static final long RT_PERIOD_NS = 1_000_000_000L, RT_RUNTIME_NS = 950_000_000L;
    private static final int CPUPRI_NORMAL = Weights.MAX_RT_PRIO;
    private static final int CPUPRI_IDLE = Weights.MAX_RT_PRIO + 1;
    private final Core core;

    public Rt(Core core) {
        this.core = core;
    }

    public int rrTimeslice() {
        return Math.max(1, RR_TIMESLICE * core.hz / 1000);
    }

    @Override
    public String name() {
        return "rt";
    }

    @Override
    public int rank() {
        return 2;
    }

    private static void enqueuePushable(Rq rq, Task p) {
        if (!p.rtPushable) {
            rq.rt.pushable.add(p);
            p.rtPushable = true;
        }
        rq.rt.overloaded = true;
    }

    private void dequeuePushable(Rq rq, Task p) {
        if (p.rtPushable) {
            rq.rt.pushable.remove(p);
            // S20 (inject): dequeue_pushable_task() leaves the task's on-list marker set (plist_del() without re-init)
            if (!core.faults.s20) p.rtPushable = false;
        }
        rq.rt.overloaded = !rq.rt.pushable.isEmpty();
    }

    @Override
    public void enqueueTask(Rq rq, Task p, int flags) {
        RtRq rt = rq.rt;
        if ((flags & ENQUEUE_HEAD) != 0) rt.queue[p.prio].addFirst(p);
        else rt.queue[p.prio].addLast(p);
        rt.mark(p.prio);
        p.rtOnList = true;
        rt.rtNrRunning++;
        if (rq.curr != p && p.nrCpusAllowed() > 1 && !core.proxy.taskIsBlocked(p)) enqueuePushable(rq, p);
    }

    @Override
    public boolean dequeueTask(Rq rq, Task p, int flags) {
        RtRq rt = rq.rt;
        if (p.rtOnList) {
            rt.queue[p.prio].remove(p);
            rt.unmarkIfEmpty(p.prio);
            p.rtOnList = false;
            rt.rtNrRunning--;
        }
        dequeuePushable(rq, p);
        return true;
    }

    /** requeue_task_rt(): to the tail of its priority queue. */
    private static void requeue(Rq rq, Task p) {
        if (!p.rtOnList) return;
        rq.rt.queue[p.prio].remove(p);
        rq.rt.queue[p.prio].addLast(p);
    }

    @Override
    public void yieldTask(Rq rq) {
        requeue(rq, rq.donor);
    }

    @Override
    public void wakeupPreempt(Rq rq, Task p, int wakeFlags) {
        if (p.prio < rq.donor.prio) core.reschedCurr(rq);
    }

    @Override
    public Task pickTask(Rq rq) {
        if (rq.rt.rtThrottled && rq.cfs.hNrQueued > 0) return null; // throttled: the waiting fair tasks run
        int prio = rq.rt.highestPrio();
        return prio < Weights.MAX_RT_PRIO ? rq.rt.queue[prio].peekFirst() : null;
    }

    @Override
    public void putPrevTask(Rq rq, Task p, Task next) {
        core.trace.rtPutPrev(core.now(), rq.cpu, p);
        updateCurrRt(rq, p);
        if (p.rtOnList && p.nrCpusAllowed() > 1 && !core.proxy.taskIsBlocked(p)) enqueuePushable(rq, p); // on_rt_rq()
    }

    @Override
    public void setNextTask(Rq rq, Task p, boolean first) {
        core.trace.rtSetNext(core.now(), rq.cpu, p, first);
        p.se.execStart = rq.clock;
        dequeuePushable(rq, p);
        if (first && rq.rt.overloaded) rq.queueBalanceCallback(pushCallback(rq)); // rt_queue_push_tasks()
    }

    @Override
    public void taskTick(Rq rq, Task p) {
        updateCurrRt(rq, p);
        if (p.policy != Policy.SCHED_RR) return;
        if (--p.rtTimeSlice > 0) return;
        p.rtTimeSlice = rrTimeslice();
        if (rq.rt.queue[p.prio].size() > 1) {
            requeue(rq, p);
            core.reschedCurr(rq);
        }
    }

    @Override
    public void updateCurr(Rq rq) {
        updateCurrRt(rq, rq.donor);
    }

    private void updateCurrRt(Rq rq, Task donor) {
        long delta = rq.clock - donor.se.execStart;
        if (delta <= 0) return;
        donor.se.execStart = rq.clock;
        core.accountExecRuntime(rq, rq.curr, donor, delta);
        // sched_rt_runtime_exceeded()
        rq.rt.rtTime += delta;
        if (rq.rt.rtTime > RT_RUNTIME_NS) {
            if (!rq.rt.rtThrottled && !throttlingReported) {
                throttlingReported = true; // printk_deferred_once()
                core.trace.printk(core.now(), rq.cpu, "sched: RT throttling activated");
            }
            rq.rt.rtThrottled = true;
            if (rq.cfs.hNrQueued > 0) core.reschedCurr(rq);
        }
    }

    private boolean throttlingReported;

    /** do_sched_rt_period_timer() for this CPU's rt_rq, from its tick: rq lock held. */
    public void periodTick(Rq rq) {
        RtRq rt = rq.rt;
        if (core.now() < rt.periodEnd) return;
        long overrun = (core.now() - rt.periodEnd) / RT_PERIOD_NS + 1;
        rt.periodEnd += overrun * RT_PERIOD_NS;
        rt.rtTime -= Math.min(rt.rtTime, overrun * RT_RUNTIME_NS);
        if (rt.rtThrottled && rt.rtTime < RT_RUNTIME_NS) {
            rt.rtThrottled = false;
            if (rt.rtNrRunning > 0) core.reschedCurr(rq);
        }
    }

    /** select_task_rq_rt(): move off a CPU whose current task would not let p run. */
    @Override
    public int selectTaskRq(Task p, int prevCpu, int wakeFlags) {
        Rq rq = core.rqs[prevCpu];
        Task curr = rq.donor;
        boolean test = curr.schedClass == this && (curr.nrCpusAllowed() < 2 || curr.prio <= p.prio);
        if (test && p.nrCpusAllowed() > 1) {
            int target = findLowestRq(p);
            if (target >= 0 && p.prio < cpuPri(core.rqs[target])) return target;
        }
        return prevCpu;
    }

    @Override
    public void prioChanged(Rq rq, Task p, int oldPrio) {
        if (rq.donor == p) {
            if (p.prio > oldPrio) {
                queuePull(rq);
                if (rq.rt.highestPrio() < p.prio) core.reschedCurr(rq);
            }
        } else if (p.prio < rq.donor.prio) {
            core.reschedCurr(rq);
        }
    }

    /** cpupri: the priority of what a CPU runs (idle and fair CPUs rank below every rt prio). */
    int cpuPri(Rq rq) {
        if (!rq.online) return -1;
        if (rq.curr == rq.idle && rq.nrRunning == 0) return CPUPRI_IDLE;
        int hp = rq.rt.highestPrio();
        return hp < Weights.MAX_RT_PRIO ? hp : CPUPRI_NORMAL;
    }

    /** find_lowest_rq(): the allowed CPU running the lowest priority, below p's; -1 if none. */
    int findLowestRq(Task p) {
        int best = -1;
        int bestPri = p.prio;
        int here = p.cpu;
        if (core.isCpuAllowed(p, here) && cpuPri(core.rqs[here]) > bestPri) {
            best = here;
            bestPri = cpuPri(core.rqs[here]);
        }
        for (int c = 0; c < core.nrCpus(); c++) {
            if (!core.isCpuAllowed(p, c)) continue;
            int pri = cpuPri(core.rqs[c]);
            if (pri > bestPri) {
                best = c;
                bestPri = pri;
            }
        }
        return best;
    }

    /** RT_MAX_TRIES: how often find_lock_lowest_rq() looks for a lower rq ("only try algorithms three times"). */
    static final int RT_MAX_TRIES = 3;

    /**
     * pick_next_pushable_task(): the first pushable task in priority order that is not on a CPU
     * (7.1 e0ca8991b2de: with proxy execution rq->curr may be queued), then the kernel's BUG_ONs.
     * A blocked task is not filtered: enqueue_task_rt()/put_prev_task_rt() keep it off the list.
     */
    Task pickNextPushable(Rq rq) {
        Task p = null;
        for (Task i : rq.rt.pushable) {
            // B27 (inject): the running proxy owner stays pushable (before 7.1's "class schedulers avoid pushing current")
            if (taskOnCpu(rq, i) && !core.faults.b27) continue;
            if (p == null || i.prio < p.prio) p = i; // model: a list scanned in queue order stands for the plist
        }
        if (p == null) return null;
        if (rq.cpu != p.cpu // BUG_ON(rq->cpu != task_cpu(p))
                || (p == rq.curr && !core.faults.b27) // BUG_ON(task_current(rq, p)); B27 lets the owner through, as above
                || p == rq.donor // BUG_ON(task_current_donor(rq, p))
                || p.nrCpusAllowed() <= 1 // BUG_ON(p->nr_cpus_allowed <= 1)
                || p.onRq != TaskState.TASK_ON_RQ_QUEUED // BUG_ON(!task_on_rq_queued(p))
                || !p.isRt()) // BUG_ON(!rt_task(p))
            throw core.oops("pick_next_pushable_task", "kernel BUG at kernel/sched/rt.c");
        return p;
    }

    /** task_on_cpu(rq, p). Simplification: p->on_cpu is read as p == rq->curr (the model switches in one section). */
    private static boolean taskOnCpu(Rq rq, Task p) {
        return p == rq.curr;
    }

    /**
     * pick_highest_pushable_task(): what pull_rt_task() takes from {@code rq} for {@code cpu}: the
     * first pushable task in priority order that task_is_pushable() (not on a CPU, cpus_mask has
     * {@code cpu}); a higher-priority task pinned elsewhere does not hide it.
     */
    Task pickHighestPushable(Rq rq, int cpu) {
        Task best = null;
        for (Task p : rq.rt.pushable) {
            // S21 (inject): pick_highest_pushable_task() without the cpumask_test_cpu(cpu, p->cpus_ptr) of task_is_pushable()
            if (taskOnCpu(rq, p) || !core.faults.s21 && !p.cpusMask.test(cpu)) continue; // the B27 injection is on the push side only
            if (best == null || p.prio < best.prio) best = p;
        }
        return best;
    }

    /** __do_set_cpus_allowed()'s dequeue/enqueue, for the pushable list: rq lock held. */
    public void cpusAllowedChanged(Rq rq, Task p) {
        if (p.schedClass != this || !p.rtOnList || rq.curr == p) return;
        // enqueue_task_rt()'s test; the donor: set_next_task_rt() after the enqueue takes it off again
        if (p.nrCpusAllowed() > 1 && rq.donor != p && !core.proxy.taskIsBlocked(p)) enqueuePushable(rq, p);
        else dequeuePushable(rq, p);
    }

    /**
     * task_woken_rt(): a woken task that will not run at once here (this CPU runs an RT task of
     * at least its priority, which does not mean to reschedule) is pushed to a lower CPU at once.
     * Simplification: push_rt_tasks() runs as irq work on this CPU right after the wakeup's
     * section, not inside it.
     */
    public void taskWoken(Rq rq, Task p) {
        if (!Core.taskRunning(rq, p) && !rq.curr.needResched && p.nrCpusAllowed() > 1 && rq.donor.prio < Weights.MAX_RT_PRIO
                && (rq.curr.nrCpusAllowed() < 2 || rq.donor.prio <= p.prio))
            core.cpus[rq.cpu].raise(wokenPush(rq));
    }

    private WokenPush[] wokenPush;

    private WokenPush wokenPush(Rq rq) {
        if (wokenPush == null) wokenPush = new WokenPush[core.nrCpus()];
        if (wokenPush[rq.cpu] == null) wokenPush[rq.cpu] = new WokenPush();
        return wokenPush[rq.cpu];
    }

    /** task_woken_rt()'s push_rt_tasks(), with its own state (the balance callback's may be half-way). */
    private final class WokenPush extends IrqWork {
        private final PushRt push = new PushRt();

        @Override
        protected int run(Cpu cpu) {
            return push.run(cpu, cpu.rq);
        }

        @Override
        protected String name() {
            return "task_woken_rt";
        }
    }

    public void queuePull(Rq rq) {
        core.trace.rtPull(core.now(), rq.cpu);
        rq.queueBalanceCallback(pullCallback(rq));
    }

    // per-rq callback instances (the kernel's per-CPU rt_push_head/rt_pull_head)
    private PushRt[] push;
    private PullRt[] pull;

    private BalanceCallback pushCallback(Rq rq) {
        if (push == null) push = new PushRt[core.nrCpus()];
        if (push[rq.cpu] == null) push[rq.cpu] = new PushRt();
        return push[rq.cpu];
    }

    private BalanceCallback pullCallback(Rq rq) {
        if (pull == null) pull = new PullRt[core.nrCpus()];
        if (pull[rq.cpu] == null) pull[rq.cpu] = new PullRt();
        return pull[rq.cpu];
    }

    /** Moves queued, not running p from src to dst; both rq locks held. */
    private void moveQueuedTaskLocked(Rq src, Rq dst, Task p) {
        src.clock = dst.clock = core.now();
        core.deactivateTask(src, p, 0);
        core.setTaskCpu(p, dst.cpu);
        core.activateTask(dst, p, 0);
    }

    /**
     * push_rt_tasks(): {@code while (push_rt_task(rq, false));}. A push_rt_task() starts in a
     * section under this rq's lock (pick_next_pushable_task(), find_lowest_rq()); then
     * find_lock_lowest_rq()'s double_lock_balance() drops it (interleaving point) and the next
     * section re-validates under both locks and moves the task, or tries again (RT_MAX_TRIES).
     */
    private final class PushRt implements BalanceCallback {
        /** push_rt_task()'s next_task while its double_lock_balance() is pending; null between calls. */
        private Task nextTask;
        /** find_lock_lowest_rq()'s lowest_rq (by cpu) and its tries. */
        private int lowestCpu = -1;
        private int tries;

        @Override
        public String name() {
            return "push_rt_tasks";
        }

        @Override
        public int run(Cpu cpu, Rq rq) {
            if (nextTask == null) { // push_rt_task(rq, false)
                if (!cpu.lock(rq.lock)) return KFrame.SPIN;
                cpu.cost(core.costs.section());
                if (!rq.rt.overloaded) return done();
                Task p = pickNextPushable(rq);
                if (p == null) return done();
                return retry(rq, p);
            }
            // find_lock_lowest_rq(), back from double_lock_balance() with both rq locks held
            Rq lowestRq = core.rqs[lowestCpu];
            if (!cpu.lock(rq.lock) || !cpu.lock(lowestRq.lock)) return KFrame.SPIN;
            cpu.cost(core.costs.section());
            Task task = nextTask;
            // the lock was dropped: task may have migrated, run, or had its affinity changed
            // S19 (inject): after double_lock_balance() only the affinity is re-checked, not that task is still rq's next pushable task
            if (!task.cpusMask.test(lowestRq.cpu) || !core.faults.s19 && task != pickNextPushable(rq))
                return noLowestRq(rq); // double_unlock_balance(); lowest_rq = NULL; break
            if (lowestRq.rt.highestPrio() > task.prio) { // if this rq is still suitable use it
                moveQueuedTaskLocked(rq, lowestRq, task);
                core.reschedCurr(lowestRq);
                nextTask = null;
                // push_rt_task() returned 1: push_rt_tasks() calls it again. Simplification: in a
                // new section, so this rq's lock (held throughout in the kernel) is free in between
                return KFrame.NEXT;
            }
            tries++; // try again: double_unlock_balance(), this rq's lock stays held
            return findLockLowestRq(rq, task);
        }

        /** push_rt_task()'s retry: label, rq's lock held. */
        private int retry(Rq rq, Task p) {
            if (p.prio < rq.donor.prio) { // next_task slipped in of higher priority than current: reschedule
                core.reschedCurr(rq);
                return done();
            }
            // not reached unless B27 hands out rq->curr, which that injection leaves to the migration checker
            if (core.warnOnce(p == rq.curr && !core.faults.b27, "push_rt_task: WARN_ON(next_task == rq->curr)")) return done();
            nextTask = p;
            tries = 0;
            return findLockLowestRq(rq, p);
        }

        /** find_lock_lowest_rq()'s loop up to double_lock_balance(), rq's lock held. */
        private int findLockLowestRq(Rq rq, Task task) {
            if (tries >= RT_MAX_TRIES) return noLowestRq(rq);
            int lowest = findLowestRq(task);
            if (lowest == -1 || lowest == rq.cpu) return noLowestRq(rq);
            // target rq has tasks of equal or higher priority: retrying is unlikely to help
            if (core.rqs[lowest].rt.highestPrio() <= task.prio) return noLowestRq(rq);
            lowestCpu = lowest;
            // double_lock_balance(). Simplification: it always drops this rq's lock (the
            // CONFIG_PREEMPTION variant), so the re-validation always runs
            return KFrame.NEXT;
        }

        /** push_rt_task() after find_lock_lowest_rq() returned NULL, rq's lock held. */
        private int noLowestRq(Rq rq) {
            Task task = pickNextPushable(rq);
            // unchanged: do not retry, other CPUs will pull from us when ready; none left: exit
            if (task == nextTask || task == null) return done();
            return retry(rq, task); // something has shifted, try again
        }

        private int done() {
            nextTask = null;
            lowestCpu = -1;
            tries = 0;
            return KFrame.DONE;
        }
    }

    /**
     * pull_rt_task(): for each overloaded CPU, under both rq locks, pull its best pushable task if
     * it beats what this rq would run, then reschedule. One section per source CPU.
     */
    private final class PullRt implements BalanceCallback {
        private int next;

        @Override
        public String name() {
            return "pull_rt_task";
        }

        @Override
        public int run(Cpu cpu, Rq rq) {
            while (next < core.nrCpus() && (next == rq.cpu || !core.rqs[next].rt.overloaded)) next++;
            if (next >= core.nrCpus()) {
                next = 0;
                return KFrame.DONE;
            }
            Rq src = core.rqs[next];
            if (!cpu.lock(rq.lock) || !cpu.lock(src.lock)) return KFrame.SPIN;
            cpu.cost(core.costs.section());
            next++;
            Task p = pickHighestPushable(src, rq.cpu); // we can pull only a task which is pushable on its rq
            if (p != null && p.prio < rq.rt.highestPrio()) { // an RT task that preempts the to-be-scheduled task
                boolean onCpu = core.warnOnce(p == src.curr, "pull_rt_task: WARN_ON(p == src_rq->curr)");
                boolean notQueued = core.warnOnce(p.onRq != TaskState.TASK_ON_RQ_QUEUED, "pull_rt_task: WARN_ON(!task_on_rq_queued(p))");
                // p is waking up on src and has not had its chance to preempt src's donor yet
                if (p.prio < src.donor.prio) return KFrame.NEXT; // goto skip
                // model: past a WARN the kernel moves p anyway; the model does not move a running or
                // dequeued task (the WARN has already failed the run)
                if (!onCpu && !notQueued) {
                    moveQueuedTaskLocked(src, rq, p);
                    core.reschedCurr(rq); // model: at each pull, where the kernel reschedules once after the loop
                }
            }
            return KFrame.NEXT;
        }
    }
}
