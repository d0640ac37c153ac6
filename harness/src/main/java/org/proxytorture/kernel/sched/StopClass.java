package org.proxytorture.kernel.sched;

/** kernel/sched/stop_task.c: the stopper preempts everything; it is never migrated. */
final class StopClass implements SchedClass {
    @Override public String name() { return "stop"; }
    @Override public int rank() { return 3; }
    @Override public void enqueueTask(Rq rq, Task p, int flags) { }
    @Override public boolean dequeueTask(Rq rq, Task p, int flags) { return true; }
    @Override public void yieldTask(Rq rq) { }
    @Override public void wakeupPreempt(Rq rq, Task p, int wakeFlags) { }
    @Override public Task pickTask(Rq rq) { return rq.stop.onRq == TaskState.TASK_ON_RQ_QUEUED ? rq.stop : null; }
    @Override public void putPrevTask(Rq rq, Task p, Task next) { }
    @Override public void setNextTask(Rq rq, Task p, boolean first) { p.se.execStart = rq.clock; }
    @Override public void taskTick(Rq rq, Task p) { }
    @Override public int selectTaskRq(Task p, int prevCpu, int wakeFlags) { return p.cpu; }
    @Override public void updateCurr(Rq rq) { }
}
