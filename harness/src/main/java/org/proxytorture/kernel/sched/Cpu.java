package org.proxytorture.kernel.sched;

import java.util.ArrayDeque;
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

    private final RawSpinLock[] held = new RawSpinLock[8];
    private int nheld;
    /** Locks this CPU holds across sections, and those to release at the end of this section. */
    private final java.util.ArrayList<RawSpinLock> heldAcross = new java.util.ArrayList<>(2);
    private final java.util.ArrayList<RawSpinLock> releasing = new java.util.ArrayList<>(2);
    private RawSpinLock spinningOn;
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
    final Schedule schedule;

    final IrqWork tickWork;
    final IrqWork wakeListIpi;
    final IrqWork reschedIpi;
    final LoadBalance balanceWork;
    private final LoadBalance newidleWork;
    private final Timer tickTimer;

    /** Steps by kind, for the run summary. */
    public long sections;
    public long spins;

    Cpu(Core core, Rq rq) {
        this.core = core;
        this.rq = rq;
        this.id = rq.cpu;
        this.loop = core.loop;
        int agent = loop.addAgent(this);
        if (agent != id) throw new IllegalStateException("CPU ids and agent ids must agree");
        this.tickWork = new IrqWork() {
            int run(Cpu cpu) {
                return core.schedTick(cpu);
            }

            String name() {
                return "sched_tick";
            }
        };
        this.wakeListIpi = new IrqWork() {
            int run(Cpu cpu) {
                return core.schedTtwuPending(cpu);
            }

            String name() {
                return "sched_ttwu_pending";
            }
        };
        this.reschedIpi = new IrqWork() {
            int run(Cpu cpu) {
                cpu.cost(core.costs.atomic());
                return KFrame.DONE;
            }

            String name() {
                return "reschedule_ipi";
            }
        };
        this.schedule = new Schedule(core, this);
        this.balanceWork = new LoadBalance(core);
        this.newidleWork = new LoadBalance(core);
        this.tickTimer = new Timer(this::tick);
    }

    /** The periodic tick: the timer interrupt raises sched_tick() and re-arms. */
    private void tick(long now) {
        raise(tickWork);
        loop.arm(tickTimer, now + core.tickNsec);
    }

    void startTick() {
        loop.arm(tickTimer, loop.now() + core.tickNsec);
    }

    /** The tick device of a CPU going offline is shut down. */
    void stopTick() {
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
        long now = loop.now();
        if (l.holder != id && l.heldUntil > now) {
            l.contentions++;
            if (l.heldUntil > spinUntil) spinUntil = l.heldUntil;
            if (l.heldAcross()) spinningOn = l;
            return false;
        }
        if (l.holder == id && l.heldAcross()) return true; // already ours across sections
        if (nheld == held.length) throw new IllegalStateException("too many locks in one section");
        held[nheld++] = l;
        return true;
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

    public Core core() {
        return core;
    }

    /** Interrupt work arrives: taken at the next section boundary, at once if idle or running. */
    public void raise(IrqWork w) {
        if (w.queued) return;
        w.queued = true;
        irqs.add(w);
        // idle, spinning or in an interruptible RUN: taken now; inside an atomic section: when it ends
        if (idleWaiting || spinWaiting || running != null) loop.setNext(id, loop.now());
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
    void sendIpi(IrqWork w) {
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
            heldAcross.addAll(releasing);
            releasing.clear();
            if (spinningOn != null) { // held across sections: wait for its release
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
            for (int i = 0; i < nheld; i++) {
                held[i].holder = id;
                held[i].heldUntil = heldAcross.contains(held[i]) ? Long.MAX_VALUE : end;
                held[i] = null;
            }
            nheld = 0;
            for (RawSpinLock l : releasing) {
                l.heldUntil = end;
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
    void dropActiveCallback() {
        activeCallback = null;
    }

    private int dispatch() {
        if (schedule.active()) { // __schedule() runs with interrupts off
            lastKind = 9;
            return schedule.step();
        }
        IrqWork w = irqsOff ? null : irqs.peek();
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
