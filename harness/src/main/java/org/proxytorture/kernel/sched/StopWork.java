package org.proxytorture.kernel.sched;

/**
 * A cpu_stop_work queued for a CPU's stopper: migration_cpu_stop(p, dest) for an affinity change
 * (who waits on it in {@code done}), or active_load_balance_cpu_stop() ({@code active}: p is null,
 * dest is busiest->push_cpu; the stopper picks the task).
 */
public final class StopWork {
    final Task p;
    final int destCpu;
    final Completion done;
    final boolean active;
    /** __balance_push_cpu_stop(p): move p off this dying CPU to select_fallback_rq(). */
    public final boolean push;

    StopWork(Task p, int destCpu, Completion done, boolean active) {
        this(p, destCpu, done, active, false);
    }

    private StopWork(Task p, int destCpu, Completion done, boolean active, boolean push) {
        this.p = p;
        this.destCpu = destCpu;
        this.done = done;
        this.active = active;
        this.push = push;
    }

    /** active_load_balance_cpu_stop() on the busiest CPU, pushing to pushCpu (busiest->push_cpu). */
    public static StopWork activeBalance(int pushCpu) {
        return new StopWork(null, pushCpu, null, true);
    }

    /** balance_push()'s per-CPU push_work. */
    public static StopWork balancePush(Task p) {
        return new StopWork(p, -1, null, false, true);
    }
}
