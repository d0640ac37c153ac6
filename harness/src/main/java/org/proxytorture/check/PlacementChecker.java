package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.sched.Task;

/**
 * Where a wakeup leaves a task (sched_wakeup, ttwu_do_wakeup()): try_to_wake_up() runs
 * select_task_rq(p, p->wake_cpu) and moves p there (set_task_cpu() sets wake_cpu), or fixes a
 * stale wake_cpu; ttwu_runnable() wakes p in place only when it is home (proxy_needs_return():
 * task_cpu(p) == p->wake_cpu), else it is return-migrated and woken in full. So at sched_wakeup of
 * a task the wakeup unblocks (a spurious wakeup of a 7.1 donor leaves it blocked, and away):
 * <ul>
 * <li>P1 in-mask: p is on a CPU of its cpus_mask (an affinity change still in progress excepted:
 * the stopper will move it);
 * <li>P2 home: task_cpu(p) == p->wake_cpu: a proxy-migrated donor is not left on its owner's CPU
 * past its wakeup.
 * </ul>
 */
final class PlacementChecker implements Checker {
    private final Checks checks;

    PlacementChecker(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "placement";
    }

    @Override
    public void schedWakeup(long now, int cpu, Task p) {
        if (p.isIdle) return;
        // a wakeup that leaves p blocked as __schedule() sees it (7.1: blocked_on still a mutex, e.g. a stale wake_q entry of an
        // unlock that chose p before p took that lock and blocked again) does not let p run its own
        // context: it stays a donor, and its lock's PROXY_WAKING wakeup returns it home
        if (checks.core.proxy.needsProxy(p)) return;
        if (!p.cpusMask.test(p.cpu) && !p.migrationPending)
            checks.report(this, "P1", p + " is woken on CPU " + p.cpu + ", outside its cpus_mask " + p.cpusMask,
                    List.of(Checks.role("task", p)), List.of(p.cpu), p);
        if (p.cpu != p.wakeCpu)
            checks.report(this, "P2", p + " is woken on CPU " + p.cpu + " but its wake_cpu is " + p.wakeCpu
                    + " (a proxy-migrated donor left away from home)", List.of(Checks.role("task", p)), List.of(p.cpu), p);
    }
}
