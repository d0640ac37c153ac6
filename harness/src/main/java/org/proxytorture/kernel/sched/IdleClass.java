package org.proxytorture.kernel.sched;

/** kernel/sched/idle.c: the per-CPU idle task; nothing is ever queued here. */
final class IdleClass implements SchedClass {
    @Override public String name() { return "idle"; }
    @Override public int rank() { return 0; }
    @Override public void enqueueTask(Rq rq, Task p, int flags) { throw new IllegalStateException("enqueue idle"); }
    @Override public boolean dequeueTask(Rq rq, Task p, int flags) { throw new IllegalStateException("dequeue idle"); }
    @Override public void yieldTask(Rq rq) { }
    @Override public void wakeupPreempt(Rq rq, Task p, int wakeFlags) { }
    @Override public Task pickTask(Rq rq) { return rq.idle; }
    @Override public void putPrevTask(Rq rq, Task p, Task next) { }
    @Override public void setNextTask(Rq rq, Task p, boolean first) { }
    @Override public void taskTick(Rq rq, Task p) { }
    @Override public int selectTaskRq(Task p, int prevCpu, int wakeFlags) { return prevCpu; }
    @Override public void updateCurr(Rq rq) { }
}
