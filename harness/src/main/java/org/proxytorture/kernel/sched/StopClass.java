package org.proxytorture.kernel.sched;

/** kernel/sched/stop_task.c: the stopper preempts everything; it is never migrated. */
final class StopClass implements SchedClass {
    private final Core core;

    StopClass(Core core) {
        this.core = core;
    }

    @Override public String name() { return "stop"; }
    @Override public int rank() { return 3; }
    @Override public void enqueueTask(Rq rq, Task p, int flags) { }
    @Override public boolean dequeueTask(Rq rq, Task p, int flags) { return true; }
    @Override public void yieldTask(Rq rq) { }
    @Override public void wakeupPreempt(Rq rq, Task p, int wakeFlags) { }
    @Override public Task pickTask(Rq rq) { return rq.stop.onRq == TaskState.TASK_ON_RQ_QUEUED ? rq.stop : null; }
    @Override public void putPrevTask(Rq rq, Task p, Task next) { updateCurr(rq); }
    @Override public void setNextTask(Rq rq, Task p, boolean first) { p.se.execStart = rq.clock; }
    @Override public void taskTick(Rq rq, Task p) { }
    @Override public int selectTaskRq(Task p, int prevCpu, int wakeFlags) { return p.cpu; }
    /** update_curr_common(): update_se(rq, &rq->donor->se); the stopper is never a proxy donor. */
    @Override public void updateCurr(Rq rq) {
        Task donor = rq.donor;
        long delta = rq.clock - donor.se.execStart;
        if (delta <= 0) return;
        donor.se.execStart = rq.clock;
        core.accountExecRuntime(rq, rq.curr, donor, delta);
    }
}
