package org.proxytorture.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.sim.EventHash;

/**
 * Tracepoints, named as the kernel's. Every tracepoint is mixed into the run's event hash, then
 * handed to the listeners (checkers, trace writers) in registration order.
 */
public final class Trace {
    /** A tracepoint consumer; every method is optional. */
    public interface Listener {
        default void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) { }

        /** sched_stat_runtime: update_se() charged {@code delta} ns of wall time to {@code running} (rq->curr). */
        default void schedStatRuntime(long now, int cpu, Task running, long delta) { }

        /**
         * trace_sched_switch(preempt, prev, next, prev_state): the same event with __schedule()'s
         * preempt argument, which the ftrace text shows as prev_state=R+. By default it is the
         * five-argument form above, so a listener overrides one or the other.
         */
        default void schedSwitch(long now, int cpu, boolean preempt, Task prev, int prevState, Task next) {
            schedSwitch(now, cpu, prev, prevState, next);
        }

        default void schedWaking(long now, int cpu, Task p, int targetCpu) { }

        default void schedWakeup(long now, int cpu, Task p) { }

        default void schedMigrateTask(long now, Task p, int origCpu, int destCpu) { }

        /** lock:lock_acquire: p is about to take lock (before trying); nestLock for a ww_acquire_ctx. */
        default void lockAcquire(long now, int cpu, Task p, Lock lock, boolean nestLock) { }

        default void lockContended(long now, int cpu, Task p, Lock lock) { }

        default void lockAcquired(long now, int cpu, Task p, Lock lock) { }

        default void lockReleased(long now, int cpu, Task p, Lock lock) { }

        /**
         * p's unlock of lock, or its slow path after queueing on it, has issued every wakeup it owes
         * the waiters: its wake_up_q() is done, or it had nothing to wake. rw_semaphore: the end of
         * up_read()/up_write() (after rwsem_wake()); rwsem_down_read_slowpath()'s
         * trace_contention_begin() line; rwsem_down_write_slowpath()'s set_current_state() after
         * the rwsem_cond_wake_waiter() block. No kernel tracepoint, not in the event hash; for the
         * lost-wakeup checker.
         */
        default void lockWakeupsIssued(long now, int cpu, Task p, Lock lock) { }

        default void warn(long now, int cpu, String what) { }

        /** The kernel oopsed (a NULL dereference, BUG()): the machine stops right after. */
        default void oops(long now, int cpu, String what) { }

        default void affinityChanged(long now, Task p, CpuMask mask) { }

        /** sched_setscheduler(), set_user_nice() or rt_mutex_setprio() changed p (not a kernel tracepoint). */
        default void schedAttrChanged(long now, Task p) { }

        /**
         * set_user_nice() changed p's priority, just before {@link #schedAttrChanged}: unlike
         * sched_setscheduler() it does not rt_mutex_adjust_pi(), so p's rt_mutex owner keeps the
         * boost it had (and p, if boosted in the fair range, loses its own). Not in the event hash.
         */
        default void userNiceSet(long now, Task p) { }

        /**
         * Proxy execution events: donor_picked, proxy_chosen (task runs for donor),
         * donor_migrated, donor_returned, donor_deactivated, donor_parked, donor_reactivated,
         * handoff (task is handed the lock by donor = the unlocking owner).
         */
        default void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) { }

        /**
         * proxy_set_task_cpu(): p is about to move to destCpu as a donor (wake_cpu kept: where it
         * returns to), not placed there. No kernel tracepoint, not in the event hash; for the
         * placement checker.
         */
        default void proxySetTaskCpu(long now, Task p, int destCpu) { }

        /**
         * migration_cpu_stop() found p neither running nor queued and set p->wake_cpu = dest: the
         * kernel places it there (its next wakeup starts from dest). No kernel tracepoint, not in
         * the event hash; for the placement checker.
         */
        default void wakeCpuSet(long now, Task p, int cpu) { }

        /** CPU hotplug steps: sched_cpu_deactivate, offline, online, sched_cpu_activate. */
        default void cpuhp(long now, int cpu, String event) { }

        /** balance_rt() decided to pull: pull_rt_task() is queued on this CPU (no kernel tracepoint; for the rt checker). */
        default void rtPull(long now, int cpu) { }

        /**
         * rq_set_donor(rq, next): rq->donor, the scheduling context, becomes {@code next} (from
         * {@code prev}; the same task when __schedule() picks its donor again). No kernel tracepoint;
         * for the rt checker.
         */
        default void rqSetDonor(long now, int cpu, Task prev, Task next) { }

        /** put_prev_task_rt(rq, p, next) ran: p may join pushable_tasks (no kernel tracepoint; for the rt checker). */
        default void rtPutPrev(long now, int cpu, Task p) { }

        /**
         * set_next_task_rt(rq, p, first) ran: p leaves pushable_tasks and, when {@code first},
         * rt_queue_push_tasks() queues push_rt_tasks if the rq is overloaded (no kernel tracepoint; for the rt checker).
         */
        default void rtSetNext(long now, int cpu, Task p, boolean first) { }

        /** A kernel message (printk) from scheduler code, for the console. */
        default void printk(long now, int cpu, String msg) { }
    }

    private final EventHash hash;
    private Listener[] listeners = new Listener[0];

    public Trace(EventHash hash) {
        this.hash = hash;
    }

    public void add(Listener l) {
        List<Listener> ls = new ArrayList<>(List.of(listeners));
        ls.add(l);
        listeners = ls.toArray(new Listener[0]);
    }

    public EventHash hash() {
        return hash;
    }

    public void schedSwitch(long now, int cpu, boolean preempt, Task prev, int prevState, Task next) {
        hash.mix(0x5157L << 32 | prev.pid, ((long) next.pid << 32) | (prevState & 0xFFFFFFFFL));
        for (Listener l : listeners) l.schedSwitch(now, cpu, preempt, prev, prevState, next);
    }

    void schedWaking(long now, int cpu, Task p, int targetCpu) {
        hash.mix(0x3A4BL << 32 | p.pid, targetCpu);
        for (Listener l : listeners) l.schedWaking(now, cpu, p, targetCpu);
    }

    public void schedWakeup(long now, int cpu, Task p) {
        hash.mix(0x3A4CL << 32 | p.pid, cpu);
        for (Listener l : listeners) l.schedWakeup(now, cpu, p);
    }

    public void schedMigrateTask(long now, Task p, int orig, int dest) {
        hash.mix(0x319AL << 32 | p.pid, ((long) orig << 32) | dest);
        for (Listener l : listeners) l.schedMigrateTask(now, p, orig, dest);
    }

    /** Not mixed into the event hash: it adds nothing a lock_acquired or contention does not show. */
    public void lockAcquire(long now, int cpu, Task p, Lock lock, boolean nestLock) {
        for (Listener l : listeners) l.lockAcquire(now, cpu, p, lock, nestLock);
    }

    public void lockContended(long now, int cpu, Task p, Lock lock) {
        hash.mix(0x10C1L << 32 | p.pid);
        for (Listener l : listeners) l.lockContended(now, cpu, p, lock);
    }

    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        hash.mix(0x10C2L << 32 | p.pid);
        for (Listener l : listeners) l.lockAcquired(now, cpu, p, lock);
    }

    public void lockReleased(long now, int cpu, Task p, Lock lock) {
        hash.mix(0x10C3L << 32 | p.pid);
        for (Listener l : listeners) l.lockReleased(now, cpu, p, lock);
    }

    /** Not mixed into the event hash: a point in a section, not an event; see {@link Listener#lockWakeupsIssued}. */
    public void lockWakeupsIssued(long now, int cpu, Task p, Lock lock) {
        for (Listener l : listeners) l.lockWakeupsIssued(now, cpu, p, lock);
    }

    void warn(long now, int cpu, String what) {
        hash.mix(what.hashCode());
        for (Listener l : listeners) l.warn(now, cpu, what);
    }

    void oops(long now, int cpu, String what) {
        hash.mix(0x0095L << 32 | what.hashCode());
        for (Listener l : listeners) l.oops(now, cpu, what);
    }

    /** A proxy-execution event; see {@link Listener#proxy}. */
    public void proxySetTaskCpu(long now, Task p, int destCpu) {
        for (Listener l : listeners) l.proxySetTaskCpu(now, p, destCpu);
    }

    /** See {@link Listener#wakeCpuSet}. */
    public void wakeCpuSet(long now, Task p, int cpu) {
        for (Listener l : listeners) l.wakeCpuSet(now, p, cpu);
    }

    public void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) {
        hash.mix(event.text().hashCode(), ((long) (donor == null ? 0 : donor.pid) << 32) | (task == null ? 0 : task.pid));
        for (Listener l : listeners) l.proxy(now, cpu, event, donor, task);
    }

    void proxyRun(long now, int cpu, Task donor, Task task) {
        proxy(now, cpu, ProxyEvent.PROXY_CHOSEN, donor, task);
    }

    void schedAttrChanged(long now, Task p) {
        for (Listener l : listeners) l.schedAttrChanged(now, p);
    }

    /** set_user_nice() changed p: {@link Listener#userNiceSet}, then the attribute change. */
    void userNiceSet(long now, Task p) {
        for (Listener l : listeners) l.userNiceSet(now, p);
        schedAttrChanged(now, p);
    }

    public void rtPull(long now, int cpu) {
        hash.mix(0x7075L << 32, cpu);
        for (Listener l : listeners) l.rtPull(now, cpu);
    }

    public void cpuhp(long now, int cpu, String event) {
        hash.mix(0xC9B0L << 32 | cpu, event.hashCode());
        for (Listener l : listeners) l.cpuhp(now, cpu, event);
    }

    /** Not mixed into the event hash, as the two rt hooks below: they add no event, only what a section did. */
    public void rqSetDonor(long now, int cpu, Task prev, Task next) {
        for (Listener l : listeners) l.rqSetDonor(now, cpu, prev, next);
    }

    public void rtPutPrev(long now, int cpu, Task p) {
        for (Listener l : listeners) l.rtPutPrev(now, cpu, p);
    }

    public void rtSetNext(long now, int cpu, Task p, boolean first) {
        for (Listener l : listeners) l.rtSetNext(now, cpu, p, first);
    }

    public void schedStatRuntime(long now, int cpu, Task running, long delta) {
        for (Listener l : listeners) l.schedStatRuntime(now, cpu, running, delta);
    }

    public void printk(long now, int cpu, String msg) {
        for (Listener l : listeners) l.printk(now, cpu, msg);
    }

    void affinityChanged(long now, Task p, CpuMask mask) {
        for (Listener l : listeners) l.affinityChanged(now, p, mask);
    }
}
