package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * kernel/sched/core.c's wakeup section: try_to_wake_up() with ttwu_runnable(), ttwu_queue(),
 * ttwu_queue_cond(), __ttwu_queue_wakelist(), ttwu_do_activate() and sched_ttwu_pending(); and the
 * CPU choice it makes, select_task_rq() and select_fallback_rq() (with fair.c's
 * select_idle_sibling() over the model's single LLC). {@link Core#tryToWakeUp} is the entry the
 * rest of the model calls (wake_up_process(), wake_up_q(), complete() all come here); the waker's
 * wait for p->on_cpu runs in sections of its own ({@link TtwuTail}).
 *
 * <p>Like {@link Core}, every method runs inside one atomic section on {@link Core#thisCpu} and
 * returns {@link KFrame#SPIN} (nothing done) when a spinlock it needs is busy.
 */
final class Ttwu {
    private final Core core;

    Ttwu(Core core) {
        this.core = core;
    }

    /**
     * try_to_wake_up(): takes p->pi_lock; a queued task is woken in place (ttwu_runnable, under
     * its rq lock). Otherwise p->__state becomes TASK_WAKING and, as core.c does:
     * <ul>
     *   <li>p still on_cpu (its CPU is between deactivating it and finish_task()): queued on that
     *       CPU's wake list if ttwu_queue_cond() allows, else the waker spins with
     *       pi_lock held and IRQs off until on_cpu clears ({@link TtwuTail}), then goes on;</li>
     *   <li>select_task_rq() picks a CPU; ttwu_queue(): the wake list and an IPI when
     *       ttwu_queue_cond() says so (an interleaving point: activated by sched_ttwu_pending()
     *       there), else activated at once under that CPU's rq lock, remote or not.</li>
     * </ul>
     *
     * @return TTWU_WOKEN, TTWU_NOT_WOKEN or SPIN (nothing done)
     */
    int tryToWakeUp(Cpu cpu, Task p, int state, int wakeFlags) {
        if (cpu.ttwuTail.active()) return KFrame.SPIN; // callers wake one task per section; the wait runs first
        if (!cpu.lock(p.piLock)) return KFrame.SPIN;
        // S22 (inject): smp_mb__after_spinlock() dropped after raw_spin_lock_irqsave(&p->pi_lock): the wake condition's store may trail the p->__state load
        if (!core.faults.s22) core.mem.smpMbAfterSpinlock(cpu.id);
        if ((p.state & state) == 0) return Core.TTWU_NOT_WOKEN; // ttwu_state_match()
        core.mem.smpRmb(cpu.id);
        // B11 (inject): ttwu takes a task in flight (TASK_ON_RQ_MIGRATING: a donor being proxy- or return-migrated) for asleep
        long onRqSeen = core.faults.b11 && p.onRq == TaskState.TASK_ON_RQ_MIGRATING ? 0 : core.mem.load(cpu.id, p.onRqWord); // READ_ONCE(p->on_rq)
        if (onRqSeen != 0 && p.onRq == TaskState.TASK_ON_RQ_MIGRATING) return KFrame.SPIN; // __task_rq_lock() waits it out
        boolean waking = false;
        if (onRqSeen != 0 && p.onRq == 0) { // ttwu_runnable(): __task_rq_lock(), then !task_on_rq_queued(p): on to the full wakeup
            if (!cpu.lock(core.rqs[p.cpu].lock)) return KFrame.SPIN;
            core.coverage.point("ttwu_on_rq_recheck");
        }
        if (onRqSeen != 0 && p.onRq != 0) {
            Rq rq = core.rqs[p.cpu];
            if (!cpu.lock(rq.lock)) return KFrame.SPIN;
            // proxy_needs_return(): scoped_guard(p->blocked_lock) for a task away from wake_cpu
            if (core.proxy.hasBlockedLock() && p.cpu != p.wakeCpu && !cpu.lock(p.blockedLock)) return KFrame.SPIN;
            cpu.cost(core.costs.ttwu());
            core.trace.schedWaking(core.now(), cpu.id, p, p.cpu);
            waking = true;
            rq.clock = core.now();
            // ttwu_runnable(): a proxy-migrated donor is dequeued here and woken in full below,
            // in sections of its own (TtwuTail), since this one has changed the source runqueue
            // a sched_delayed task is still queued: requeue it in place (before any return migration)
            boolean delayed = p.se.schedDelayed;
            if (delayed) core.enqueueTask(rq, p, SchedClass.ENQUEUE_DELAYED);
            if (!(core.proxy.enabled() && core.proxy.proxyNeedsReturn(cpu, rq, p))) {
                if (!Core.taskRunning(rq, p)) core.wakeupPreempt(rq, p, wakeFlags);
                ttwuDoWakeup(rq, p);
                // the sleeping-owner series: a delayed owner woke without an activation; its parked donors follow
                if (delayed && core.proxy.enabled() && !p.blockedHead.isEmpty()) core.proxy.onActivated(cpu, rq, p);
                return Core.TTWU_WOKEN;
            }
        }
        // smp_acquire__after_ctrl_dep(); smp_rmb(); smp_load_acquire(&p->on_cpu)
        boolean onCpu = core.mem.loadAcquire(cpu.id, p.onCpu) != 0;
        int target = -1;
        boolean wakelist = false;
        if (!onCpu && !waking) {
            // select_task_rq() and ttwu_queue()'s choice, made before anything changes (the
            // target's rq lock may be busy: then nothing was done)
            target = selectTaskRq(p, p.wakeCpu, wakeFlags);
            wakelist = ttwuQueueCond(cpu, p, target);
            if (!wakelist && !cpu.lock(core.rqs[target].lock)) return KFrame.SPIN;
        }
        cpu.cost(core.costs.ttwu());
        if (!waking) core.trace.schedWaking(core.now(), cpu.id, p, p.cpu);
        p.state = TaskState.TASK_WAKING; // WRITE_ONCE(p->__state, TASK_WAKING)
        if (p.blockedOwner != null) { // parked on a sleeping owner: this wakeup takes it off the list
            p.blockedOwner.blockedHead.remove(p);
            p.blockedOwner = null;
        }
        if (onCpu) {
            // smp_load_acquire(&p->on_cpu) && ttwu_queue_wakelist(p, task_cpu(p), wake_flags): the
            // IPI is taken there after finish_task(), since __schedule() runs with IRQs off
            if (ttwuQueueCond(cpu, p, p.cpu)) {
                core.coverage.point("ttwu_on_cpu_wakelist");
                queueWakelist(p, p.cpu);
                return Core.TTWU_WOKEN;
            }
            // smp_cond_load_acquire(&p->on_cpu, !VAL), pi_lock held, IRQs off
            core.coverage.point("ttwu_on_cpu_spin");
            cpu.holdAcross(p.piLock);
            cpu.ttwuTail.start(p, wakeFlags);
            return Core.TTWU_WOKEN;
        }
        if (waking) { // after a return migration: select_task_rq() and ttwu_queue() in the next section(s)
            cpu.holdAcross(p.piLock);
            cpu.ttwuTail.start(p, wakeFlags);
            return Core.TTWU_WOKEN;
        }
        ttwuQueue(cpu, p, target, wakelist);
        return Core.TTWU_WOKEN;
    }

    /**
     * The rest of try_to_wake_up() after smp_cond_load_acquire(&amp;p-&gt;on_cpu, !VAL), p->pi_lock
     * held: select_task_rq() and ttwu_queue(). SPIN if the target's rq lock is busy (nothing done).
     */
    int ttwuAfterOnCpu(Cpu cpu, Task p, int wakeFlags) {
        int target = selectTaskRq(p, p.wakeCpu, wakeFlags);
        boolean wakelist = ttwuQueueCond(cpu, p, target);
        if (!wakelist && !cpu.lock(core.rqs[target].lock)) return KFrame.SPIN;
        cpu.cost(core.costs.ttwu());
        ttwuQueue(cpu, p, target, wakelist);
        return KFrame.DONE;
    }

    /** set_task_cpu() if select_task_rq() moved p, then ttwu_queue(): target's rq lock held unless wakelist. */
    private void ttwuQueue(Cpu cpu, Task p, int target, boolean wakelist) {
        boolean migrated = false;
        if (p.cpu != target) {
            core.setTaskCpu(p, target);
            migrated = true;
        } else if (target != p.wakeCpu && !core.faults.s23) { // S23 (inject): a wakeup that keeps task_cpu(p) leaves a stale p->wake_cpu
            p.wakeCpu = target; // a stale wake_cpu after a proxy migration
        }
        if (wakelist) {
            core.coverage.point("ttwu_queue_wakelist");
            queueWakelist(p, target);
        } else {
            if (target != cpu.id) core.coverage.point("ttwu_remote_direct");
            ttwuDoActivate(core.rqs[target], p, migrated);
        }
    }

    /**
     * ttwu_queue_cond() with sched_feat(TTWU_QUEUE): use the target's wake list only for an
     * active CPU in p's mask other than this one that runs nothing (one LLC in the model, so
     * cpus_share_cache() is always true).
     */
    boolean ttwuQueueCond(Cpu cpu, Task p, int target) {
        // S24 (inject): ttwu_queue_cond() without the !cpu_active(cpu) test: a dying CPU is handed wakeups on its wake list
        if (!core.hotplug.cpuActive(target) && !core.faults.s24) return false;
        if (!p.cpusMask.test(target)) return false;
        if (target == cpu.id) return false;
        return core.rqs[target].nrRunning == 0;
    }

    /** __ttwu_queue_wakelist(): onto the target's wake list, and an IPI if none is pending. */
    private void queueWakelist(Task p, int target) {
        Cpu t = core.cpus[target];
        t.rq.wakeList.add(p);
        t.sendIpi(t.wakeListIpi);
    }

    /** ttwu_do_activate(): rq lock held. */
    void ttwuDoActivate(Rq rq, Task p, boolean migrated) {
        rq.clock = core.now();
        core.activateTask(rq, p, SchedClass.ENQUEUE_WAKEUP | (migrated ? SchedClass.ENQUEUE_MIGRATED : 0));
        core.wakeupPreempt(rq, p, 0);
        ttwuDoWakeup(rq, p);
        if (p.schedClass == core.rt) core.rt.taskWoken(rq, p); // p->sched_class->task_woken()
        if (core.proxy.enabled() && !p.blockedHead.isEmpty()) core.proxy.onActivated(core.thisCpu, rq, p);
    }

    /** ttwu_do_wakeup() (folded into ttwu_do_activate() in newer kernels): TASK_RUNNING, trace_sched_wakeup(). */
    private void ttwuDoWakeup(Rq rq, Task p) {
        core.proxy.onWakeup(p);
        p.state = TaskState.TASK_RUNNING;
        core.trace.schedWakeup(core.now(), rq.cpu, p);
    }

    /** sched_ttwu_pending(): the wake-list IPI on the target CPU. */
    int schedTtwuPending(Cpu cpu) {
        Rq rq = cpu.rq;
        if (!cpu.lock(rq.lock)) return KFrame.SPIN;
        cpu.cost(core.costs.section());
        while (!rq.wakeList.isEmpty()) {
            Task p = rq.wakeList.poll();
            core.warnOnce(core.mem.load(cpu.id, p.onCpu) != 0, "sched_ttwu_pending: p->on_cpu");
            core.warnOnce(p.cpu != rq.cpu, "sched_ttwu_pending: task_cpu(p) != cpu_of(rq)");
            ttwuDoActivate(rq, p, false);
        }
        return KFrame.DONE;
    }

    /** select_task_rq(): the class's choice, or select_fallback_rq() if that CPU is not allowed. */
    int selectTaskRq(Task p, int prevCpu, int wakeFlags) {
        int cpu = p.nrCpusAllowed() > 1 ? p.schedClass.selectTaskRq(p, prevCpu, wakeFlags) : p.cpusMask.first();
        // S04 (inject): select_task_rq() trusts the class's pick without is_cpu_allowed()
        if (!core.faults.s04 && !core.isCpuAllowed(p, cpu)) cpu = selectFallbackRq(p, p.cpu);
        return cpu;
    }

    /** select_task_rq(p, p->wake_cpu) for a return migration (p->pi_lock notionally held). */
    int selectTaskRqForReturn(Task p) {
        return selectTaskRq(p, p.wakeCpu, 0);
    }

    /**
     * select_fallback_rq(): the first allowed CPU of p's mask; if there is none, "no more Mr. Nice
     * Guy": the mask becomes task_cpu_fallback_mask(p) (cpu_possible_mask; the cpuset step is not
     * modelled) and a user task's move is reported. p->pi_lock (or p's rq lock) held.
     */
    int selectFallbackRq(Task p, int cpu) {
        for (int c = p.cpusMask.first(); c < core.nrCpus(); c = p.cpusMask.next(c)) if (core.isCpuAllowed(p, c)) return c;
        CpuMask possible = CpuMask.first(core.nrCpus());
        p.cpusMask = possible; // do_set_cpus_allowed(p, task_cpu_fallback_mask(p))
        if (p.onRq == TaskState.TASK_ON_RQ_QUEUED) core.rt.cpusAllowedChanged(core.rqs[p.cpu], p);
        core.trace.affinityChanged(core.now(), p, possible);
        // kernel threads (no mm) are not reported: they never leave the kernel
        if (!p.pfKthread) core.trace.printk(core.now(), core.thisCpu == null ? -1 : core.thisCpu.id,
                "process " + p.pid + " (" + p.comm + ") no longer affine to cpu" + cpu);
        for (int c = possible.first(); c < core.nrCpus(); c = possible.next(c)) if (core.isCpuAllowed(p, c)) return c;
        throw core.oops("select_fallback_rq", "kernel BUG at kernel/sched/core.c: no allowed online CPU for " + p.comm);
    }

    /** fair.c's select_idle_sibling() over a single LLC (select_task_rq_fair()'s choice, here for its size). */
    int selectIdleSibling(Task p, int prev) {
        // the target is taken if idle without a cpus_ptr test (select_task_rq() then falls back);
        // select_idle_cpu() scans sched_domain_span(sd) & p->cpus_ptr, the domain being active CPUs
        if (core.rqs[prev].idleCpu()) return prev;
        int n = core.nrCpus();
        for (int i = 1; i < n; i++) {
            int c = (prev + i) % n;
            if (p.cpusMask.test(c) && core.hotplug.cpuActive(c) && core.rqs[c].idleCpu()) return c;
        }
        return prev;
    }
}
