package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.IrqWork;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.cpu.SpinWaiters;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.fair.CfsRq;
import org.proxytorture.kernel.sched.fair.SchedEntity;
import org.proxytorture.kernel.sched.fair.TaskGroup;
import org.proxytorture.kernel.sched.rt.Rt;
import org.proxytorture.sim.Timer;

/** struct task_struct, the parts the scheduler and the mutex code touch. */
public final class Task {
    public final int pid;
    public final String comm;

    /** p->__state */
    public int state = TaskState.TASK_NEW;
    /** p->on_rq: 0, TASK_ON_RQ_QUEUED or TASK_ON_RQ_MIGRATING, as the holder of p's rq lock sees it. */
    public int onRq;
    /**
     * p->on_rq as a CPU without p's rq lock reads it (READ_ONCE() in try_to_wake_up()): the same
     * word, stored through the memory model at the same two places (activate/deactivate_task()).
     */
    public final org.proxytorture.kernel.mem.SharedWord onRqWord = new org.proxytorture.kernel.mem.SharedWord(0);
    /**
     * p->on_cpu: set from the switch-in until finish_task() of the switch-out; read without a lock
     * (try_to_wake_up()'s smp_load_acquire(), mutex_spin_on_owner()'s READ_ONCE()) through the
     * memory model, by the lock holder with latest().
     */
    public final org.proxytorture.kernel.mem.SharedWord onCpu = new org.proxytorture.kernel.mem.SharedWord(0);
    /** task_cpu(p), as the holder of p's rq lock (or pi_lock) sees it. */
    public int cpu;
    /** task_cpu(p) as a CPU without those locks reads it (find_proxy_task()'s task_cpu(owner)): stored through the memory model in __set_task_cpu(). */
    public final org.proxytorture.kernel.mem.SharedWord cpuWord = new org.proxytorture.kernel.mem.SharedWord(0);
    public int wakeCpu;
    public CpuMask cpusMask;

    public Policy policy = Policy.SCHED_NORMAL;
    public int staticPrio = Weights.DEFAULT_PRIO;
    public int normalPrio = Weights.DEFAULT_PRIO;
    public int prio = Weights.DEFAULT_PRIO;
    public int rtPriority;
    public SchedClass schedClass;
    public final SchedEntity se = new SchedEntity(this);
    /** struct sched_rt_entity: the RR time slice left (in ticks) and the queue it sits on. */
    public int rtTimeSlice = Rt.RR_TIMESLICE;
    public boolean rtOnList;
    public boolean rtPushable;
    public TaskGroup group;
    /** p->throttled (task-based throttle model): parked in its cfs_rq's throttled_limbo_list. */
    public boolean throttled;
    /** p->throttle_node: the cfs_rq whose limbo list holds p; null is list_empty(). */
    public CfsRq throttleNode;
    /** task_has_throttle_work(p): sched_throttle_work is queued for the next return to user. */
    public boolean throttleWork;
    /**
     * current->lockdep_depth: the locks this task holds (counted as if CONFIG_LOCKDEP were on).
     * Zero is what every return to user requires (lockdep_sys_exit()).
     */
    public int lockdepDepth;

    /** p->migration_pending: an affinity change waits for the stopper to move this task. */
    public boolean migrationPending;

    /** TIF_NEED_RESCHED */
    public boolean needResched;
    public int preemptCount;
    public final RawSpinLock piLock;

    /** CPUs spinning while this task runs (mutex_spin_on_owner()): woken when it is switched out. */
    public final SpinWaiters onCpuWaiters = new SpinWaiters();

    /** The mutex this task is blocked on; only the task sets it on itself. */
    public Mutex blockedOn;
    /**
     * p->blocked_on as find_proxy_task() reads it before taking wait_lock (READ_ONCE): the same
     * pointer, stored through the memory model wherever blocked_on is written (BlockedOn.write()).
     */
    public final org.proxytorture.kernel.mem.SharedRef<Mutex> blockedOnWord = new org.proxytorture.kernel.mem.SharedRef<>(null);
    /** p->blocked_lock (7.1+): serializes blocked_on; nests under mutex->wait_lock. */
    public final RawSpinLock blockedLock;
    /**
     * The mutex whose wait_list holds this task's struct mutex_waiter (it lives on the task's
     * stack in __mutex_lock_common()), or null. Bookkeeping for the checkers, not a kernel field.
     */
    public Mutex waitingOn;
    /** p->is_blocked (2026): took the block path and has not been woken since. */
    public boolean isBlocked;
    /** p->blocked_donor (2026): the task boosting this one; set in find_proxy_task(). */
    public Task blockedDonor;
    /** Sleeping-owner series (unmerged): donors parked on this owner until it wakes. */
    public final java.util.ArrayList<Task> blockedHead = new java.util.ArrayList<>(0);
    /** The sleeping owner this task is parked on, or null. */
    public Task blockedOwner;
    /** rt_mutex-style PI (proxytorture.lock_pi=1): the mutexes this task owns. */
    public final java.util.ArrayList<Mutex> heldLocks = new java.util.ArrayList<>(0);
    /** p->pi_blocked_on: the rt_mutex waiter this task sleeps on; pi_lock protects it. */
    public org.proxytorture.kernel.locking.RtMutexWaiter piBlockedOn;
    /** p->pi_waiters: the top waiter of each rt_mutex this task owns, best prio first; pi_lock protects it. */
    public final java.util.ArrayList<org.proxytorture.kernel.locking.RtMutexWaiter> piWaiters = new java.util.ArrayList<>(0);
    /** p->pi_top_task: the task whose prio rt_mutex_setprio() lent us, or null; read by __sched_setscheduler(). */
    public Task piTopTask;

    /** TIF_SIGPENDING: set by signal_wake_up(), cleared when the task flushes its signals (proxytorture.signal_interval). */
    public boolean sigpending;

    /** PF_KTHREAD: a kernel thread (no mm); is_cpu_allowed() and select_fallback_rq() treat it apart. */
    public boolean pfKthread;

    /** The per-CPU idle task (swapper/N): never queued, never blocks. */
    public final boolean isIdle;

    /** The kernel stack: operations in progress, innermost last. */
    KFrame[] stack = new KFrame[8];
    int sp;
    /** hrtimer for schedule_timeout(). */
    public Timer sleepTimer;
    public int sleepTimerCpu;

    private IrqWork timeoutWork;

    /** process_timeout(): the hrtimer callback of schedule_timeout(), run on the arming CPU. */
    IrqWork timeoutWork(Core core) {
        if (timeoutWork == null) {
            Task self = this;
            timeoutWork = new IrqWork() {
                protected int run(Cpu cpu) {
                    int r = core.tryToWakeUp(cpu, self, TaskState.TASK_NORMAL, 0);
                    if (r == Core.SPIN) return KFrame.SPIN;
                    cpu.cost(core.costs.section());
                    return KFrame.DONE;
                }

                protected String name() {
                    return "process_timeout";
                }
            };
        }
        return timeoutWork;
    }

    /** Bookkeeping for reports. */
    public long nvcsw;
    public long nivcsw;
    public long lastRanAt;

    Task(int pid, String comm, boolean isIdle) {
        this.pid = pid;
        this.comm = comm;
        this.isIdle = isIdle;
        this.piLock = new RawSpinLock("pi_lock:" + comm);
        this.blockedLock = new RawSpinLock("blocked_lock:" + comm);
    }

    /** Sets the fair weight before the task is first queued (test and boot helpers). */
    public void schedClassWeight(long weight) {
        se.setWeight(weight);
    }

    public int nice() {
        return Weights.prioToNice(staticPrio);
    }

    /**
     * signal_pending_state(state, p): an interruptible sleep ends at a pending signal (fatal
     * signals and TASK_WAKEKILL are not modelled).
     */
    public boolean signalPendingState(int state) {
        return (state & TaskState.TASK_INTERRUPTIBLE) != 0 && sigpending;
    }

    public boolean isRt() {
        return prio < Weights.MAX_RT_PRIO;
    }

    public int nrCpusAllowed() {
        return cpusMask.weight();
    }

    /** The innermost kernel operation this task is executing, or null. */
    public KFrame top() {
        return sp == 0 ? null : stack[sp - 1];
    }

    public int depth() {
        return sp;
    }

    public void push(KFrame f) {
        if (sp == stack.length) stack = java.util.Arrays.copyOf(stack, sp * 2);
        stack[sp++] = f;
    }

    public void pop() {
        stack[--sp] = null;
    }

    @Override
    public String toString() {
        return comm + ":" + pid;
    }
}
