package org.proxytorture.kernel.sched;

/**
 * The cpu_stopper thread (migration/N): runs queued migration_cpu_stop() works, then sleeps.
 * migration_cpu_stop(): if p is still queued on this rq, move_queued_task() to dest (the rq lock
 * is dropped between the dequeue here and the enqueue there); else set p->wake_cpu. Then
 * complete() the waiter. active_load_balance_cpu_stop() is the same move, asked by the balancer.
 * __balance_push_cpu_stop() (p->pi_lock and the rq lock) moves p, if still queued here, off this
 * dying CPU to select_fallback_rq().
 */
final class StopperFrame extends KFrame {
    private static final int TAKE = 0, ATTACH = 1, COMPLETE = 2;
    private final Core core;
    private int pc = TAKE;
    private StopWork work;
    private int dest;

    StopperFrame(Core core) {
        this.core = core;
    }

    @Override
    public int step(Cpu cpu, Task self) {
        Rq rq = cpu.rq;
        switch (pc) {
            case TAKE -> {
                if (!cpu.lock(rq.lock)) return SPIN;
                StopWork next = rq.stopWorks.peek();
                if (next != null && next.push && !cpu.lock(next.p.piLock)) return SPIN;
                cpu.cost(core.costs.section());
                rq.clock = core.now();
                work = rq.stopWorks.poll();
                if (work == null) {
                    self.state = TaskState.TASK_INTERRUPTIBLE;
                    return SCHEDULE;
                }
                Task p = work.p;
                if (work.push) {
                    if (p.cpu == rq.cpu && p.onRq == TaskState.TASK_ON_RQ_QUEUED && rq.donor != p && rq.curr != p) {
                        dest = core.selectFallbackRq(p, rq.cpu);
                        core.deactivateTask(rq, p, 0);
                        core.setTaskCpu(p, dest);
                        cpu.irqsOff = true; // until the attach: move_queued_task() runs with IRQs off
                        pc = ATTACH;
                    } else {
                        pc = COMPLETE;
                    }
                    return NEXT;
                }
                dest = work.destCpu;
                if (!work.active) p.migrationPending = false;
                boolean wanted = work.active || !p.cpusMask.test(rq.cpu);
                if (p.cpu == rq.cpu && p.onRq == TaskState.TASK_ON_RQ_QUEUED && core.isCpuAllowed(p, work.destCpu)
                        && wanted && rq.donor != p) {
                    core.deactivateTask(rq, p, 0);
                    core.setTaskCpu(p, work.destCpu);
                    cpu.irqsOff = true; // until the attach: move_queued_task() runs with IRQs off
                    pc = ATTACH;
                } else {
                    if (!work.active && p.cpu == rq.cpu && p.onRq == 0 && !p.cpusMask.test(p.wakeCpu)) p.wakeCpu = work.destCpu;
                    pc = COMPLETE;
                }
                return NEXT;
            }
            case ATTACH -> {
                Rq dst = core.rqs[dest];
                if (!cpu.lock(dst.lock)) return SPIN;
                cpu.cost(core.costs.section());
                dst.clock = core.now();
                core.moveQueuedTaskAttach(dst, work.p);
                cpu.irqsOff = false;
                pc = COMPLETE;
                return NEXT;
            }
            default -> {
                // complete(): done = 1, wake the waiter
                Completion c = work.done;
                if (c != null) {
                    if (c.waiter != null && core.tryToWakeUp(cpu, c.waiter, TaskState.TASK_NORMAL, 0) == Core.SPIN) return SPIN;
                    c.done = true;
                } else if (work.active) {
                    rq.activeBalance = false;
                }
                cpu.cost(core.costs.atomic());
                work = null;
                pc = TAKE;
                return NEXT;
            }
        }
    }

    @Override
    public String describe() {
        return "cpu_stopper_thread";
    }
}
