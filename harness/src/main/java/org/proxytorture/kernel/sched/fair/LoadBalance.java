package org.proxytorture.kernel.sched.fair;

import java.util.ArrayList;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.IrqWork;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.StopWork;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * sched_balance_rq() (load_balance()) for fair tasks, periodic (SCHED_SOFTIRQ from the tick) and
 * newidle. Three sections: find the busiest CPU (racy reads, as the kernel's), detach_tasks()
 * under the busiest rq lock (tasks become TASK_ON_RQ_MIGRATING), attach_tasks() under this rq
 * lock. The drop between the last two is an interleaving point.
 * When only the running task could move, and periodic balancing has failed more than
 * cache_nice_tries + 2 times in a row (need_active_balance(); newidle balancing never counts a
 * failure), active balancing asks the busiest CPU's stopper to push it
 * (active_load_balance_cpu_stop()).
 * Simplifications: one sched domain spanning all CPUs (an LLC domain: cache_nice_tries = 1);
 * imbalance by h_nr_queued, not PELT load; interval nr_cpus ms (x16 when busy), no back-off.
 */
public final class LoadBalance extends IrqWork {
    private static final int FIND = 0, DETACH = 1, ATTACH = 2, ACTIVE_KICK = 3;
    /** sd->cache_nice_tries of an LLC (MC) domain, as sd_init() sets it. */
    static final int CACHE_NICE_TRIES = 1;
    private final Core core;
    private int pc = FIND;
    private boolean newidleMode;
    private int busiest;
    private int imbalance;
    private final ArrayList<Task> detached = new ArrayList<>();
    public long pulled;

    public LoadBalance(Core core) {
        this.core = core;
    }

    /** sched_balance_newidle() uses its own instance: run on a CPU that just went idle. */
    public int newidle(Cpu cpu) {
        newidleMode = true;
        return run(cpu);
    }

    public boolean inProgress() {
        return pc != FIND;
    }

    @Override
    protected int run(Cpu cpu) {
        Rq this_ = cpu.rq;
        switch (pc) {
            case FIND -> {
                cpu.cost(core.costs.balance());
                // an inactive CPU has no sched domain (newidle: if (!cpu_active(this_cpu)) return)
                if (!core.hotplug.cpuActive(this_.cpu)) return finish();
                int mine = this_.cfs.hNrQueued;
                busiest = -1;
                int most = 0;
                for (int c = 0; c < core.nrCpus(); c++) {
                    Rq rq = core.rqs[c];
                    if (c == this_.cpu || !core.hotplug.cpuActive(c)) continue;
                    int n = rq.cfs.hNrQueued;
                    if (n > most) {
                        most = n;
                        busiest = c;
                    }
                }
                if (busiest < 0 || most < 2 || most - mine < 2 && !(newidleMode && mine == 0)) {
                    this_.nrBalanceFailed = 0; // out_balanced
                    return finish();
                }
                imbalance = Math.max(1, (most - mine) / 2);
                pc = DETACH;
                return KFrame.NEXT;
            }
            case DETACH -> {
                Rq src = core.rqs[busiest];
                if (!cpu.lock(src.lock)) return KFrame.SPIN;
                cpu.cost(core.costs.balance());
                src.clock = core.now();
                for (int i = 0; i < src.cfsTasks.size() && detached.size() < imbalance; ) {
                    Task p = src.cfsTasks.get(i);
                    if (canMigrateTask(core, p, src, this_.cpu)) {
                        core.deactivateTask(src, p, 0); // removes p from cfsTasks
                        core.setTaskCpu(p, this_.cpu);
                        detached.add(p);
                    } else {
                        i++;
                    }
                }
                if (detached.isEmpty()) {
                    // only periodic balancing counts a failure: newidle balancing is too frequent
                    if (!newidleMode) this_.nrBalanceFailed++;
                    // need_active_balance(): imbalanced_active_balance() (the model balances task
                    // counts: migrate_task); busiest's lock is held, as raw_spin_rq_lock_irqsave(busiest) has it
                    if (this_.nrBalanceFailed > CACHE_NICE_TRIES + 2) {
                        // don't kick if the curr task on busiest can't be moved to this_cpu (out_one_pinned)
                        if (!src.curr.cpusMask.test(this_.cpu)) return finish();
                        if (!src.activeBalance) {
                            src.activeBalance = true; // busiest->push_cpu = this_cpu: the work's dest
                            src.stopWorks.add(StopWork.activeBalance(this_.cpu));
                            pc = ACTIVE_KICK;
                            return KFrame.NEXT;
                        }
                    }
                    return finish();
                }
                this_.nrBalanceFailed = 0;
                pc = ATTACH;
                return KFrame.NEXT;
            }
            case ACTIVE_KICK -> {
                // stop_one_cpu_nowait(): wake the busiest CPU's stopper after dropping its lock
                if (core.tryToWakeUp(cpu, core.rqs[busiest].stop, TaskState.TASK_NORMAL, 0) == Core.SPIN) return KFrame.SPIN;
                cpu.cost(core.costs.atomic());
                return finish();
            }
            default -> {
                if (!cpu.lock(this_.lock)) return KFrame.SPIN;
                cpu.cost(core.costs.balance());
                this_.clock = core.now();
                for (Task p : detached) core.attachTask(this_, p); // attach_tasks()
                pulled += detached.size();
                detached.clear();
                return finish();
            }
        }
    }

    private int finish() {
        pc = FIND;
        return KFrame.DONE;
    }

    /**
     * can_migrate_task(): not delayed (sched_delayed moves only when migrating load, and the
     * model balances task counts: migrate_task), not blocked (a proxy donor), allowed there, not
     * running, not the donor.
     */
    public static boolean canMigrateTask(Core core, Task p, Rq src, int dstCpu) {
        if (p.se.schedDelayed) return false;
        if (core.proxy.taskIsBlocked(p)) return false;
        if (!core.isCpuAllowed(p, dstCpu)) return false;
        if (Core.taskRunning(src, p) || src.donor == p) return false;
        if (core.fair.bandwidth.lbThrottled(p, src.cpu, dstCpu)) return false;
        return true;
    }

    @Override
    protected String name() {
        return "sched_balance_rq";
    }
}
