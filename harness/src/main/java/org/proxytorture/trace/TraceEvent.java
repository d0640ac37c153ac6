package org.proxytorture.trace;

/**
 * One recorded tracepoint. Every event has the time it happened, the CPU that executed it and
 * {@code common}, the task current on that CPU (ftrace's common_pid: the context the event is
 * printed in). Prios are the kernel prio at the time of the event (nice 0 = 120, RT 99-rtprio).
 */
public sealed interface TraceEvent {
    long time();

    int cpu();

    TaskRef common();

    /** sched_switch: prev leaves {@code cpu}, next runs; preempt as __schedule()'s argument. */
    record Switch(long time, int cpu, TaskRef prev, int prevPrio, int prevState, boolean preempt, TaskRef next,
            int nextPrio) implements TraceEvent {
        @Override
        public TaskRef common() {
            return prev;
        }
    }

    /** sched_waking: try_to_wake_up() of p, in the waker's context; targetCpu is task_cpu(p) then. */
    record Waking(long time, int cpu, TaskRef common, TaskRef p, int prio, int targetCpu) implements TraceEvent { }

    /** sched_wakeup: p is runnable on targetCpu (ttwu_do_wakeup()). */
    record Wakeup(long time, int cpu, TaskRef common, TaskRef p, int prio, int targetCpu) implements TraceEvent { }

    /** sched_migrate_task: set_task_cpu(p, dest) from orig, executed on {@code cpu}. */
    record Migrate(long time, int cpu, TaskRef common, TaskRef p, int prio, int origCpu, int destCpu) implements TraceEvent { }

    /**
     * lock:contention_begin, lock:lock_acquired, lock:lock_release of p on lock; {@code sleeping}
     * for a lock whose waiters block (mutex, rt_mutex, rw_semaphore), not for a spinlock.
     */
    record Lock(long time, int cpu, TaskRef common, Op op, TaskRef p, String lock, boolean sleeping) implements TraceEvent {
        public enum Op { CONTENDED, ACQUIRED, RELEASED }
    }

    /**
     * A proxy-execution event (Trace.Listener#proxy): donor_picked, find_proxy_task:&lt;branch&gt;,
     * proxy_chosen (task runs on donor's scheduling context), donor_changed, donor_migrated,
     * donor_returned, donor_deactivated, donor_parked, donor_reactivated, donor_reset, handoff.
     */
    record Proxy(long time, int cpu, TaskRef common, org.proxytorture.kernel.sched.ProxyEvent event, TaskRef donor, TaskRef task) implements TraceEvent { }
}
