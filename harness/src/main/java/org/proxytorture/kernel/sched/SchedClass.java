package org.proxytorture.kernel.sched;

/**
 * struct sched_class. Each class is one small class behind this interface; {@link #rank()}
 * orders them (stop > rt > fair > idle; SCHED_DEADLINE is not modelled). The class sees only
 * rq->donor as "current". All methods run with the rq lock held.
 */
public interface SchedClass {
    int ENQUEUE_WAKEUP = 0x01;
    int ENQUEUE_RESTORE = 0x02;
    int ENQUEUE_MIGRATED = 0x40;
    int ENQUEUE_INITIAL = 0x80;
    int ENQUEUE_HEAD = 0x10;
    /** ttwu_runnable() of a sched_delayed task: requeue_delayed_entity(), nothing else. */
    int ENQUEUE_DELAYED = 0x200;

    int DEQUEUE_SLEEP = 0x01;
    int DEQUEUE_SAVE = 0x02;
    int DEQUEUE_MOVE = 0x04;
    /** A special task state (stopped, frozen, throttled to limbo): never a delayed dequeue. */
    int DEQUEUE_SPECIAL = 0x10;
    /** Finish the dequeue of a sched_delayed entity (picked, or leaving the class). */
    int DEQUEUE_DELAYED = 0x200;

    String name();

    int rank();

    void enqueueTask(Rq rq, Task p, int flags);

    /**
     * dequeue_task(): false when p stays queued (fair's DELAY_DEQUEUE: p->on_rq stays set and
     * rq->nr_running still counts it).
     */
    boolean dequeueTask(Rq rq, Task p, int flags);

    void yieldTask(Rq rq);

    /** wakeup_preempt() for a task of this class waking on rq whose donor is of this class. */
    void wakeupPreempt(Rq rq, Task p, int wakeFlags);

    /** pick_task(): the task this class would run next on rq, or null. No side effects on curr. */
    Task pickTask(Rq rq);

    void putPrevTask(Rq rq, Task p, Task next);

    void setNextTask(Rq rq, Task p, boolean first);

    void taskTick(Rq rq, Task p);

    /** select_task_rq(): the CPU to wake p on; called with p->pi_lock held. */
    int selectTaskRq(Task p, int prevCpu, int wakeFlags);

    /** update_curr() for rq->donor. */
    void updateCurr(Rq rq);

    /** prio_changed() / switched_to(): after a priority or class change of a queued task. */
    default void prioChanged(Rq rq, Task p, int oldPrio) { }
}
