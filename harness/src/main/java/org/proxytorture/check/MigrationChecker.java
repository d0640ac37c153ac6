package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Migration races (reference section 1.9, INV-P1..P3): a task executes only within its own
 * cpus_mask (a proxy-migrated donor may be queued outside it, never run there); a task is rq->curr
 * of at most one CPU; a queued task is queued on one runqueue, the one task_cpu() names;
 * rq->donor is queued on that rq or is its idle task; a proxy runs only for a blocked donor.
 */
final class MigrationChecker implements Checker {
    private final Checks checks;
    private final Core core;
    /** The CPU each pid is rq->curr of, -1 if none (grown on demand). */
    private int[] currOf = new int[64];
    private int[] stamp = new int[64];
    private int auditNo;

    MigrationChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
        java.util.Arrays.fill(currOf, -1);
    }

    @Override
    public String name() {
        return "migration";
    }

    private void grow(int pid) {
        if (pid < currOf.length) return;
        int n = Math.max(pid + 1, currOf.length * 2);
        int old = currOf.length;
        currOf = java.util.Arrays.copyOf(currOf, n);
        java.util.Arrays.fill(currOf, old, n, -1);
        stamp = java.util.Arrays.copyOf(stamp, n);
    }

    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        grow(Math.max(prev.pid, next.pid));
        if (currOf[prev.pid] == cpu) currOf[prev.pid] = -1;
        if (next.isIdle) return;
        if (currOf[next.pid] >= 0 && currOf[next.pid] != cpu)
            checks.report(this, "curr-on-two-cpus", next + " switched in on CPU " + cpu + " while rq->curr of CPU " + currOf[next.pid],
                    List.of(Checks.role("task", next)), List.of(currOf[next.pid], cpu), next);
        currOf[next.pid] = cpu;
        if (next.pid < bounces.length) bounces[next.pid] = 0;
        // an affinity change in progress (the caller has not returned from set_cpus_allowed_ptr()
        // and the stopper has not moved the task yet) may let it run once more where it was
        if (!next.cpusMask.test(cpu) && next != core.rqs[cpu].stop && !next.migrationPending)
            checks.report(this, "INV-P3", next + " runs on CPU " + cpu + " outside its cpus_mask " + next.cpusMask,
                    List.of(Checks.role("task", next)), List.of(cpu), next);
        if (next.cpu != cpu)
            checks.report(this, "task_cpu", next + " runs on CPU " + cpu + " but task_cpu() is " + next.cpu,
                    List.of(Checks.role("task", next)), List.of(cpu), next);
    }

    /** Proxy events that take a task off its runqueue (the rq lock held). */
    private static final java.util.EnumSet<ProxyEvent.Kind> LEAVES = java.util.EnumSet.of(ProxyEvent.Kind.DONOR_MIGRATED,
            ProxyEvent.Kind.DONOR_DEACTIVATED, ProxyEvent.Kind.DONOR_RETURNED, ProxyEvent.Kind.DONOR_PARKED);

    /** Proxy migrations of each pid since it last ran or was proxied for (grown on demand). */
    private int[] bounces = new int[64];
    /** More proxy migrations than this in a row, without the donor running or being proxied for, is ping-pong. */
    static final int MAX_BOUNCES = 256;
    /** sched_migrate_task events of each pid; per donor, the end of its chain and that count at its last proxy migration. */
    private long[] moves = new long[64];
    private int[] chainEnd = new int[64];
    private long[] chainEndMoves = new long[64];

    @Override
    public void schedMigrateTask(long now, Task p, int origCpu, int destCpu) {
        if (p.pid >= moves.length) moves = java.util.Arrays.copyOf(moves, Math.max(p.pid + 1, moves.length * 2));
        moves[p.pid]++;
    }

    /** The task at the end of p's blocked_on chain: the owner the proxy walk runs in the end. */
    private static Task chainEnd(Task p) {
        Task t = p;
        for (int depth = 0; depth < 64 && t.blockedOn != null; depth++) {
            Task owner = t.blockedOn.owner();
            if (owner == null || owner == p) break;
            t = owner;
        }
        return t;
    }

    /**
     * A proxy migration is a bounce unless the end of the donor's chain moved on its own since the
     * donor's previous one: donors that follow an owner which load balancing, affinity or a wakeup
     * keeps moving (each move drains them to its CPU, and a low-priority donor may never be the
     * one picked there) are not ping-pong; B28's donor, bouncing between two chain members that
     * stay where they are, is.
     */
    private boolean bounce(Task donor) {
        int pid = donor.pid;
        if (pid >= chainEnd.length) {
            int n = Math.max(pid + 1, chainEnd.length * 2);
            chainEnd = java.util.Arrays.copyOf(chainEnd, n);
            chainEndMoves = java.util.Arrays.copyOf(chainEndMoves, n);
        }
        Task end = chainEnd(donor);
        if (end == donor) return true;
        long endMoves = end.pid < moves.length ? moves[end.pid] : 0;
        boolean same = chainEnd[pid] == end.pid + 1 && chainEndMoves[pid] == endMoves;
        chainEnd[pid] = end.pid + 1;
        chainEndMoves[pid] = endMoves;
        return same;
    }

    @Override
    public void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) {
        // the rq left is the event's CPU (walk) or task_cpu() (ttwu's return migration, traced on the waker's CPU)
        int left = task == null ? cpu : core.rqs[cpu].donor == task ? cpu : task.cpu;
        if (LEAVES.contains(event.kind()) && task != null && core.rqs[left].donor == task)
            checks.report(this, "INV-P1", "rq->donor " + task + " of CPU " + left + " leaves the runqueue (" + event
                    + ") while still the donor: proxy_resched_idle() must come first", List.of(Checks.role("donor", task)), List.of(cpu), task);
        if (event.kind() == ProxyEvent.Kind.DONOR_MIGRATED) {
            if (task.pid >= bounces.length) bounces = java.util.Arrays.copyOf(bounces, Math.max(task.pid + 1, bounces.length * 2));
            if (!bounce(task)) bounces[task.pid] = 0;
            if (++bounces[task.pid] == MAX_BOUNCES)
                checks.report(this, "ping-pong", task + " was proxy-migrated " + MAX_BOUNCES + " times without running or being proxied for",
                        List.of(Checks.role("donor", task)), List.of(cpu), task);
            return;
        }
        if (event.kind() != ProxyEvent.Kind.PROXY_CHOSEN) return;
        if (donor.pid < bounces.length) bounces[donor.pid] = 0;
        if (task.onRq != TaskState.TASK_ON_RQ_QUEUED || task.cpu != cpu)
            checks.report(this, "INV-P1", task + " runs as proxy for " + donor + " on CPU " + cpu + " but is not queued there (on_rq "
                    + task.onRq + ", task_cpu " + task.cpu + ")", List.of(Checks.role("owner", task)), List.of(cpu), task, donor);
        if (!task.cpusMask.test(cpu) && !task.migrationPending)
            checks.report(this, "INV-P3", task + " runs as proxy for " + donor + " on CPU " + cpu + " outside its cpus_mask " + task.cpusMask,
                    List.of(Checks.role("owner", task)), List.of(cpu), task, donor);
        if (task != donor && donor.blockedOn == null && !donor.isBlocked && !unlockerWaking(donor))
            checks.report(this, "INV-P2", task + " runs for " + donor + ", which is not blocked",
                    List.of(Checks.role("donor", donor), Checks.role("owner", task)), List.of(cpu), donor, task);
    }

    /**
     * 6.17: __mutex_unlock_slowpath() clears the first waiter's blocked_on under wait_lock, which
     * find_proxy_task() has dropped by the time __schedule() switches to the owner; until
     * wake_up_q() reaches the waiter (ttwu_runnable() needs this rq's lock), it is still queued
     * on the mutex and not TASK_RUNNING. That donor was blocked when the walk checked it.
     */
    private static boolean unlockerWaking(Task donor) {
        return donor.waitingOn != null && donor.state != TaskState.TASK_RUNNING;
    }

    @Override
    public void audit(long now) {
        auditNo++;
        for (Rq rq : core.rqs) {
            if (rq.lock.heldAcross()) continue; // a __schedule() or migration is half-way: the kernel's auditor would wait for the lock
            for (Task t : rq.cfsTasks()) queuedOn(rq, t);
            for (Task t : rq.rtTasks()) queuedOn(rq, t);
            Task d = rq.donor;
            if (d != null && d != rq.idle && d != rq.stop && (d.onRq != TaskState.TASK_ON_RQ_QUEUED || d.cpu != rq.cpu))
                checks.report(this, "INV-P1", "rq->donor " + d + " of CPU " + rq.cpu + " is not queued there (on_rq " + d.onRq + ", task_cpu " + d.cpu + ")",
                        List.of(Checks.role("donor", d)), List.of(rq.cpu), d);
        }
    }

    private void queuedOn(Rq rq, Task t) {
        grow(t.pid);
        if (stamp[t.pid] == auditNo)
            checks.report(this, "queued-twice", t + " is queued on two runqueues", List.of(Checks.role("task", t)), List.of(rq.cpu, t.cpu), t);
        stamp[t.pid] = auditNo;
        if (t.cpu != rq.cpu)
            checks.report(this, "task_cpu", t + " is queued on CPU " + rq.cpu + " but task_cpu() is " + t.cpu,
                    List.of(Checks.role("task", t)), List.of(rq.cpu, t.cpu), t);
    }
}
