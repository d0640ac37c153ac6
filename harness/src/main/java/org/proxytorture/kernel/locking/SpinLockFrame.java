package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.SpinWaiters;
import org.proxytorture.kernel.sched.Task;

/**
 * spin_lock() / raw_spin_lock(): preempt_disable(), then queued_spin_lock(): the fast path
 * takes a free, uncontended lock; otherwise queued_spin_lock_slowpath() joins the MCS queue and
 * spins (the CPU stays busy, interrupts are taken, no preemption) until it is at the head and
 * the lock is free.
 */
public final class SpinLockFrame extends KFrame {
    private final SpinLock lock;
    private boolean queued;
    /** This CPU's MCS node: what it spins on. */
    final SpinWaiters node = new SpinWaiters();

    public SpinLockFrame(SpinLock lock) {
        this.lock = lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        if (!queued) {
            cpu.cost(core.costs.atomic());
            p.preemptCount++; // preempt_disable()
            if (lock.tryLockFast(p)) return acquired(core, cpu, p);
            core.warnOnce(lock.owner == p, "BUG: spinlock recursion on CPU#" + cpu.id + ", " + p.comm + " (" + lock.name + ")");
            queued = true;
            lock.enqueue(node, cpu);
            core.trace.lockContended(core.now(), cpu.id, p, lock);
            return SPIN_WAIT;
        }
        cpu.cost(core.costs.spinPoll());
        if (lock.tryLockQueued(p, node, cpu)) return acquired(core, cpu, p);
        return SPIN_WAIT;
    }

    private int acquired(Core core, Cpu cpu, Task p) {
        p.lockdepDepth++; // lock_acquired()
        core.trace.lockAcquired(core.now(), cpu.id, p, lock);
        return DONE;
    }

    @Override
    public String describe() {
        return "spin_lock(" + lock.name + ")";
    }
}
