package org.proxytorture.kernel.hotplug;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;

/**
 * add_cpu() → cpu_up() → _cpu_up() (kernel/cpu.c), run by the calling task:
 * <pre>
 * LOCK      cpus_write_lock()
 * PREPARE   -EBUSY if hotplug is disabled; cpuhp_set_state(): clear cpu_dying
 * BRINGUP   [target rq lock] bringup_cpu(): sched_cpu_starting(), set_cpu_online(true), the tick starts
 * ACTIVATE  [target rq lock] sched_cpu_activate(): balance_push_set(false), set_cpu_active(true),
 *           sched_set_rq_online()
 * UNLOCK    cpus_write_unlock()
 * </pre>
 * The new CPU gets work from load balancing and from wakeups, as in the kernel. Simplification:
 * the AP's own bring-up (start_secondary(), its cpuhp thread) is executed by the control task
 * under the target's rq lock.
 */
public final class CpuUpFrame extends KFrame {
    private static final int LOCK = 0, PREPARE = 1, BRINGUP = 2, ACTIVATE = 3, UNLOCK = 4, END = 5;
    private final int target;
    private int pc = LOCK;
    /** 0, or the negative errno add_cpu() returned. */
    public int ret;

    public CpuUpFrame(int cpu) {
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
                if (hp.cpuHotplugDisabled > 0) {
                    ret = CpuDownFrame.EBUSY;
                    pc = UNLOCK;
                    return NEXT;
                }
                pc = hp.online[target] ? UNLOCK : BRINGUP;
                return NEXT;
            }
            case BRINGUP -> {
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                hp.bringUp(rq);
                pc = ACTIVATE;
                return NEXT;
            }
            case ACTIVATE -> {
                if (!cpu.lock(rq.lock)) return SPIN;
                cpu.cost(core.costs.section());
                hp.activate(rq);
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
        return "add_cpu(" + target + ")";
    }
}
