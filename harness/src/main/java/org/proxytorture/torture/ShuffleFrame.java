package org.proxytorture.torture;

import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Cpu;
import org.proxytorture.kernel.sched.KFrame;
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
        if (mask == null) {
            cpu.cost(core.costs.atomic());
            if (!core.hotplug.cpusReadTrylock()) { // cpus_read_lock(): a hotplug operation is in progress
                p.push(new org.proxytorture.kernel.sched.SleepFrame(core.tickNsec, false));
                return CALL;
            }
            if (core.hotplug.numOnlineCpus() == 1) { // no point in shuffling with one online CPU
                core.hotplug.cpusReadUnlock();
                return DONE;
            }
            mask = torture.nextShuffleMask();
        }
        cpu.cost(core.costs.insn());
        while (next < tasks.size()) {
            Task t = tasks.get(next++);
            if (t.state == org.proxytorture.kernel.sched.TaskState.TASK_DEAD) continue;
            if (!random || core.choices.choose(2) == 1) {
                p.push(new SetCpusAllowedFrame(t == p ? null : t, mask));
                return CALL;
            }
        }
        core.hotplug.cpusReadUnlock();
        return DONE;
    }

    @Override
    public String describe() {
        return "torture_shuffle_tasks()";
    }
}
