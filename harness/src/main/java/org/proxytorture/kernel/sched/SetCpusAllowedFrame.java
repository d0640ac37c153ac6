package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * set_cpus_allowed_ptr() -> __set_cpus_allowed_ptr_locked() -> affine_move_task(), called by a
 * task (the shuffler, or a task on itself). Under task_rq_lock() the mask is set; if task_cpu(p)
 * is no longer allowed, a queued task is moved at once (move_queued_task(): the source rq lock
 * is dropped before the destination's is taken, an interleaving point), a running one is moved by
 * the stopper (migration_cpu_stop()) while the caller waits for its completion, and a sleeping
 * one is left for its next wakeup to place.
 */
public final class SetCpusAllowedFrame extends KFrame {
    private static final int SET = 0, ATTACH = 1, KICK = 2, WAIT = 3;
    private final Task target;
    private final CpuMask mask;
    private int pc = SET;
    private int dest;
    private Completion done;
    private Rq stopRq;

    public SetCpusAllowedFrame(Task target, CpuMask mask) {
        this.target = target;
        this.mask = mask;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        Task t = target == null ? p : target;
        switch (pc) {
            case SET -> {
                if (!cpu.lock(t.piLock)) return SPIN;
                if (t.onRq == TaskState.TASK_ON_RQ_MIGRATING) return SPIN;
                Rq rq = core.taskRq(t);
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                rq.clock = core.now();
                // cpumask_any_and_distribute(cpu_valid_mask, new_mask): none valid is -EINVAL, the mask unchanged
                dest = core.anyAndDistribute(t, mask);
                if (dest < 0) return DONE;
                t.cpusMask = mask; // __do_set_cpus_allowed()
                core.rt.cpusAllowedChanged(rq, t);
                core.trace.affinityChanged(core.now(), t, mask);
                if (mask.test(t.cpu)) return DONE; // affine_move_task(): already allowed where it is
                // affine_move_task(): done if (task_current_donor(rq, p) && !task_current(rq, p)): a donor
                // may sit outside its mask (every generation), woken or not. The donor affinity fix
                // (finding F1, not mainline): only a still-blocked donor of 7.1+ stays (it is sent home
                // at its wakeup); a woken one, and any 6.17 donor (no return migration), go to the stopper.
                // Still blocked is what __schedule() proxies for: in 2026 p->is_blocked, which a signal's
                // wakeup clears though blocked_on stays until the wait loop runs (model 20)
                boolean donor = rq.donor == t && rq.curr != t;
                boolean blocked = core.proxy.needsProxy(t);
                if (donor && (!core.donorAffinityFix || core.proxy.returnsDonors() && blocked)) return DONE;
                if (Core.taskRunning(rq, t) || donor || t.state == TaskState.TASK_WAKING) {
                    done = new Completion();
                    done.waiter = p;
                    rq.stopWorks.add(new StopWork(t, dest, done, false)); // stop_one_cpu_nowait()
                    t.migrationPending = true;
                    stopRq = rq;
                    p.preemptCount++; // with preemption off until the stopper is kicked
                    pc = KICK;
                    return NEXT;
                }
                if (t.onRq == TaskState.TASK_ON_RQ_QUEUED) {
                    core.deactivateTask(rq, t, 0);
                    core.setTaskCpu(t, dest);
                    p.preemptCount++; // move_queued_task() does not leave t half-moved to be preempted
                    cpu.localIrqDisable(); // nor interrupted (task_rq_lock() is irqsave)
                    pc = ATTACH;
                    return NEXT;
                }
                return DONE; // sleeping: select_task_rq() honours the new mask at wakeup
            }
            case ATTACH -> {
                Rq rq = core.rqs[dest];
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                rq.clock = core.now();
                core.moveQueuedTaskAttach(rq, t);
                cpu.localIrqEnable();
                p.preemptCount--;
                return DONE;
            }
            case KICK -> {
                // wake the stopper, after task_rq_unlock()
                if (core.tryToWakeUp(cpu, stopRq.stop, TaskState.TASK_NORMAL, 0) == Core.SPIN) return SPIN;
                cpu.cost(core.costs.atomic());
                p.preemptCount--;
                pc = WAIT;
                return NEXT;
            }
            default -> {
                // wait_for_completion()
                cpu.cost(core.costs.atomic());
                if (done.done) return DONE;
                p.state = TaskState.TASK_UNINTERRUPTIBLE;
                return SCHEDULE;
            }
        }
    }

    @Override
    public String describe() {
        return "set_cpus_allowed_ptr(" + (target == null ? "current" : target.comm) + ", " + mask + ")"; // coverage: not model (describe() text)
    }
}
