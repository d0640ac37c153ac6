package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * A rq->balance_callback entry (push_rt_tasks, pull_rt_task). It runs after the pick with the rq
 * lock held; it may drop that lock to take another rq's (double_lock_balance): an interleaving
 * point, and the place of bug B01.
 */
public interface BalanceCallback {
    String name();

    /** Runs one section on {@code cpu}; returns a {@link KFrame} result (DONE, NEXT or SPIN). */
    int run(Cpu cpu, Rq rq);
}
