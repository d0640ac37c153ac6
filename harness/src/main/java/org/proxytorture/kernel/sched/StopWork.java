package org.proxytorture.kernel.sched;

/** A cpu_stop_work: migration_cpu_stop(p, dest) queued for a CPU's stopper, and who waits on it. */
final class StopWork {
    final Task p;
    final int destCpu;
    final Completion done;

    StopWork(Task p, int destCpu, Completion done) {
        this.p = p;
        this.destCpu = destCpu;
        this.done = done;
    }
}
