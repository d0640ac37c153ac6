package org.proxytorture.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.cpu.Costs;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.RawLockdep;
import org.proxytorture.kernel.harness.Coverage;
import org.proxytorture.kernel.harness.Faults;
import org.proxytorture.kernel.harness.KernelOops;
import org.proxytorture.kernel.hotplug.Hotplug;
import org.proxytorture.kernel.sched.fair.Fair;
import org.proxytorture.kernel.sched.fair.LoadBalance;
import org.proxytorture.kernel.sched.fair.TaskGroup;
import org.proxytorture.kernel.sched.rt.Rt;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.EventLoop;
import org.proxytorture.sim.Timer;

/**
 * kernel/sched/core.c: activate/deactivate, set_task_cpu(), resched_curr(), wakeup_preempt(),
 * sched_tick(), the attribute changes (set_user_nice(), __sched_setscheduler(), rt_mutex_setprio()),
 * and the state shared by the sched classes. The wakeup section (try_to_wake_up() and its ttwu_*()
 * and select_task_rq() helpers) is {@link Ttwu}; __schedule() is {@link Schedule}.
 *
 * <p>Every method here runs inside one atomic section on {@link #thisCpu}; methods that need
 * spinlocks take them through {@link Cpu#lock} first and return {@link #SPIN} if one is busy.
 *
 * <p>Interleaving points of the model (where mainline drops one lock and takes another):
 * <ul>
 *   <li>try_to_wake_up() on a remote CPU: queued on the target's wake list, activated when the
 *       IPI runs sched_ttwu_pending() there ({@link Cpu#raise});</li>
 *   <li>resched_curr() of a remote CPU: the reschedule IPI is in flight;</li>
 *   <li>move_queued_task(): deactivate + set_task_cpu under the source rq lock, activate under the
 *       destination's ({@link SetCpusAllowedFrame}, {@link StopperFrame}), with this CPU's
 *       interrupts off in between ({@link Cpu#localIrqDisable});</li>
 *   <li>load balancing: detach_tasks() under the busiest rq lock, attach_tasks() under this rq's
 *       ({@link LoadBalance});</li>
 *   <li>RT push/pull: double_lock_balance() may drop this rq's lock ({@link Rt});</li>
 *   <li>kernel.locking: mutex_lock() between its trylock and queueing (wait_lock held) and before
 *       schedule(); mutex_unlock() between releasing wait_lock and the wakeup.</li>
 * </ul>
 */
public final class Core {
    public static final int SPIN = KFrame.SPIN;
    /** try_to_wake_up() results besides SPIN. */
    public static final int TTWU_NOT_WOKEN = 0;
    public static final int TTWU_WOKEN = 1;

    public final EventLoop loop;
    public final ChoiceSource choices;
    public final Trace trace;
    public final Costs costs;
    public final int hz;
    public final long tickNsec;
    public final Rq[] rqs;
    public final Cpu[] cpus;
    public final List<Task> tasks = new ArrayList<>();
    public final TaskGroup rootTaskGroup;
    /** task_groups: every group, the root first, then in creation order. */
    final java.util.ArrayList<TaskGroup> taskGroups = new java.util.ArrayList<>();
    public final Fair fair;
    public final Rt rt;
    /** core.c's wakeup section: try_to_wake_up(), ttwu_*(), select_task_rq(), select_fallback_rq(). */
    final Ttwu ttwu = new Ttwu(this);
    public final SchedClass idleClass;
    public final SchedClass stopClass;
    /** rt_mutex_adjust_prio_chain()'s static prev_max: "Maximum lock depth" is printed once. */
    public boolean maxLockDepthReported;
    /** CONFIG_MUTEX_SPIN_ON_OWNER: optimistic spinning in mutex_lock(). */
    public boolean mutexSpinOnOwner = true;
    /** proxytorture.donor_affinity_fix (on; 0: mainline's rules, finding F1): keep a blocked donor inside a changed mask. */
    public boolean donorAffinityFix = true;
    /** proxytorture.sched_feat: DELAY_DEQUEUE and DELAY_ZERO (mainline defaults: on). */
    public SchedFeat schedFeat = SchedFeat.DEFAULTS;
    /** sched_proxy_exec and proxytorture.proxy_variant: which generation of proxy execution. */
    public ProxyExec proxy = ProxyExec.OFF;
    /** proxytorture.lock_pi=1: mutexes do rt_mutex-style priority inheritance (the PI baseline). */
    public boolean lockPi;
    /** lockdep over the raw spinlocks (wait_lock, pi_lock, blocked_lock, the rq locks), when a checker installs it. */
    public RawLockdep rawLockdep;
    /** proxytorture.inject: the bug catalog's faults, set once at boot (Faults.NONE: the fixed kernel). */
    public Faults faults = Faults.NONE;
    /** Branch counters of find_proxy_task() and return migration. */
    public final Coverage coverage = new Coverage();
    /** CPU hotplug: the online/active/dying masks, cpu_hotplug_lock, balance_push. */
    public final Hotplug hotplug;
    /** The CPU executing the current atomic section. */
    public Cpu thisCpu;
    private int distributePrev = -1;
    public final List<String> warnings = new ArrayList<>();
    private final java.util.Set<String> warnedOnce = new java.util.TreeSet<>();

    /** How long another CPU's write may stay invisible to a relaxed read (proxytorture.window_ns). */
    public final long windowNs;
    /**
     * The memory system for shared words read without their lock (proxytorture.memory_model;
     * package kernel.mem). TSO until the run sets its model at boot, before any task runs.
     */
    public org.proxytorture.kernel.mem.Memory mem;

    public Core(int nrCpus, int hz, Costs costs, ChoiceSource choices, long windowNs, org.proxytorture.sim.EventHash hash) {
        if (nrCpus < 1 || nrCpus > CpuMask.NR_CPUS) throw new IllegalArgumentException("cpus must be 1.." + CpuMask.NR_CPUS);
        this.choices = choices;
        this.windowNs = windowNs;
        this.loop = new EventLoop(choices, windowNs);
        this.mem = new org.proxytorture.kernel.mem.Memory(org.proxytorture.kernel.mem.MemoryModel.TSO, nrCpus, choices, loop, windowNs);
        this.trace = new Trace(hash);
        this.costs = costs;
        this.hz = hz;
        this.tickNsec = 1_000_000_000L / hz;
        this.fair = new Fair(this);
        this.rt = new Rt(this);
        this.idleClass = new IdleClass();
        this.stopClass = new StopClass(this);
        rqs = new Rq[nrCpus];
        cpus = new Cpu[nrCpus];
        hotplug = new Hotplug(this, nrCpus);
        for (int c = 0; c < nrCpus; c++) rqs[c] = new Rq(c);
        rootTaskGroup = new TaskGroup("/", null, TaskGroup.ROOT_TASK_GROUP_LOAD, rqs, fair.bandwidth);
        taskGroups.add(rootTaskGroup);
        tasks.add(null); // pid 0 is the idle tasks' shared pid in the kernel; ours get their own
        for (int c = 0; c < nrCpus; c++) {
            Rq rq = rqs[c];
            Task idle = newTask("swapper/" + c, true);
            idle.schedClass = idleClass;
            idle.state = TaskState.TASK_RUNNING;
            idle.cpu = idle.wakeCpu = c;
            idle.cpuWord.reset(c);
            idle.cpusMask = CpuMask.of(c);
            idle.onCpu.reset(1);
            idle.pfKthread = true;
            idle.prio = Weights.MAX_PRIO;
            rq.idle = rq.curr = rq.donor = idle;
            cpus[c] = new Cpu(this, rq);
        }
        for (int c = 0; c < nrCpus; c++) {
            Task stop = newTask("migration/" + c, false);
            stop.schedClass = stopClass;
            stop.pfKthread = true;
            stop.prio = 0;
            stop.cpu = stop.wakeCpu = c;
            stop.cpuWord.reset(c);
            stop.cpusMask = CpuMask.of(c);
            stop.state = TaskState.TASK_INTERRUPTIBLE;
            stop.push(new StopperFrame(this));
            rqs[c].stop = stop;
        }
        for (Cpu cpu : cpus) cpu.startTick();
    }

    private Task newTask(String comm, boolean isIdle) {
        Task t = new Task(tasks.size(), comm, isIdle);
        t.sleepTimer = new Timer(now -> cpus[t.sleepTimerCpu].raise(t.timeoutWork(this)));
        tasks.add(t);
        return t;
    }

    public long now() {
        return loop.now();
    }

    public int nrCpus() {
        return rqs.length;
    }

    public Rq taskRq(Task p) {
        return rqs[p.cpu];
    }

    /** WARN_ON_ONCE(): recorded, traced, and counted as a failure of the run. */
    public boolean warnOnce(boolean cond, String what) {
        if (cond && warnedOnce.add(what)) { // coverage: not model (WARN_ON_ONCE itself)
            warnings.add(what);
            trace.warn(now(), thisCpu == null ? -1 : thisCpu.id, what); // coverage: not model (WARN_ON_ONCE itself)
        }
        return cond;
    }

    /**
     * die(): the kernel oopses where its code would dereference NULL or hit BUG(). The oops is
     * traced (the checkers report it as "oops/&lt;bug&gt; in &lt;function&gt;") and the returned
     * exception, thrown by the caller, ends the run: the model stops as with panic_on_oops=1.
     */
    public KernelOops oops(String function, String bug) {
        KernelOops e = new KernelOops(function, bug, thisCpu == null ? -1 : thisCpu.id, thisCpu == null ? null : thisCpu.rq.curr); // coverage: not model (die() itself)
        trace.oops(now(), e.cpu, e.what());
        return e;
    }

    // ---------------------------------------------------------------- task creation

    /**
     * kthread_create() + wake_up_new_task(): a SCHED_NORMAL task at nice 0 in the root group,
     * runnable on {@code mask}, placed on the allowed CPU with the fewest runnable tasks.
     */
    public Task createTask(String comm, CpuMask mask, TaskGroup group, KFrame body) {
        Task p = newTask(comm, false);
        // __sched_fork(); a fresh task_struct here, so it holds by construction
        warnOnce(p.se.schedDelayed, "__sched_fork: p->se.sched_delayed");
        p.cpusMask = mask;
        p.group = group;
        p.schedClass = fair;
        p.se.setWeight(Weights.niceWeight(0));
        p.rtTimeSlice = rt.rrTimeslice();
        attachToGroup(p, 0);
        p.push(body);
        return p;
    }

    void attachToGroup(Task p, int cpu) {
        TaskGroup g = p.group;
        p.se.cfsRq = g.cfsRq[cpu];
        p.se.parent = g.se[cpu];
        p.se.depth = g.depth;
    }

    /** task_groups, read only: every group, the root first, then in creation order. */
    public List<TaskGroup> taskGroups() {
        return java.util.Collections.unmodifiableList(taskGroups);
    }

    /** wake_up_new_task(), done at boot time (outside any section). */
    public void wakeUpNewTask(Task p) {
        int best = -1;
        for (int c = p.cpusMask.first(); c < nrCpus(); c = p.cpusMask.next(c)) {
            if (!isCpuAllowed(p, c)) continue;
            if (best < 0 || rqs[c].nrRunning < rqs[best].nrRunning) best = c;
        }
        if (best < 0) best = 0;
        setTaskCpuQuiet(p, best);
        p.state = TaskState.TASK_RUNNING;
        Rq rq = rqs[best];
        activateTask(rq, p, SchedClass.ENQUEUE_INITIAL);
        wakeupPreempt(rq, p, 0);
    }

    public TaskGroup createGroup(String name, TaskGroup parent, long shares) {
        TaskGroup tg = new TaskGroup(name, parent, shares, rqs, fair.bandwidth);
        taskGroups.add(tg); // sched_online_group(): list_add_tail_rcu(&tg->list, &task_groups)
        return tg;
    }

    // ---------------------------------------------------------------- enqueue / dequeue

    void enqueueTask(Rq rq, Task p, int flags) {
        p.schedClass.enqueueTask(rq, p, flags);
        rq.nrRunning++;
    }

    /** dequeue_task(): false when p stays queued (fair's DELAY_DEQUEUE: still counted in nr_running). */
    boolean dequeueTask(Rq rq, Task p, int flags) {
        if (!p.schedClass.dequeueTask(rq, p, flags)) return false;
        // S03 (inject): a sleeping dequeue forgets sub_nr_running()
        if (!(faults.s03 && (flags & SchedClass.DEQUEUE_SLEEP) != 0)) rq.nrRunning--;
        return true;
    }

    /** activate_task() */
    public void activateTask(Rq rq, Task p, int flags) {
        enqueueTask(rq, p, flags);
        setOnRq(p, TaskState.TASK_ON_RQ_QUEUED);
    }

    /**
     * p->on_rq and its memory-model mirror, written together: WRITE_ONCE(p->on_rq, v), and for 0
     * __block_task()'s smp_store_release(&amp;p-&gt;on_rq, 0).
     */
    public void setOnRq(Task p, int v) {
        p.onRq = v;
        if (v == 0) mem.storeRelease(thisCpuId(), p.onRqWord, 0);
        else mem.store(thisCpuId(), p.onRqWord, v);
    }

    /**
     * deactivate_task() (on_rq = TASK_ON_RQ_MIGRATING, set before the dequeue), or with
     * DEQUEUE_SLEEP block_task(): on_rq = 0 only if the class let p go (__block_task()); a
     * DELAY_DEQUEUE'd task keeps on_rq = 1 and se.sched_delayed = 1.
     */
    public void deactivateTask(Rq rq, Task p, int flags) {
        if ((flags & SchedClass.DEQUEUE_SLEEP) != 0) {
            if (dequeueTask(rq, p, flags)) setOnRq(p, 0); // __block_task()
            return;
        }
        setOnRq(p, TaskState.TASK_ON_RQ_MIGRATING);
        dequeueTask(rq, p, flags);
    }

    /** proxy_set_task_cpu(): like set_task_cpu() but a donor may land outside its cpus_mask. */
    public void setTaskCpuAnyMask(Task p, int newCpu) {
        warnOnce(p.onRq == TaskState.TASK_ON_RQ_QUEUED, "set_task_cpu: queued task moved");
        warnOnce(!hotplug.cpuOnline(newCpu), "set_task_cpu: !cpu_online(new_cpu)");
        if (p.cpu != newCpu) trace.schedMigrateTask(now(), p, p.cpu, newCpu);
        setTaskCpuQuiet(p, newCpu);
    }

    /** The CPU executing the current section, or -1 outside any (boot, set-up). */
    public int thisCpuId() {
        return thisCpu == null ? -1 : thisCpu.id;
    }

    /**
     * task_cpu(p) read without the lock of p's runqueue, as find_proxy_task() reads its owner's:
     * through the memory model, so within window_ns of another CPU's set_task_cpu() it may still
     * return the CPU before (a choice, 0 the newest), unless this CPU took a lock the writer
     * released after the write.
     */
    public int taskCpuRelaxed(Task p) {
        return (int) mem.load(thisCpuId(), p.cpuWord);
    }

    /** set_task_cpu(): moves p's accounting to another CPU (p is not queued anywhere). */
    public void setTaskCpu(Task p, int newCpu) {
        warnOnce(p.onRq == TaskState.TASK_ON_RQ_QUEUED, "set_task_cpu: queued task moved");
        // the kernel's WARN_ON_ONCE(!cpu_online(new_cpu)); a task outside its cpus_mask is the migration checker's INV-P3
        warnOnce(!hotplug.cpuOnline(newCpu), "set_task_cpu: !cpu_online(new_cpu)");
        trace.schedMigrateTask(now(), p, p.cpu, newCpu); // trace_sched_migrate_task(): before the task_cpu(p) != new_cpu test
        setTaskCpuQuiet(p, newCpu);
    }

    /** __set_task_cpu(): also resets wake_cpu. */
    void setTaskCpuQuiet(Task p, int newCpu) {
        if (p.cpu != newCpu) mem.store(thisCpuId(), p.cpuWord, newCpu); // WRITE_ONCE(task_thread_info(p)->cpu, cpu)
        p.cpu = newCpu;
        p.wakeCpu = newCpu;
        if (p.group != null) attachToGroup(p, newCpu);
    }

    // ---------------------------------------------------------------- preemption

    /** resched_curr(): set TIF_NEED_RESCHED; a remote CPU gets a reschedule IPI. */
    public void reschedCurr(Rq rq) {
        Task curr = rq.curr;
        if (curr.needResched) return;
        curr.needResched = true;
        if (thisCpu == null || rq.cpu != thisCpu.id) cpus[rq.cpu].sendIpi(cpus[rq.cpu].reschedIpi);
    }

    /**
     * attach_task(): the second half of a migration that dropped the source rq lock (load
     * balance's attach_tasks(), proxy_migrate_task()'s attach_one_task()): dst's lock held.
     * Its WARN_ON_ONCE(task_rq(p) != rq) is what sees a task_cpu() changed in the window (B11).
     */
    public void attachTask(Rq rq, Task p) {
        attach(rq, p, "attach_task: task_rq(p) != rq");
    }

    /**
     * The second half of move_queued_task() (migration_cpu_stop(), affine_move_task()): new_cpu's
     * lock held, the old rq lock dropped after set_task_cpu(). WARN_ON_ONCE(task_cpu(p) != new_cpu).
     */
    public void moveQueuedTaskAttach(Rq rq, Task p) {
        attach(rq, p, "move_queued_task: task_cpu(p) != new_cpu");
    }

    private void attach(Rq rq, Task p, String warning) {
        warnOnce(p.cpu != rq.cpu, warning);
        activateTask(rq, p, 0);
        wakeupPreempt(rq, p, 0);
    }

    /** wakeup_preempt(): a woken task may preempt the donor. */
    public void wakeupPreempt(Rq rq, Task p, int flags) {
        Task donor = rq.donor;
        if (p.schedClass == donor.schedClass) donor.schedClass.wakeupPreempt(rq, p, flags);
        else if (p.schedClass.rank() > donor.schedClass.rank()) reschedCurr(rq);
    }

    /** task_on_cpu(rq, p) in the model: p is rq->curr. */
    public static boolean taskRunning(Rq rq, Task p) {
        return rq.curr == p;
    }

    /** pick_next_task(): the highest class with a runnable task. */
    public Task pickNextTask(Rq rq) {
        if (rq.stop.onRq == TaskState.TASK_ON_RQ_QUEUED) return rq.stop;
        Task p = rt.pickTask(rq);
        if (p != null) return p;
        p = fair.pickTask(rq);
        if (p != null) return p;
        return rq.idle;
    }

    /** proxy_resched_idle() on rq (its lock held). */
    public void proxyReschedIdle(Rq rq) {
        cpus[rq.cpu].schedule.proxyReschedIdle();
    }

    /** zap_balance_callbacks(rq) */
    public void zapBalanceCallbacks(Rq rq) {
        cpus[rq.cpu].schedule.zapBalanceCallbacks();
    }

    /** put_prev_set_next_task() */
    public void putPrevSetNextTask(Rq rq, Task prev, Task next) {
        warnOnce(rq.donor != prev, "put_prev_set_next_task: rq->donor != prev");
        if (next == prev) return;
        prev.schedClass.putPrevTask(rq, prev, next);
        next.schedClass.setNextTask(rq, next, true);
    }

    // ---------------------------------------------------------------- wakeups (Ttwu)

    /** try_to_wake_up(): see {@link Ttwu#tryToWakeUp}, where core.c's wakeup section is modelled. */
    public int tryToWakeUp(Cpu cpu, Task p, int state, int wakeFlags) {
        return ttwu.tryToWakeUp(cpu, p, state, wakeFlags);
    }

    /** select_task_rq(p, p->wake_cpu) for a return migration: see {@link Ttwu#selectTaskRqForReturn}. */
    public int selectTaskRqForReturn(Task p) {
        return ttwu.selectTaskRqForReturn(p);
    }

    /** sched_ttwu_pending(): the wake-list IPI's work; see {@link Ttwu#schedTtwuPending}. */
    public int schedTtwuPending(Cpu cpu) {
        return ttwu.schedTtwuPending(cpu);
    }

    /** fair.c's select_idle_sibling() over the model's single LLC: see {@link Ttwu#selectIdleSibling}. */
    public int selectIdleSibling(Task p, int prev) {
        return ttwu.selectIdleSibling(p, prev);
    }

    /** block_task(): dequeue a sleeping task (proxy_deactivate()); DELAY_DEQUEUE may keep it queued. */
    public void blockTask(Rq rq, Task p) {
        deactivateTask(rq, p, SchedClass.DEQUEUE_SLEEP);
    }

    /**
     * block_task() for a return migration (proxy_needs_return()): the task must leave this rq,
     * since try_to_wake_up() goes on to select a CPU for it, so it is never a delayed dequeue
     * (DEQUEUE_SPECIAL). Modelling decision: the reference does not say how mainline keeps a
     * non-eligible returning task from being delayed here; 7.1's proxy_force_return() uses
     * deactivate_task(), which never delays.
     */
    public void blockTaskForReturn(Rq rq, Task p) {
        deactivateTask(rq, p, SchedClass.DEQUEUE_SLEEP | SchedClass.DEQUEUE_SPECIAL);
    }

    /**
     * is_cpu_allowed(): in the mask, and a user task only on an active CPU, a per-CPU kthread on
     * an online one, any other kthread on an online CPU that is not dying (migrate_disable() is
     * not modelled).
     */
    public boolean isCpuAllowed(Task p, int cpu) {
        if (!p.cpusMask.test(cpu) || cpu >= nrCpus()) return false;
        if (!p.pfKthread) return hotplug.cpuActive(cpu);
        if (hotplug.kthreadIsPerCpu(rqs[p.cpu], p)) return hotplug.cpuOnline(cpu);
        if (hotplug.cpuDying(cpu)) return false;
        return hotplug.cpuOnline(cpu);
    }

    /**
     * cpumask_any_and_distribute(cpu_valid_mask, mask): spreads successive callers over the mask;
     * the valid mask is cpu_online_mask for a kthread, cpu_active_mask for a user task; -1 if none.
     */
    int anyAndDistribute(Task p, CpuMask mask) {
        boolean kthread = p.pfKthread;
        for (int i = 1; i <= nrCpus(); i++) {
            int c = (distributePrev + i) % nrCpus();
            if (mask.test(c) && (kthread ? hotplug.cpuOnline(c) : hotplug.cpuActive(c))) {
                distributePrev = c;
                return c;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- tick

    /** sched_tick(): charge the donor, let its class act, kick the periodic balancer. */
    public int schedTick(Cpu cpu) {
        Rq rq = cpu.rq;
        if (!cpu.lock(rq.lock)) return SPIN;
        cpu.cost(costs.tick());
        rq.clock = now();
        Task donor = rq.donor;
        if (donor != rq.idle) donor.schedClass.taskTick(rq, donor);
        rt.periodTick(rq);
        if (now() >= rq.nextBalance) {
            long interval = (long) nrCpus() * 1_000_000L * (rq.curr == rq.idle ? 1 : 16);
            rq.nextBalance = now() + interval;
            cpu.raise(cpu.balanceWork);
        }
        return KFrame.DONE;
    }

    /** Charges a running task's time; with proxy execution donor and running task differ. */
    public void accountExecRuntime(Rq rq, Task running, Task donor, long delta) {
        // update_se(): the running task's sum_exec_runtime, and trace_sched_stat_runtime(running, delta_exec)
        running.se.sumExecRuntime += delta;
        trace.schedStatRuntime(now(), rq.cpu, running, delta);
        // account_group_exec_runtime() takes the running task (thread-group cputime: not modelled);
        // cgroup_account_cputime() the donor: its groups' cpu.stat usage. Bandwidth is charged by
        // update_curr() -> account_cfs_rq_runtime() on the donor's hierarchy (FairBandwidth).
        for (TaskGroup tg = donor.group; tg != null; tg = tg.parent) tg.usage += delta;
    }

    // ---------------------------------------------------------------- attribute changes

    /** set_user_nice(): rq lock held. */
    void setUserNice(Rq rq, Task p, int nice) {
        int oldPrio = p.prio;
        p.staticPrio = Weights.niceToPrio(nice);
        if (p.policy.isRt()) return;
        p.normalPrio = p.staticPrio;
        if (p.prio < Weights.MAX_RT_PRIO) {
            // PI-boosted: effective_prio() keeps the boost; set_load_weight() in rt: se.load = lw, no reweight_task
            p.se.setWeight(Weights.niceWeight(nice));
        } else {
            if (rq.donor == p) fair.updateCurr(rq);
            fair.reweightTask(p, Weights.niceWeight(nice));
            p.prio = p.normalPrio;
            if (p.onRq == TaskState.TASK_ON_RQ_QUEUED) p.schedClass.prioChanged(rq, p, oldPrio);
        }
        trace.userNiceSet(now(), p);
    }

    /**
     * rt_mutex_setprio(): PI changes p->prio only (not its policy or nice); a prio below MAX_RT_PRIO puts a fair
     * task in the rt class until deboosted. rq lock and p->pi_lock held; false if p has the prio already.
     */
    public boolean rtMutexSetprio(Rq rq, Task p, int prio) {
        int oldPrio = p.prio;
        if (prio == oldPrio) return false;
        rq.clock = now();
        SchedClass nextClass = prio < Weights.MAX_RT_PRIO ? rt : fair; // rt_prio(prio): the class follows the prio alone
        // a delayed fair task leaving its class is dequeued for good first
        if (nextClass != p.schedClass && p.se.schedDelayed) dequeueTask(rq, p, SchedClass.DEQUEUE_SLEEP | SchedClass.DEQUEUE_DELAYED);
        boolean queued = p.onRq == TaskState.TASK_ON_RQ_QUEUED;
        boolean running = rq.donor == p;
        SchedClass oldClass = p.schedClass;
        if (running) oldClass.updateCurr(rq);
        if (queued) dequeueTask(rq, p, SchedClass.DEQUEUE_SAVE | SchedClass.DEQUEUE_MOVE);
        if (running) oldClass.putPrevTask(rq, p, p);
        p.prio = prio;
        p.schedClass = nextClass;
        if (queued) enqueueTask(rq, p, SchedClass.ENQUEUE_RESTORE | (oldPrio < prio && running ? SchedClass.ENQUEUE_HEAD : 0));
        if (running) p.schedClass.setNextTask(rq, p, false);
        checkClassChanged(rq, p, oldClass, oldPrio, queued, running);
        trace.schedAttrChanged(now(), p);
        return true;
    }

    /** __sched_setscheduler(): rq lock held. rtPriority 1..99 for FIFO/RR, nice for the others. */
    void setScheduler(Rq rq, Task p, Policy policy, int rtPriority, int nice) {
        int newPrio = policy.isRt() ? Weights.MAX_RT_PRIO - 1 - rtPriority : Weights.niceToPrio(nice);
        if (p.piTopTask != null && p.piTopTask.prio < newPrio) newPrio = p.piTopTask.prio; // rt_effective_prio()
        SchedClass nextClass = newPrio < Weights.MAX_RT_PRIO ? rt : fair;
        // a delayed fair task leaving its class is dequeued for good first
        if (nextClass != p.schedClass && p.se.schedDelayed) dequeueTask(rq, p, SchedClass.DEQUEUE_SLEEP | SchedClass.DEQUEUE_DELAYED);
        boolean queued = p.onRq == TaskState.TASK_ON_RQ_QUEUED;
        boolean running = rq.donor == p;
        SchedClass oldClass = p.schedClass;
        int oldPrio = p.prio;
        if (running) oldClass.updateCurr(rq);
        if (queued) dequeueTask(rq, p, SchedClass.DEQUEUE_SAVE | SchedClass.DEQUEUE_MOVE);
        if (running) oldClass.putPrevTask(rq, p, p);
        p.policy = policy;
        if (policy.isRt()) {
            p.rtPriority = rtPriority;
            p.normalPrio = p.prio = Weights.MAX_RT_PRIO - 1 - rtPriority;
            p.schedClass = rt;
            p.rtTimeSlice = rt.rrTimeslice();
        } else {
            p.rtPriority = 0;
            p.staticPrio = Weights.niceToPrio(nice);
            p.normalPrio = p.prio = p.staticPrio;
            long weight = policy == Policy.SCHED_IDLE ? Weights.WEIGHT_IDLEPRIO : Weights.niceWeight(nice);
            // set_load_weight(p, true) runs before the class switch: a fair task is reweighted (its vlag
            // rescaled, reweight_task_fair()), a task coming from another class just takes the weight
            if (oldClass == fair) fair.reweightTask(p, weight);
            else p.se.setWeight(weight);
            p.schedClass = fair;
        }
        if (p.piTopTask != null && p.piTopTask.prio < p.prio) { // rt_effective_prio(): an rt_mutex boost stays
            p.prio = p.piTopTask.prio;
            p.schedClass = p.prio < Weights.MAX_RT_PRIO ? rt : fair;
        }
        if (queued) enqueueTask(rq, p, SchedClass.ENQUEUE_RESTORE);
        if (running) p.schedClass.setNextTask(rq, p, false);
        checkClassChanged(rq, p, oldClass, oldPrio, queued, running);
        trace.schedAttrChanged(now(), p);
    }

    /** check_class_changed(): switched_from / switched_to, or prio_changed within a class. */
    private void checkClassChanged(Rq rq, Task p, SchedClass oldClass, int oldPrio, boolean queued, boolean running) {
        if (oldClass != p.schedClass) {
            if (running) {
                if (p.schedClass.rank() < oldClass.rank()) reschedCurr(rq);
            } else if (queued) {
                wakeupPreempt(rq, p, 0);
            }
            if (oldClass == rt && running) rt.queuePull(rq);
        } else if (queued) {
            p.schedClass.prioChanged(rq, p, oldPrio);
        }
    }
}
