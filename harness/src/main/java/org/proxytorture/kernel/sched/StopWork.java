package org.proxytorture.kernel.sched;

/**
 * A cpu_stop_work queued for a CPU's stopper: migration_cpu_stop(p, dest) for an affinity change
 * (who waits on it in {@code done}), or active_load_balance_cpu_stop() ({@code active}: move p,
 * which was running when the balancer asked, to dest if it is still queued here).
 */
final class StopWork {
    final Task p;
    final int destCpu;
    final Completion done;
    final boolean active;

    StopWork(Task p, int destCpu, Completion done, boolean active) {
        this.p = p;
        this.destCpu = destCpu;
        this.done = done;
        this.active = active;
    }
}
