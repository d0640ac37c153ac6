package org.proxytorture.kernel.sched;

/**
 * One kernel operation in progress on a task's kernel stack (mutex_lock, schedule_timeout, ...),
 * written as a small state machine. Each {@link #step} executes one atomic section: it takes the
 * spinlocks it needs first ({@link Cpu#lock}; if one is busy it returns {@link #SPIN} with no
 * side effects), does its work, charges its cost ({@link Cpu#cost}) and returns where to go
 * next. Returning between two steps is an interleaving point: another CPU may run first.
 */
public abstract class KFrame {
    /** The section ran; step again (unless preempted). */
    public static final int NEXT = 0;
    /** The operation finished; pop the frame. */
    public static final int DONE = 1;
    /** Call schedule(); resume this frame when the task runs again. */
    public static final int SCHEDULE = 2;
    /** A needed lock is held by another CPU: nothing was done, try again when it is free. */
    public static final int SPIN = 3;
    /** A new frame was pushed on top of this one: step that next. */
    public static final int CALL = 4;
    /**
     * Busy-wait until woken through a {@link SpinWaiters} the frame registered with (or by an
     * interrupt); the CPU stays busy with the task, executing no sections meanwhile.
     */
    public static final int SPIN_WAIT = 5;

    private static final ClassValue<Integer> KIND = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            return type.getName().hashCode();
        }
    };

    /** Identifies the operation in the event hash (stable across JVMs, unlike identity hashes). */
    final int kindCode = KIND.get(getClass());

    /** Executes one atomic section of this operation for {@code p} on {@code cpu}. */
    public abstract int step(Cpu cpu, Task p);

    /** What the operation is, for traces and reports ("mutex_lock(main)"). */
    public abstract String describe();
}
