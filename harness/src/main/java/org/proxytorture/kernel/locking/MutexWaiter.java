package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Task;

/** struct mutex_waiter: a node of the lock's FIFO wait list. */
public final class MutexWaiter {
    public final Task task;
    /** The waiter's ww_acquire_ctx, for a ww_mutex_lock() with a context. */
    WwAcquireCtx wwCtx;
    MutexWaiter prev;
    MutexWaiter next;
    boolean queued;

    MutexWaiter(Task task) {
        this.task = task;
    }
}
