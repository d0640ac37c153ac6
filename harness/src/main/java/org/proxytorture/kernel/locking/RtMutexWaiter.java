package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Task;

/**
 * struct rt_mutex_waiter: a task's entry in the lock's waiter tree ({@code tree}) and, while it is
 * the lock's top waiter, in the owner's pi_waiters tree ({@code pi_tree}). Each node keeps its
 * own snapshot of the task's prio (waiter_update_prio() / waiter_clone_prio()).
 */
public final class RtMutexWaiter {
    public final Task task;
    public final RtMutex lock;
    /** waiter->tree.prio: the key in lock->waiters. */
    int prio;
    /** waiter->pi_tree.prio: the key in owner->pi_waiters. */
    int piPrio;
    /** Insertion order, for FIFO among equal prios (the rb-tree inserts equal keys to the right). */
    long seq;
    long piSeq;

    RtMutexWaiter(Task task, RtMutex lock) {
        this.task = task;
        this.lock = lock;
    }

    public int prio() {
        return prio;
    }

    /**
     * rt_waiter_node_less(): lower prio value first; for SCHED_DEADLINE the earlier deadline
     * (not modelled: no SCHED_DEADLINE); equal keys keep insertion (FIFO) order.
     */
    static boolean less(int prioA, long seqA, int prioB, long seqB) {
        return prioA < prioB || (prioA == prioB && seqA < seqB);
    }

    @Override
    public String toString() {
        return task.comm + "@" + lock.name + "/" + prio;
    }
}
