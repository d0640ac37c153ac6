package org.proxytorture.kernel.hotplug;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.SleepFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * remove_cpu() → cpu_down() → _cpu_down() (kernel/cpu.c), run by the calling task (the hotplug
 * control side), with the scheduler's teardown callbacks of {@link Hotplug}:
 * <pre>
 * LOCK        cpus_write_lock()
 * PREPARE     -EBUSY if hotplug is disabled or this is the last online CPU; cpuhp_set_state(): cpu_dying
 * DEACTIVATE  [target rq lock] sched_cpu_deactivate(): set_cpu_active(false), balance_push_set(true)
 *             synchronize_rcu()                                   (one jiffy: a grace period)
 * RQ_OFFLINE  [target rq lock] sched_set_rq_offline()
 * WAIT_EMPTY  [target rq lock] sched_cpu_wait_empty(): sleep in D until balance_push() has emptied
 *             it and wakes us (no timeout: a missing wakeup is a hung control task)
 * TAKEDOWN    [target rq lock] stop_machine(take_cpu_down): set_cpu_online(false), sched_cpu_dying(),
 *             hrtimers_cpu_dying(); the CPU then idles for good
 * UNLOCK      cpus_write_unlock()
 * </pre>
 * Simplification: the AP-side callbacks (sched_cpu_deactivate() runs on the dying CPU's cpuhp
 * thread, take_cpu_down() on its stopper) are executed by the control task under the target's rq
 * lock; stop_machine() is modelled as waiting for no task to be half-way through a move.
 */
public final class CpuDownFrame extends KFrame {
    private static final int LOCK = 0, PREPARE = 1, DEACTIVATE = 2, RQ_OFFLINE = 3, WAIT_EMPTY = 4, TAKEDOWN = 5, UNLOCK = 6, END = 7;
    public static final int EBUSY = -16;
    private final int target;
    private int pc = LOCK;
    /** 0, or the negative errno remove_cpu() returned. */
    public int ret;

    public CpuDownFrame(int cpu) {
        this.target = cpu;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        Hotplug hp = core.hotplug;
        Rq rq = core.rqs[target];
        switch (pc) {
            case LOCK -> {
                cpu.cost(core.costs.atomic());
                pc = PREPARE;
                p.push(hp.cpusWriteLock()); // percpu_down_write(&cpu_hotplug_lock): sleeps until the readers are out
                return CALL;
            }
            case PREPARE -> {
                cpu.cost(core.costs.section());
                if (hp.cpuHotplugDisabled > 0 || hp.numOnlineCpus() == 1) {
                    ret = EBUSY;
                    pc = UNLOCK;
                    return NEXT;
                }
                if (!hp.online[target]) { // already at the target state
                    pc = UNLOCK;
                    return NEXT;
                }
                hp.dying[target] = true; // cpuhp_set_state(): set_cpu_dying(cpu, !bringup)
                pc = DEACTIVATE;
                return NEXT;
            }
            case DEACTIVATE -> {
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                hp.deactivate(rq);
                pc = RQ_OFFLINE;
                p.push(new SleepFrame(core.tickNsec, false)); // synchronize_rcu()
                return CALL;
            }
            case RQ_OFFLINE -> {
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                hp.setRqOffline(rq);
                pc = WAIT_EMPTY;
                return NEXT;
            }
            case WAIT_EMPTY -> {
                // balance_hotplug_wait(): rcuwait_wait_event(&rq->hotplug_wait, <vacated>, TASK_UNINTERRUPTIBLE)
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                hp.hotplugWait[target] = p; // prepare_to_rcuwait()
                p.state = TaskState.TASK_UNINTERRUPTIBLE; // set_current_state()
                // S26 (inject): balance_hotplug_wait() sleeps without testing its condition first, trusting balance_push() to wake it
                if (!core.faults.s26 && hp.vacated(rq)) {
                    hp.hotplugWait[target] = null; // finish_rcuwait()
                    p.state = TaskState.TASK_RUNNING;
                    pc = TAKEDOWN;
                    return NEXT;
                }
                if (hp.hotplugWaitPoll) { // simplification, proxytorture.hotplug_wait_poll=1 only: also re-checked every jiffy
                    p.state = TaskState.TASK_RUNNING;
                    p.push(new SleepFrame(core.tickNsec, false));
                    return CALL;
                }
                return SCHEDULE; // until balance_push() finds only idle left and rcuwait_wake_up()s us
            }
            case TAKEDOWN -> {
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                hp.takeCpuDown(rq);
                pc = UNLOCK;
                return NEXT;
            }
            case UNLOCK -> {
                cpu.cost(core.costs.atomic());
                pc = END;
                p.push(hp.cpusWriteUnlock()); // percpu_up_write(&cpu_hotplug_lock)
                return CALL;
            }
            default -> {
                cpu.cost(core.costs.insn());
                return DONE;
            }
        }
    }

    @Override
    public String describe() {
        return "remove_cpu(" + target + ")";
    }
}
