package org.proxytorture.kernel.cpu;

import java.util.ArrayDeque;
import org.proxytorture.kernel.sched.BalanceCallback;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Schedule;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.TtwuTail;
import org.proxytorture.kernel.sched.fair.LoadBalance;
import org.proxytorture.sim.EventLoop;
import org.proxytorture.sim.Timer;

/**
 * An emulated processor. Each step executes one atomic section, in this order of precedence:
 * pending interrupt work, the rq's balance callbacks, a requested schedule(), a preemption
 * (TIF_NEED_RESCHED with preempt_count 0), newidle balancing, and otherwise the next section of
 * the current task's innermost kernel operation. A task "running for N ns" keeps the CPU busy
 * without sections, and is interrupted when an interrupt arrives.
 */
public final class Cpu implements EventLoop.Agent {
    public final int id;
    public final Rq rq;
    final Core core;
    private final EventLoop loop;

    private RawSpinLock[] held = new RawSpinLock[8];
    private int nheld;
    /** Locks this CPU holds across sections, and those to release at the end of this section. */
    private final java.util.ArrayList<RawSpinLock> heldAcross = new java.util.ArrayList<>(2);
    private final java.util.ArrayList<RawSpinLock> releasing = new java.util.ArrayList<>(2);
    private RawSpinLock spinningOn;
    /** The lock held across sections by another CPU that this CPU waits for, while it does. */
    private RawSpinLock waitingFor;
    private long sectionCost;
    private long spinUntil;
    private long busyUntil;
    private boolean idleWaiting = true;
    /** Busy-waiting (optimistic spinning) until a SpinWaiters wakes us or an interrupt arrives. */
    private boolean spinWaiting;

    /** An interruptible RUN of curr is in progress since runStart. */
    private RunFrame running;
    private long runStart;

    final ArrayDeque<IrqWork> irqs = new ArrayDeque<>();
    /** A frame of curr asked for schedule(). */
    boolean wantSchedule;
    /**
     * Interrupts stay off across sections: move_queued_task() between its source and destination
     * rq locks (migration_cpu_stop(), affine_move_task()). Interrupt work, balance callbacks and
     * preemption wait until the frame that set it clears it (a wakeup of the task in flight would
     * otherwise spin on its TASK_ON_RQ_MIGRATING on the very CPU that is to finish the move).
     */
    boolean irqsOff;
    /** This CPU just switched to idle: try newidle balancing once. */
    boolean newidle;
    private BalanceCallback activeCallback;
    /** __schedule() in progress on this CPU. */
    public final Schedule schedule;
    /** try_to_wake_up() spinning on a task's on_cpu, IRQs off. */
    public final TtwuTail ttwuTail;
    /**
     * The last section spun with interrupts disabled: a raw spinlock taken irqsave (rq lock,
     * pi_lock, wait_lock, blocked_lock) was busy, __task_rq_lock() waited on a migrating task, or
     * try_to_wake_up() waits for on_cpu. Interrupts arriving meanwhile wait until the spin ends.
     */
    private boolean irqsOffSpin;
    /** Since when this CPU has been spinning with IRQs off (the hard-lockup watchdog's view). */
    private long irqsOffSince = -1;

    final IrqWork tickWork;
    public final IrqWork wakeListIpi;
    public final IrqWork reschedIpi;
    public final LoadBalance balanceWork;
    private final LoadBalance newidleWork;
    private final Timer tickTimer;

    /** Steps by kind, for the run summary. */
    public long sections;
    public long spins;

    public Cpu(Core core, Rq rq) {
        this.core = core;
        this.rq = rq;
        this.id = rq.cpu;
        this.loop = core.loop;
        int agent = loop.addAgent(this);
        if (agent != id) throw new IllegalStateException("CPU ids and agent ids must agree");
        this.tickWork = new IrqWork() {
            protected int run(Cpu cpu) {
                return core.schedTick(cpu);
            }

            protected String name() {
                return "sched_tick";
            }
        };
        this.wakeListIpi = new IrqWork() {
            protected int run(Cpu cpu) {
                return core.schedTtwuPending(cpu);
            }

            protected String name() {
                return "sched_ttwu_pending";
            }
        };
        this.reschedIpi = new IrqWork() {
            protected int run(Cpu cpu) {
                cpu.cost(core.costs.atomic());
                return KFrame.DONE;
            }

            protected String name() {
                return "reschedule_ipi";
            }
        };
        this.schedule = new Schedule(core, this);
        this.ttwuTail = new TtwuTail(this);
        this.balanceWork = new LoadBalance(core);
        this.newidleWork = new LoadBalance(core);
        this.tickTimer = new Timer(this::tick);
    }

    /** The periodic tick: the timer interrupt raises sched_tick() and re-arms. */
    private void tick(long now) {
        raise(tickWork);
        loop.arm(tickTimer, now + core.tickNsec);
    }

    public void startTick() {
        loop.arm(tickTimer, loop.now() + core.tickNsec);
    }

    /** The tick device of a CPU going offline is shut down. */
    public void stopTick() {
        loop.cancel(tickTimer);
    }

    public EventLoop loop() {
        return loop;
    }

    // ---------------------------------------------------------------- section helpers

    /**
     * Takes a spinlock for the current section. False if another CPU's section holds it: the
     * caller must return SPIN without having changed anything.
     */
    public boolean lock(RawSpinLock l) {
        if (l.holder == id && l.heldAcross()) return true; // already ours across sections
        if (core.rawLockdep != null) core.rawLockdep.acquire(this, l, held, nheld, heldAcross); // lock_acquire(): before trying
        return take(l);
    }

    /**
     * raw_spin_trylock(): the same, but lockdep orders nothing after a trylock (it cannot wait, so
     * it cannot deadlock): rt_mutex_adjust_prio_chain() takes a wait_lock under a pi_lock so.
     */
    public boolean trylock(RawSpinLock l) {
        if (l.holder == id && l.heldAcross()) return true;
        return take(l);
    }

    /**
     * raw_spin_lock() in the middle of a section, where the model cannot return SPIN any more: a
     * lock another CPU's section holds for that section's cost is waited out here (the holder's
     * effects are already in, since sections apply at their start; the wait is added to this
     * section's cost). False only for a lock held across sections (released at an unknown time).
     * Lockdep orders nothing here (the callers' simplification says why).
     */
    public boolean lockAfterHolder(RawSpinLock l) {
        if (l.holder == id && l.heldAcross()) return true;
        long now = loop.now();
        if (l.holder != id && l.heldUntil > now) {
            if (l.heldAcross()) return false;
            l.contentions++;
            cost(l.heldUntil - now);
        }
        grab(l);
        return true;
    }

    private boolean take(RawSpinLock l) {
        long now = loop.now();
        if (l.holder != id && l.heldUntil > now) {
            l.contentions++;
            if (l.heldUntil > spinUntil) spinUntil = l.heldUntil;
            if (l.heldAcross()) spinningOn = l;
            return false;
        }
        grab(l);
        return true;
    }

    private void grab(RawSpinLock l) {
        if (nheld == held.length) held = java.util.Arrays.copyOf(held, 2 * nheld); // a section taking one pi_lock per parked donor
        held[nheld++] = l;
        core.mem.lockAcquired(id, l.releasedBy, l.releasePoint); // the previous holder's stores, then ACQUIRE
    }

    /** Takes {@code l} in this section and keeps it after the section ends, until {@link #unlockAcross}. */
    public boolean holdAcross(RawSpinLock l) {
        if (!lock(l)) return false;
        releasing.remove(l);
        if (!heldAcross.contains(l)) heldAcross.add(l);
        return true;
    }

    /** Releases a lock held across sections at the end of this section. */
    public void unlockAcross(RawSpinLock l) {
        if (heldAcross.remove(l)) releasing.add(l);
    }

    /** Adds to the current section's cost in ns. */
    public void cost(long ns) {
        sectionCost += ns;
    }

    /** local_irq_disable() across sections (see {@link #irqsOff}). */
    public void localIrqDisable() {
        irqsOff = true;
    }

    /** local_irq_enable(): interrupt work, balance callbacks and preemption may run again. */
    public void localIrqEnable() {
        irqsOff = false;
    }

    /** __schedule() switched this CPU to idle: try newidle balancing once ({@link #newidle}). */
    public void requestNewidleBalance() {
        newidle = true;
    }

    public Core core() {
        return core;
    }

    /** Interrupt work arrives: taken at the next section boundary, at once if idle or running. */
    public void raise(IrqWork w) {
        if (w.queued) return;
        w.queued = true;
        w.raisedAt = loop.now();
        irqs.add(w);
        // idle, spinning with IRQs on or in an interruptible RUN: taken now; inside an atomic
        // section or an irqs-off spin: when it ends
        if (idleWaiting || (spinWaiting && !irqsOffSpin && !irqsOff) || running != null) loop.setNext(id, loop.now());
    }

    /** A condition this CPU spins on may have changed. */
    void spinWake() {
        if (spinWaiting) loop.setNext(id, loop.now() + SpinWaiters.NOTICE_NS);
    }

    /**
     * An IPI from the current CPU to this one: arrives after the IPI latency. None is sent while
     * the work is already queued here or an IPI for it is in flight (as the wake list only IPIs
     * when it was empty).
     */
    public void sendIpi(IrqWork w) {
        if (w.queued) return;
        if (w.ipi == null) w.ipi = new Timer(now -> raise(w));
        if (w.ipi.armed()) return;
        loop.arm(w.ipi, loop.now() + core.costs.ipi());
    }

    /** Begins an interruptible RUN of curr; the CPU is next due when it ends. */
    void startRun(RunFrame f, long ns) {
        running = f;
        runStart = loop.now();
        busyUntil = runStart + ns;
    }

    // ---------------------------------------------------------------- the step

    @Override
    public void step(long now) {
        core.thisCpu = this;
        idleWaiting = false;
        spinWaiting = false;
        if (running != null) {
            running.remaining -= now - runStart;
            running = null;
        }
        nheld = 0;
        sectionCost = 0;
        spinUntil = 0;
        spinningOn = null;
        waitingFor = null;
        int acrossBefore = heldAcross.size();
        int kind = dispatch();
        if (running != null) {
            // a RUN started: no section cost, the CPU is busy until it ends or is interrupted
            nheld = 0;
            loop.setNext(id, busyUntil);
        } else if (kind == KFrame.SPIN) {
            nheld = 0;
            spins++;
            // a section that spins did nothing: undo its lock bookkeeping
            while (heldAcross.size() > acrossBefore) heldAcross.remove(heldAcross.size() - 1);
            if (!releasing.isEmpty()) {
                heldAcross.addAll(releasing);
                releasing.clear();
            }
            if (spinningOn != null) { // held across sections: wait for its release
                waitingFor = spinningOn;
                spinningOn.waiters.add(this);
                spinningOn = null;
                spinWaiting = true;
                busyUntil = now;
                loop.setNext(id, EventLoop.NEVER);
            } else {
                busyUntil = Math.max(spinUntil, now + core.costs.spinPoll());
                loop.setNext(id, busyUntil);
            }
        } else if (kind == KFrame.SPIN_WAIT) {
            nheld = 0;
            spinWaiting = true;
            busyUntil = now + sectionCost;
            loop.setNext(id, EventLoop.NEVER);
        } else if (kind == IDLE) {
            idleWaiting = true;
            busyUntil = now;
            loop.setNext(id, EventLoop.NEVER);
        } else {
            sections++;
            long end = now + sectionCost;
            long point = -1;
            for (int i = 0; i < nheld; i++) {
                RawSpinLock l = held[i];
                l.holder = id;
                l.heldUntil = heldAcross.contains(l) ? Long.MAX_VALUE : end;
                if (l.heldUntil != Long.MAX_VALUE) { // raw_spin_unlock(): RELEASE
                    if (point < 0) point = core.mem.lockReleased(id);
                    l.releasedBy = id;
                    l.releasePoint = point;
                }
                held[i] = null;
            }
            nheld = 0;
            for (RawSpinLock l : releasing) {
                l.heldUntil = end;
                if (point < 0) point = core.mem.lockReleased(id);
                l.releasedBy = id;
                l.releasePoint = point;
                l.waiters.wakeAll();
            }
            releasing.clear();
            busyUntil = end;
            loop.setNext(id, end);
        }
        core.trace.hash().event(now, id, lastKind);
        core.thisCpu = null;
    }

    private static final int IDLE = -1;
    private int lastKind;

    /** zap_balance_callbacks() also forgets a callback this CPU was in the middle of. */
    public void dropActiveCallback() {
        activeCallback = null;
    }

    private int dispatch() {
        int r = dispatchSection();
        // a raw spinlock is always taken with IRQs off here (irqsave, or nested in such a section),
        // as is the on_cpu wait; an optimistic spinner (SPIN_WAIT from a frame) keeps them on
        boolean offSpin = r == KFrame.SPIN || (r == KFrame.SPIN_WAIT && lastKind == 8);
        if (offSpin && !irqsOffSpin) irqsOffSince = loop.now();
        if (!offSpin) irqsOffSince = -1;
        irqsOffSpin = offSpin;
        return r;
    }

    /** Since when the oldest interrupt raised on this CPU has waited to be taken (-1: none waits). */
    public long oldestIrqPendingSince() {
        IrqWork w = irqs.peek();
        return w == null ? -1 : w.raisedAt;
    }

    /** Since when this CPU has been spinning with interrupts disabled (-1 if it is not). */
    public long irqsOffSpinSince() {
        return irqsOffSince;
    }

    /**
     * The CPU this one's irqs-off spin waits for, or -1: the holder of a raw spinlock held across
     * sections, or the CPU a task whose on_cpu try_to_wake_up() waits on still runs on.
     */
    public int irqsOffWaitsFor() {
        if (!irqsOffSpin) return -1;
        if (ttwuTail.active() && ttwuTail.task().onCpu.latest() != 0) return ttwuTail.task().cpu;
        if (waitingFor != null && waitingFor.heldAcross()) return waitingFor.holder;
        return -1;
    }

    /** What this CPU's irqs-off spin waits for, for a lockup report. */
    public String irqsOffWaitDescription() {
        if (ttwuTail.active()) return "try_to_wake_up(): smp_cond_load_acquire(&p->on_cpu, !VAL) for " + ttwuTail.task(); // coverage: not model (lockup report text)
        if (waitingFor != null) return "raw_spin_lock(" + waitingFor.name + ")"; // coverage: not model (lockup report text)
        return "a spin";
    }

    private int dispatchSection() {
        if (schedule.active()) { // __schedule() runs with interrupts off
            lastKind = 9;
            return schedule.step();
        }
        if (ttwuTail.active()) { // try_to_wake_up() spinning on p->on_cpu, interrupts off
            lastKind = 8;
            return ttwuTail.step();
        }
        IrqWork w = irqs.peek();
        if (w != null && irqsOffSpin && lastKind != 1) { // an irq handler that spun goes on; others wait
            core.coverage.point("irq_deferred_by_irqs_off_spin");
            w = null;
        }
        if (irqsOff) w = null; // move_queued_task() between its two rq locks
        if (w != null) {
            lastKind = 1;
            int r = w.run(this);
            if (r == KFrame.DONE) {
                irqs.poll();
                w.queued = false;
            }
            return r;
        }
        if (activeCallback == null && !irqsOff) activeCallback = rq.balanceCallbacks.peek();
        if (activeCallback != null) {
            lastKind = 2;
            int r = activeCallback.run(this, rq);
            if (r == KFrame.DONE) {
                rq.balanceCallbacks.remove(activeCallback);
                activeCallback = null;
            }
            return r;
        }
        Task curr = rq.curr;
        if (newidle && !irqsOff) {
            // sched_balance_newidle(): once it has detached tasks it must attach them
            if (curr == rq.idle || newidleWork.inProgress()) {
                lastKind = 5;
                int r = newidleWork.newidle(this);
                if (r == KFrame.DONE) newidle = false;
                return r;
            }
            newidle = false;
        }
        if (wantSchedule) {
            lastKind = 3;
            int r = schedule.enter(false);
            if (r != KFrame.SPIN) wantSchedule = false;
            return r;
        }
        if (curr.needResched && curr.preemptCount == 0 && !irqsOff) {
            lastKind = 4;
            return schedule.enter(true);
        }
        if (curr == rq.idle) {
            lastKind = 6;
            return IDLE;
        }
        KFrame f = curr.top();
        if (f == null) {
            // the kthread's function returned: do_exit()
            lastKind = 7;
            curr.state = TaskState.TASK_DEAD;
            cost(core.costs.section());
            wantSchedule = true;
            return KFrame.NEXT;
        }
        lastKind = f.kindCode;
        int r = f.step(this, curr);
        switch (r) {
            case KFrame.DONE -> {
                if (curr.top() == f) curr.pop();
            }
            case KFrame.SCHEDULE -> wantSchedule = true;
            default -> { }
        }
        return r;
    }

    /** The time at which this CPU's current section (or RUN) ends. */
    public long busyUntil() {
        return busyUntil;
    }

    /** One line of executor state, for debugging and hang reports. */
    public String debugState() {
        StringBuilder sb = new StringBuilder("CPU" + id + " busyUntil=" + busyUntil + " idleWaiting=" + idleWaiting
                + " wantSchedule=" + wantSchedule + " newidle=" + newidle + " sections=" + sections + " spins=" + spins
                + " lastKind=" + lastKind + " irqs=[");
        for (IrqWork w : irqs) sb.append(w.name()).append(' ');
        sb.append("] callbacks=[");
        for (BalanceCallback b : rq.balanceCallbacks) sb.append(b.name()).append(' ');
        return sb.append("] curr=").append(rq.curr).append(" needResched=").append(rq.curr.needResched)
                .append(" preempt=").append(rq.curr.preemptCount).toString();
    }

    @Override
    public String toString() {
        return "CPU" + id;
    }
}
