package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.sched.ProxyEvent;
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
 * <li>P3 home, by the checker's own record, since P2 trusts p->wake_cpu: a task proxy-moved away
 * (proxy_migrate_task(), or re-activated where its sleeping owner woke) and woken in place is
 * woken on the CPU where the kernel last placed it itself (set_task_cpu() by a wakeup, the load
 * balancer, an affinity change: any migration but a donor's, and migration_cpu_stop()'s wake_cpu
 * of a task off the runqueue). A return migration, a wakeup from
 * off the runqueue (select_task_rq() chooses anew) or running its own context ends "away".
 * </ul>
 */
final class PlacementChecker implements Checker {
    private final Checks checks;
    /** Per pid: the CPU the kernel last placed it on itself, -1 before its first migration. */
    private int[] home = new int[0];
    /** Per pid: proxy-moved since it was last placed. */
    private boolean[] away = new boolean[0];
    /** Per pid: its next migration is a donor's (proxy_set_task_cpu()), not a placement. */
    private boolean[] proxyMove = new boolean[0];
    /** Per pid: the wakeup in progress found it off the runqueue (a full wakeup: select_task_rq() places it). */
    private boolean[] fullWake = new boolean[0];

    PlacementChecker(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "placement";
    }

    private void track(Task p) {
        if (p.pid < home.length) return;
        int old = home.length, n = Math.max(p.pid + 1, old * 2);
        home = java.util.Arrays.copyOf(home, n);
        away = java.util.Arrays.copyOf(away, n);
        proxyMove = java.util.Arrays.copyOf(proxyMove, n);
        fullWake = java.util.Arrays.copyOf(fullWake, n);
        java.util.Arrays.fill(home, old, n, -1);
    }

    @Override
    public void proxySetTaskCpu(long now, Task p, int destCpu) {
        track(p);
        if (home[p.pid] < 0) home[p.pid] = p.cpu;
        away[p.pid] = true;
        proxyMove[p.pid] = p.cpu != destCpu; // set_task_cpu() traces only a real move
    }

    /** migration_cpu_stop()'s p->wake_cpu = dest for a task off the runqueue is a placement without a move. */
    @Override
    public void wakeCpuSet(long now, Task p, int cpu) {
        track(p);
        home[p.pid] = cpu;
    }

    @Override
    public void schedMigrateTask(long now, Task p, int origCpu, int destCpu) {
        track(p);
        if (proxyMove[p.pid]) {
            proxyMove[p.pid] = false;
            return;
        }
        home[p.pid] = destCpu;
        away[p.pid] = false;
    }

    @Override
    public void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) {
        if (event.kind() != ProxyEvent.Kind.DONOR_RETURNED) return;
        track(task);
        away[task.pid] = false;
        // 7.1's proxy_force_return() has placed it already (select_task_rq() may have kept this CPU: no migration);
        // 2026's proxy_needs_return() dequeues it here and the full wakeup that follows places it
        home[task.pid] = task.cpu;
        fullWake[task.pid] = true;
    }

    @Override
    public void schedWaking(long now, int cpu, Task p, int targetCpu) {
        track(p);
        fullWake[p.pid] = p.onRq == 0;
    }

    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        if (next.pid < away.length && !checks.core.proxy.needsProxy(next)) away[next.pid] = false; // runs its own context here
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
        else if (p.pid < away.length && away[p.pid] && !fullWake[p.pid] && home[p.pid] >= 0 && p.cpu != home[p.pid])
            checks.report(this, "P3", p + " is woken in place on CPU " + p.cpu + ", where proxy execution moved it, but the kernel last placed it on CPU "
                    + home[p.pid] + " and its wake_cpu says " + p.wakeCpu + " (not return-migrated)", List.of(Checks.role("task", p)), List.of(p.cpu), p);
        track(p);
        if (fullWake[p.pid]) { // select_task_rq() chose this CPU (set_task_cpu(), or a stale wake_cpu fixed without a move)
            home[p.pid] = p.cpu;
            away[p.pid] = false;
            fullWake[p.pid] = false;
        }
    }
}
