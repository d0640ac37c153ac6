package org.proxytorture.kernel.cpu;

import org.proxytorture.kernel.sched.Task;

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
            return hashName(type.getName()).hashCode();
        }
    };

    /** The packages split out of kernel.sched (issue 15): their frames keep their former names in the hash. */
    private static final String[] SPLIT_FROM_SCHED = {
        "org.proxytorture.kernel.cpu.", "org.proxytorture.kernel.hotplug.",
        "org.proxytorture.kernel.sched.fair.", "org.proxytorture.kernel.sched.rt.",
    };

    /**
     * The class name the event hash knows a frame by: its own, or for a class of a package split out
     * of kernel.sched the name it had there (RunFrame, CpuDownFrame, CpuUpFrame: org.proxytorture.kernel.sched.RunFrame),
     * so that moving a class moves no event hash. Simple names are unique across those packages.
     */
    static String hashName(String name) {
        for (String p : SPLIT_FROM_SCHED) {
            if (name.startsWith(p) && name.indexOf('.', p.length()) < 0) return "org.proxytorture.kernel.sched." + name.substring(p.length());
        }
        return name;
    }

    /** Identifies the operation in the event hash (stable across JVMs, unlike identity hashes). */
    final int kindCode = KIND.get(getClass());

    /** Executes one atomic section of this operation for {@code p} on {@code cpu}. */
    public abstract int step(Cpu cpu, Task p);

    /** What the operation is, for traces and reports ("mutex_lock(main)"). */
    public abstract String describe();
}
