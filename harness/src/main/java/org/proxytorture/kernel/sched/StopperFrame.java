package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.fair.LoadBalance;

/**
 * kernel/stop_machine.c's cpu_stopper_thread (migration/N), with the stop functions of
 * kernel/sched/core.c and fair.c it runs: runs queued migration_cpu_stop() works, then sleeps.
 * migration_cpu_stop(): if p is still on this rq and outside its mask: queued, move_queued_task()
 * to dest (the rq lock is dropped between the dequeue here and the enqueue there); else set
 * p->wake_cpu. If p has moved elsewhere outside its mask, the work chases it to that CPU's
 * stopper. Then complete() the waiter. active_load_balance_cpu_stop(), asked by the balancer,
 * moves the first task of cfs_tasks that can_migrate_task() allows to busiest->push_cpu.
 * __balance_push_cpu_stop() (p->pi_lock and the rq lock) moves p, if still queued here, off this
 * dying CPU to select_fallback_rq().
 */
final class StopperFrame extends KFrame {
    private static final int TAKE = 0, ATTACH = 1, COMPLETE = 2, CHASE = 3, CHASE_KICK = 4;
    private final Core core;
    private int pc = TAKE;
    private StopWork work;
    private int dest;
    /** The task move_queued_task() / attach_one_task() is moving to dest. */
    private Task moving;

    StopperFrame(Core core) {
        this.core = core;
    }

    @Override
    public int step(Cpu cpu, Task self) {
        return switch (pc) {
            case TAKE -> cpuStopperThread(cpu, self);
            case CHASE -> cpuStopQueueWork(cpu);
            case CHASE_KICK -> wakeUpStopper(cpu);
            case ATTACH -> moveQueuedTaskAttach(cpu);
            default -> cpuStopSignalDone(cpu); // COMPLETE
        };
    }

    /**
     * TAKE: cpu_stopper_thread(): take the next work off the stopper's list and run its function
     * (the first section of it); with none, sleep.
     */
    private int cpuStopperThread(Cpu cpu, Task self) {
        Rq rq = cpu.rq;
        StopWork next = rq.stopWorks.peek(); // the stopper's own list (stopper->lock in the kernel)
        // __balance_push_cpu_stop(): p->pi_lock, then the rq lock, in the kernel's lock order
        if (next != null && next.push && !cpu.lock(next.p.piLock)) return SPIN;
        if (!cpu.lock(rq.lock)) return SPIN;
        cpu.cost(core.costs.section());
        rq.clock = core.now();
        work = rq.stopWorks.poll();
        if (work == null) {
            self.state = TaskState.TASK_INTERRUPTIBLE;
            return SCHEDULE;
        }
        Task p = work.p;
        // the stopper is rq->curr and rq->donor while it runs: p is neither
        core.warnOnce(rq.donor == p || rq.curr == p, "cpu_stopper_thread: " + p + " is the stopper's rq->curr or rq->donor");
        if (work.push) return balancePushCpuStop(cpu, rq, p);
        dest = work.destCpu;
        pc = COMPLETE;
        if (work.active) return activeLoadBalanceCpuStop(cpu, rq);
        return migrationCpuStop(cpu, rq, p);
    }

    /** __balance_push_cpu_stop(): p->pi_lock and the rq lock held; p, if still queued here, to select_fallback_rq(). */
    private int balancePushCpuStop(Cpu cpu, Rq rq, Task p) {
        if (p.cpu == rq.cpu && p.onRq == TaskState.TASK_ON_RQ_QUEUED) {
            dest = core.ttwu.selectFallbackRq(p, rq.cpu);
            migrate(cpu, rq, p);
        } else {
            pc = COMPLETE;
        }
        return NEXT;
    }

    /** active_load_balance_cpu_stop(busiest_rq = this rq), push_cpu = dest. The rq lock held. */
    private int activeLoadBalanceCpuStop(Cpu cpu, Rq rq) {
        if (core.hotplug.cpuActive(rq.cpu) && core.hotplug.cpuActive(dest) && rq.activeBalance && rq.nrRunning > 1) {
            core.warnOnce(dest == rq.cpu, "active_load_balance_cpu_stop: busiest_rq == target_rq");
            Task q = detachOneTask(rq, dest);
            if (q != null) {
                core.rqs[dest].nrBalanceFailed = 0; // active balancing done, reset the failure counter
                migrate(cpu, rq, q);
            }
        }
        rq.activeBalance = false; // out_unlock:, still under busiest's lock
        return NEXT;
    }

    /** migration_cpu_stop() with its set_affinity_pending. The rq lock held. */
    private int migrationCpuStop(Cpu cpu, Rq rq, Task p) {
        if (p.cpu == rq.cpu) { // task_rq(p) == rq
            p.migrationPending = false; // complete = true
            if (p.cpusMask.test(p.cpu)) return NEXT;
            if (p.onRq == TaskState.TASK_ON_RQ_QUEUED) {
                if (core.isCpuAllowed(p, dest)) migrate(cpu, rq, p); // __migrate_task()
            } else {
                p.wakeCpu = dest;
                core.trace.wakeCpuSet(core.now(), p, dest);
            }
            return NEXT;
        }
        if (p.cpusMask.test(p.cpu)) { // moved before the stopper ran, somewhere allowed: done
            p.migrationPending = false;
            return NEXT;
        }
        // moved, still not allowed: chase it (stop_one_cpu_nowait(task_cpu(p), ...)), the completion pending
        core.coverage.point("migration_cpu_stop_chase");
        dest = p.cpu;
        pc = CHASE;
        return NEXT;
    }

    /** CHASE: stop_one_cpu_nowait()'s cpu_stop_queue_work() on the CPU p moved to. */
    private int cpuStopQueueWork(Cpu cpu) {
        Rq there = core.rqs[dest];
        if (!cpu.lock(there.lock)) return SPIN;
        cpu.cost(core.costs.section());
        there.stopWorks.add(work); // cpu_stop_queue_work() (the stopper lock: here that CPU's rq lock)
        pc = CHASE_KICK;
        return NEXT;
    }

    /** CHASE_KICK: cpu_stop_queue_work()'s wake_up_process() of that CPU's stopper. */
    private int wakeUpStopper(Cpu cpu) {
        if (core.tryToWakeUp(cpu, core.rqs[dest].stop, TaskState.TASK_NORMAL, 0) == Core.SPIN) return SPIN;
        cpu.cost(core.costs.atomic());
        work = null;
        pc = TAKE;
        return NEXT;
    }

    /** ATTACH: move_queued_task()'s second half (or attach_one_task()): dest's rq lock, activate there. */
    private int moveQueuedTaskAttach(Cpu cpu) {
        Rq dst = core.rqs[dest];
        if (!cpu.lock(dst.lock)) return SPIN;
        cpu.cost(core.costs.section());
        dst.clock = core.now();
        core.moveQueuedTaskAttach(dst, moving);
        moving = null;
        cpu.localIrqEnable();
        pc = COMPLETE;
        return NEXT;
    }

    /** COMPLETE: cpu_stop_signal_done() -> complete(): done = 1, wake the waiter. */
    private int cpuStopSignalDone(Cpu cpu) {
        Completion c = work.done;
        if (c != null) {
            if (c.waiter != null && core.tryToWakeUp(cpu, c.waiter, TaskState.TASK_NORMAL, 0) == Core.SPIN) return SPIN;
            c.done = true;
        }
        cpu.cost(core.costs.atomic());
        work = null;
        pc = TAKE;
        return NEXT;
    }

    /** detach_one_task(): the first task of cfs_tasks can_migrate_task() allows (LBF_ACTIVE_LB). */
    private Task detachOneTask(Rq rq, int dst) {
        for (Task q : rq.cfsTasks) if (LoadBalance.canMigrateTask(core, q, rq, dst)) return q;
        return null;
    }

    /** move_queued_task(), first half: dequeue and set_task_cpu() here, attach at dest in the next section. */
    private void migrate(Cpu cpu, Rq rq, Task p) {
        moving = p;
        core.deactivateTask(rq, p, 0);
        core.setTaskCpu(p, dest);
        cpu.localIrqDisable(); // until the attach: move_queued_task() runs with IRQs off
        pc = ATTACH;
    }

    @Override
    public String describe() {
        return "cpu_stopper_thread";
    }
}
