package org.proxytorture.kernel.sched;

/** include/linux/sched.h task state bits for {@code p->__state}, and on_rq values. */
public final class TaskState {
    private TaskState() { }

    public static final int TASK_RUNNING = 0x0000;
    public static final int TASK_INTERRUPTIBLE = 0x0001;
    public static final int TASK_UNINTERRUPTIBLE = 0x0002;
    public static final int TASK_PARKED = 0x0040;
    public static final int TASK_DEAD = 0x0080;
    public static final int TASK_WAKEKILL = 0x0100;
    public static final int TASK_WAKING = 0x0200;
    public static final int TASK_NOLOAD = 0x0400;
    public static final int TASK_NEW = 0x0800;
    public static final int TASK_NORMAL = TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE;
    public static final int TASK_IDLE = TASK_UNINTERRUPTIBLE | TASK_NOLOAD;

    /** p->on_rq */
    public static final int TASK_ON_RQ_QUEUED = 1;
    public static final int TASK_ON_RQ_MIGRATING = 2;

    /** The one-letter state of ps and of sched_switch's prev_state. */
    public static String letter(int state) {
        if (state == TASK_RUNNING) return "R";
        if ((state & TASK_INTERRUPTIBLE) != 0) return "S";
        if ((state & TASK_UNINTERRUPTIBLE) != 0) return (state & TASK_NOLOAD) != 0 ? "I" : "D";
        if ((state & TASK_DEAD) != 0) return "X";
        if ((state & TASK_PARKED) != 0) return "P";
        if ((state & TASK_WAKING) != 0) return "W";
        if ((state & TASK_NEW) != 0) return "N";
        return "?";
    }
}
