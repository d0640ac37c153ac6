package org.proxytorture.kernel.sched;

/** struct completion with one waiter (what affine_move_task() waits on). */
public final class Completion {
    boolean done;
    Task waiter;

    public boolean isDone() {
        return done;
    }
}
