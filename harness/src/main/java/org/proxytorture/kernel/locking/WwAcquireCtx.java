package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Task;

/**
 * struct ww_acquire_ctx of a wait-die class (DEFINE_WD_CLASS): the stamp orders transactions
 * (lower = older = wins); a younger context that holds locks and meets an older one dies with
 * -EDEADLK, backs off and retries with the same stamp.
 */
public final class WwAcquireCtx {
    /** A ww_class: the stamp counter of its transactions. */
    public static final class WwClass {
        public final String name;
        long stamp;

        public WwClass(String name) {
            this.name = name;
        }
    }

    public final Task task;
    public final WwClass wwClass;
    public long stamp;
    /** Locks of this class held by the transaction. */
    public int acquired;

    public WwAcquireCtx(Task task, WwClass wwClass) {
        this.task = task;
        this.wwClass = wwClass;
    }

    /** ww_acquire_init(): a new transaction, a new stamp. */
    public void init() {
        stamp = ++wwClass.stamp;
        acquired = 0;
    }

    /** __ww_ctx_less(a, b): a is younger than b (same priority class: a higher stamp). */
    static boolean less(WwAcquireCtx a, WwAcquireCtx b) {
        return a.stamp > b.stamp;
    }
}
