package org.proxytorture.kernel.sched.fair;

import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Weights;

/** struct sched_entity: a task's or a task group's place in a cfs_rq. */
public final class SchedEntity {
    /** The task, or null for a group entity (entity_is_task()). */
    public final Task task;
    /** For a group entity: its group and the group's queue on this CPU (se->my_q). */
    public final TaskGroup group;
    public final CfsRq myQ;

    public long weight = Weights.NICE_0_LOAD;
    public long invWeight = Weights.invWeight(Weights.NICE_0_LOAD);

    public long vruntime;
    public long deadline;
    public long vlag;
    public long vprot;
    public long slice = Fair.SYSCTL_SCHED_BASE_SLICE;
    public boolean relDeadline;
    public boolean onRq;
    /**
     * se->sched_delayed (DELAY_DEQUEUE): went to sleep while not eligible, so it stays queued (in
     * the tree, on_rq) until it is picked (then dequeued) or woken (then requeued in place).
     */
    public boolean schedDelayed;
    /** Model bookkeeping for the E4 audit: how often this entity was delayed, and its vlag then. */
    public long delayCount;
    public long vlagAtDelay;

    public long execStart;
    public long sumExecRuntime;
    public long prevSumExecRuntime;

    /** The queue this entity is enqueued on, its parent entity, and depth (0 at the root). */
    public CfsRq cfsRq;
    public SchedEntity parent;
    public int depth;

    /** Position in cfsRq.timeline while in the tree (the model's rb-tree), else -1. */
    int treeIndex = -1;
    /** Insertion order into the tree: breaks deadline ties as the rb-tree's insert-right does. */
    long treeSeq;

    public SchedEntity(Task task) {
        this.task = task;
        this.group = null;
        this.myQ = null;
    }

    SchedEntity(TaskGroup group, CfsRq myQ) {
        this.task = null;
        this.group = group;
        this.myQ = myQ;
    }

    public boolean isTask() {
        return task != null;
    }

    /**
     * The weight se->vlag was last clamped (update_entity_lag()) or rescaled (reweight_entity())
     * at. Not a kernel field: harness bookkeeping for the EEVDF checker, which tells a model whose
     * clamp is wrong from the kernel's own unscaled weight change outside the fair class.
     */
    public double vlagWeight;

    public void setWeight(long w) {
        weight = w;
        invWeight = Weights.invWeight(w);
    }

    @Override
    public String toString() {
        return task != null ? task.toString() : "se(" + group.name + ")"; // coverage: not model (text)
    }
}
