package org.proxytorture.kernel.sched;

/**
 * try_to_wake_up()'s smp_cond_load_acquire(&amp;p-&gt;on_cpu, !VAL): the waker found p off the
 * runqueue but still on_cpu (its CPU has not reached finish_task() yet) and ttwu_queue_cond()
 * refused the wake list, so it spins with p->pi_lock held and IRQs off until on_cpu clears, then
 * finishes the wakeup ({@link Core#ttwuAfterOnCpu}). The CPU runs this before anything else,
 * interrupts included, as the kernel's irqs-off spin does.
 */
final class OnCpuWait {
    private final Cpu cpu;
    private Task p;
    private int wakeFlags;

    OnCpuWait(Cpu cpu) {
        this.cpu = cpu;
    }

    boolean active() {
        return p != null;
    }

    /** The task waited for, or null. */
    Task task() {
        return p;
    }

    /** Called by try_to_wake_up() with p->pi_lock held across sections. */
    void start(Task p, int wakeFlags) {
        this.p = p;
        this.wakeFlags = wakeFlags;
    }

    /** One section: still on_cpu (busy-wait again), or the rest of the wakeup. */
    int step() {
        if (cpu.core.mem.loadAcquire(cpu.id, p.onCpu) != 0) {
            if (p.onCpu.latest() == 0) return KFrame.SPIN; // an old value: poll again (finish_task()'s store is on its way)
            p.onCpuWaiters.add(cpu);
            return KFrame.SPIN_WAIT;
        }
        int r = cpu.core.ttwuAfterOnCpu(cpu, p, wakeFlags);
        if (r == KFrame.SPIN) return r;
        cpu.unlockAcross(p.piLock);
        p = null;
        return KFrame.NEXT;
    }
}
