package org.proxytorture.kernel.hotplug;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.locking.PercpuDownReadFrame;
import org.proxytorture.kernel.locking.PercpuDownWriteFrame;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.PercpuUpReadFrame;
import org.proxytorture.kernel.locking.PercpuUpWriteFrame;
import org.proxytorture.kernel.sched.BalanceCallback;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.StopWork;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * CPU hotplug, the scheduler's side: the masks of include/linux/cpumask.h (cpu_online_mask,
 * cpu_active_mask, cpu_dying_mask), cpu_hotplug_lock (cpus_read_lock()/cpus_write_lock()), and
 * kernel/sched/core.c's hotplug callbacks: sched_cpu_deactivate(), sched_cpu_wait_empty(),
 * sched_cpu_dying(), sched_cpu_starting()/sched_cpu_activate(), and balance_push(), which empties a
 * dying CPU one task at a time: every task picked there is pushed away by the stopper
 * (__balance_push_cpu_stop() → select_fallback_rq()). The control flow of kernel/cpu.c is
 * {@link CpuDownFrame} and {@link CpuUpFrame}.
 *
 * <p>A blocked donor queued on a dying CPU is moved like any queued task is since 5.11 (there is
 * no migrate_tasks() any more): when it is picked, find_proxy_task() runs, and either the owner
 * runs as rq->curr and balance_push() pushes it (the donor follows it at its next pick), or the
 * donor is migrated to the owner's CPU or deactivated. zap_balance_callbacks() keeps
 * balance_push_callback (the proxy-execution rule), so an aborted pick does not lose it.
 */
public final class Hotplug {
    private final Core core;
    final boolean[] online;
    final boolean[] active;
    final boolean[] dying;
    /** rq->balance_callback == &balance_push_callback: set between deactivate and activate. */
    final boolean[] balancePush;
    private final BalancePush[] pushCallbacks;
    /** rq->hotplug_wait: the control task in balance_hotplug_wait(), or null. */
    final Task[] hotplugWait;
    /** cpu_hotplug_disable() nesting: cpu_down()/cpu_up() fail with -EBUSY while it is non-zero. */
    public int cpuHotplugDisabled;
    /**
     * cpu_hotplug_lock (DEFINE_STATIC_PERCPU_RWSEM in kernel/cpu.c): cpus_read_lock() is
     * percpu_down_read(), cpus_write_lock() percpu_down_write(), with the model's percpu rwsem frames.
     */
    public final PercpuRwSemaphore cpuHotplugLock;
    /**
     * proxytorture.hotplug_wait_poll=1: balance_hotplug_wait() also re-checks its condition every
     * jiffy (a model safety net, off by default; the kernel waits for balance_push()'s wakeup only).
     */
    public boolean hotplugWaitPoll;

    public Hotplug(Core core, int nrCpus) {
        this.core = core;
        online = new boolean[nrCpus];
        active = new boolean[nrCpus];
        dying = new boolean[nrCpus];
        balancePush = new boolean[nrCpus];
        pushCallbacks = new BalancePush[nrCpus];
        hotplugWait = new Task[nrCpus];
        for (int c = 0; c < nrCpus; c++) {
            online[c] = active[c] = true;
            pushCallbacks[c] = new BalancePush();
        }
        cpuHotplugLock = new PercpuRwSemaphore(core, "cpu_hotplug_lock");
    }

    /** cpu_online(cpu) */
    public boolean cpuOnline(int cpu) {
        return online[cpu];
    }

    /** cpu_active(cpu) */
    public boolean cpuActive(int cpu) {
        return active[cpu];
    }

    /** cpu_dying(cpu) */
    public boolean cpuDying(int cpu) {
        return dying[cpu];
    }

    /** num_online_cpus() */
    public int numOnlineCpus() {
        int n = 0;
        for (boolean o : online) if (o) n++;
        return n;
    }

    /** cpu_online_mask */
    public CpuMask onlineMask() {
        CpuMask m = CpuMask.none();
        for (int c = 0; c < online.length; c++) if (online[c]) m = m.set(c); // coverage: not model (a view for checkers and tests)
        return m;
    }

    // ---------------------------------------------------------------- cpu_hotplug_lock

    /** cpus_read_lock(): percpu_down_read(&amp;cpu_hotplug_lock); sleeps while a writer holds or waits for it. */
    public KFrame cpusReadLock() {
        return new PercpuDownReadFrame(cpuHotplugLock);
    }

    /** cpus_read_unlock(): percpu_up_read(&amp;cpu_hotplug_lock); prods a writer waiting for the readers. */
    public KFrame cpusReadUnlock() {
        return new PercpuUpReadFrame(cpuHotplugLock);
    }

    /** cpus_write_lock(): percpu_down_write(&amp;cpu_hotplug_lock); sleeps until it is the writer and no reader is left. */
    KFrame cpusWriteLock() {
        return new PercpuDownWriteFrame(cpuHotplugLock);
    }

    /** cpus_write_unlock(): percpu_up_write(&amp;cpu_hotplug_lock); wakes the readers and a writer queued meanwhile. */
    KFrame cpusWriteUnlock() {
        return new PercpuUpWriteFrame(cpuHotplugLock);
    }

    // ---------------------------------------------------------------- balance_push

    /** After every __schedule() on a CPU with balance_push set, the callback runs (finish_lock_switch()). */
    public void afterSchedule(Rq rq) {
        if (balancePush[rq.cpu]) rq.queueBalanceCallback(pushCallbacks[rq.cpu]);
    }

    /**
     * zap_balance_callbacks() keeps balance_push_callback: only the pick's own callbacks go. A
     * balance_push() cut between its sections resumes where it was (its stop work is queued).
     */
    public void keepAfterZap(Rq rq) {
        afterSchedule(rq);
    }

    /** rq->balance_callback is empty or &balance_push_callback (assert_balance_callbacks_empty()'s test). */
    public boolean onlyBalancePush(Rq rq) {
        for (BalanceCallback cb : rq.balanceCallbacks) if (cb != pushCallbacks[rq.cpu]) return false;
        return true;
    }

    /** kthread_is_per_cpu(): the idle task and the stopper (the cpuhp thread is not modelled). */
    public boolean kthreadIsPerCpu(Rq rq, Task p) {
        return p == rq.idle || p == rq.stop;
    }

    /**
     * sched_cpu_wait_empty()'s condition, with stop_machine()'s: nothing queued or running but
     * idle, no wakeup or stop work pending, no task half-way through a move to or from it
     * (stop_machine() waits until every CPU leaves its irqs-off regions, move_queued_task() is one).
     * The kernel's is rq->nr_running == 1 (its waiter is the CPU's own cpuhp thread) &&
     * !rq_has_pinned_tasks(rq); balance_push() wakes the waiter on this same test.
     */
    public boolean vacated(Rq rq) {
        if (rq.nrRunning != 0 || rq.curr != rq.idle || !rq.wakeListEmpty() || !rq.stopWorks.isEmpty()) return false;
        for (Task t : core.tasks) if (t != null && t.cpu == rq.cpu && t.onRq == TaskState.TASK_ON_RQ_MIGRATING) return false;
        return true;
    }

    /** rq->hotplug_wait.task: the hotplug control task waiting in balance_hotplug_wait() for cpu, or null. */
    public Task hotplugWaitTask(int cpu) {
        return hotplugWait[cpu];
    }

    /** dump_rq_tasks(): what a dying CPU still holds. */
    List<String> dumpRqTasks(Rq rq) {
        List<String> out = new ArrayList<>();
        out.add("CPU" + rq.cpu + " enqueued tasks (" + rq.nrRunning + " total):");
        for (Task t : core.tasks) { // coverage: not model (dump_rq_tasks(), printed on a WARN path only)
            if (t == null || t.cpu != rq.cpu || t.isIdle) continue; // coverage: not model (dump_rq_tasks(), printed on a WARN path only)
            if (t.onRq != 0 || rq.onWakeList(t)) out.add("\tpid: " + t.pid + ", name: " + t.comm); // coverage: not model (dump_rq_tasks(), printed on a WARN path only)
        }
        return out;
    }

    /**
     * balance_push() (the balance_push_callback): on a dying CPU, rq->curr (unless a per-CPU
     * kthread) is pushed away by the stopper: stop_one_cpu_nowait(__balance_push_cpu_stop) after
     * dropping the rq lock; the stopper preempts it and moves it to select_fallback_rq(). With
     * only idle left, the hotplug control task waiting in balance_hotplug_wait() is woken.
     */
    private final class BalancePush implements BalanceCallback {
        private static final int CHECK = 0, KICK = 1, WAKE = 2;
        private int pc = CHECK;
        private Task waiter;

        @Override
        public String name() {
            return "balance_push";
        }

        @Override
        public int run(Cpu cpu, Rq rq) {
            switch (pc) {
                case CHECK -> {
                    if (!cpu.lock(rq.lock)) return KFrame.SPIN;
                    cpu.cost(core.costs.atomic());
                    if (!dying[rq.cpu]) return KFrame.DONE;
                    Task push = rq.curr;
                    if (kthreadIsPerCpu(rq, push)) {
                        // !rq->nr_running && !rq_has_pinned_tasks(rq) && rcuwait_active(&rq->hotplug_wait): wake
                        // the hotplug control task. The model tests the waiter's own condition, vacated() (it folds
                        // in stop_machine()'s), so the wakeup is never early; what still blocks it (a queued wakeup,
                        // a stop work, a task being moved here) ends in a schedule() here, and this callback again.
                        if (vacated(rq) && hotplugWait[rq.cpu] != null) {
                            waiter = hotplugWait[rq.cpu];
                            pc = WAKE;
                            return KFrame.NEXT;
                        }
                        return KFrame.DONE;
                    }
                    // model only: callbacks run at any section boundary, so a zap in ttwu (proxy_reset_donor()) re-runs us before the stopper preempts
                    for (StopWork w : rq.stopWorks) if (w.push) return KFrame.DONE; // this CPU's push_work is queued already
                    rq.stopWorks.add(StopWork.balancePush(push));
                    pc = KICK;
                    return KFrame.NEXT;
                }
                case KICK -> {
                    // raw_spin_rq_unlock(); stop_one_cpu_nowait(): the stopper preempts push_task
                    if (core.tryToWakeUp(cpu, rq.stop, TaskState.TASK_NORMAL, 0) == Core.SPIN) return KFrame.SPIN;
                    cpu.cost(core.costs.atomic());
                    pc = CHECK;
                    return KFrame.DONE;
                }
                default -> {
                    // raw_spin_rq_unlock(); rcuwait_wake_up(&rq->hotplug_wait)
                    if (core.tryToWakeUp(cpu, waiter, TaskState.TASK_NORMAL, 0) == Core.SPIN) return KFrame.SPIN;
                    cpu.cost(core.costs.atomic());
                    waiter = null;
                    pc = CHECK;
                    return KFrame.DONE;
                }
            }
        }
    }

    // ---------------------------------------------------------------- the sched_cpu_* callbacks

    /**
     * sched_cpu_deactivate(), first part (target rq lock held): set_cpu_active(cpu, false),
     * balance_push_set(cpu, true). The CPU is asked to reschedule, so that balance_push() runs.
     */
    void deactivate(Rq rq) {
        active[rq.cpu] = false;
        balancePush[rq.cpu] = true;
        rq.queueBalanceCallback(pushCallbacks[rq.cpu]);
        core.reschedCurr(rq);
        core.trace.cpuhp(core.now(), rq.cpu, "sched_cpu_deactivate");
    }

    /**
     * sched_set_rq_offline(), after synchronize_rcu(): set_rq_offline(), each class's rq_offline():
     * fair's unthrottles the CPU's throttled cfs_rqs and stops throttling there; RT's cpupri
     * becomes CPUPRI_INVALID (rq->online = 0).
     */
    void setRqOffline(Rq rq) {
        core.fair.bandwidth.unthrottleOfflineCfsRqs(rq);
        rq.online = false;
    }

    /**
     * take_cpu_down() under stop_machine() on the dying CPU (target rq lock held): __cpu_disable()
     * (set_cpu_online(cpu, false)), sched_cpu_dying() (WARN if not vacated), hrtimers_cpu_dying()
     * (pending sleep timers move to an active CPU), and the tick stops.
     */
    void takeCpuDown(Rq rq) {
        int cpu = rq.cpu;
        // S25 (inject): hrtimers_cpu_dying()'s new CPU comes from a copy of cpu_online_mask taken before __cpu_disable(): it may be the dying CPU
        boolean[] onlineBefore = core.faults.s25 ? online.clone() : null;
        online[cpu] = false;
        if (!vacated(rq)) { // coverage: not model (the WARN of a CPU not vacated)
            List<String> dump = dumpRqTasks(rq);
            core.warnOnce(true, "sched_cpu_dying: Dying CPU not properly vacated! " + String.join(" ", dump));
            for (String l : dump) core.trace.printk(core.now(), cpu, l); // coverage: not model (the WARN of a CPU not vacated)
        }
        int ncpu = -1;
        boolean[] candidates = core.faults.s25 ? onlineBefore : active;
        for (int c = 0; c < candidates.length && ncpu < 0; c++) if (candidates[c]) ncpu = c;
        for (Task t : core.tasks) {
            if (t != null && t.sleepTimer != null && t.sleepTimer.armed() && t.sleepTimerCpu == cpu) t.sleepTimerCpu = ncpu;
        }
        core.cpus[cpu].stopTick();
        core.trace.cpuhp(core.now(), cpu, "offline");
    }

    /** bringup_cpu(): the CPU boots (sched_cpu_starting()), set_cpu_online(cpu, true), its tick starts. */
    void bringUp(Rq rq) {
        dying[rq.cpu] = false;
        online[rq.cpu] = true;
        rq.clock = core.now();
        rq.nextBalance = core.now();
        core.cpus[rq.cpu].startTick();
        core.trace.cpuhp(core.now(), rq.cpu, "online");
    }

    /**
     * sched_cpu_activate() (target rq lock held): balance_push_set(cpu, false),
     * set_cpu_active(cpu, true), sched_set_rq_online().
     */
    void activate(Rq rq) {
        balancePush[rq.cpu] = false; // a queued balance_push() finds the CPU not dying and does nothing
        active[rq.cpu] = true;
        rq.online = true; // sched_set_rq_online(): set_rq_online(), each class's rq_online()
        core.fair.bandwidth.updateRuntimeEnabled(rq); // rq_online_fair()
        core.trace.cpuhp(core.now(), rq.cpu, "sched_cpu_activate");
    }
}
