package org.proxytorture.torture;

import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.SetCpusAllowedFrame;
import org.proxytorture.kernel.sched.Task;

/**
 * torture_shuffle_tasks(): advance shuffle_idle_cpu, then set_cpus_allowed_ptr() every torture
 * kthread to all CPUs but that one; with torture.random_shuffle each task gets the new mask only
 * with probability 1/2 (choice 1 = it does), so affinities diverge. All under cpus_read_lock(),
 * so no CPU goes on- or offline meanwhile; the mask includes offline CPUs, and
 * set_cpus_allowed_ptr() picks an online one.
 */
final class ShuffleFrame extends KFrame {
    private final Core core;
    private final List<Task> tasks;
    private final boolean random;
    private final LockTorture torture;
    private static final int LOCK = 0, CHECK = 1, SHUFFLE = 2, UNLOCK = 3, END = 4;
    private int pc = LOCK;
    private CpuMask mask;
    private int next;

    ShuffleFrame(Core core, List<Task> tasks, boolean random, LockTorture torture) {
        this.core = core;
        this.tasks = tasks;
        this.random = random;
        this.torture = torture;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        switch (pc) {
            case LOCK -> {
                cpu.cost(core.costs.atomic());
                pc = CHECK;
                p.push(core.hotplug.cpusReadLock()); // cpus_read_lock(): sleeps while a hotplug operation holds or waits for it
                return CALL;
            }
            case CHECK -> {
                cpu.cost(core.costs.atomic());
                if (core.hotplug.numOnlineCpus() == 1) { // no point in shuffling with one online CPU
                    pc = UNLOCK;
                    return NEXT;
                }
                mask = torture.nextShuffleMask();
                pc = SHUFFLE;
                return NEXT;
            }
            case SHUFFLE -> {
                cpu.cost(core.costs.insn());
                while (next < tasks.size()) {
                    Task t = tasks.get(next++);
                    if (t.state == org.proxytorture.kernel.sched.TaskState.TASK_DEAD) continue;
                    if (!random || core.choices.choose(2) == 1) {
                        p.push(new SetCpusAllowedFrame(t == p ? null : t, mask));
                        return CALL;
                    }
                }
                pc = UNLOCK;
                return NEXT;
            }
            case UNLOCK -> {
                cpu.cost(core.costs.atomic());
                pc = END;
                p.push(core.hotplug.cpusReadUnlock()); // cpus_read_unlock()
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
        return "torture_shuffle_tasks()";
    }
}
