package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * The rest of a try_to_wake_up() in sections of its own, p->pi_lock held across them and IRQs
 * off, as the kernel's waker keeps them: smp_cond_load_acquire(&amp;p-&gt;on_cpu, !VAL) when the
 * waker found p off the runqueue but still on_cpu (its CPU has not reached finish_task() yet) and
 * ttwu_queue_cond() refused the wake list; then select_task_rq() and ttwu_queue(), whose target
 * rq lock may be busy ({@link Ttwu#ttwuAfterOnCpu}). Also used after a return migration in
 * ttwu_runnable(), which has changed the source runqueue in the section before. The CPU runs this
 * before anything else, interrupts included.
 */
public final class TtwuTail {
    private final Cpu cpu;
    private Task p;
    private int wakeFlags;

    public TtwuTail(Cpu cpu) {
        this.cpu = cpu;
    }

    public boolean active() {
        return p != null;
    }

    /** The task waited for, or null. */
    public Task task() {
        return p;
    }

    /** Called by try_to_wake_up() with p->pi_lock held across sections. */
    void start(Task p, int wakeFlags) {
        this.p = p;
        this.wakeFlags = wakeFlags;
    }

    /** One section: still on_cpu (busy-wait again), or the rest of the wakeup. */
    public int step() {
        if (cpu.core().mem.loadAcquire(cpu.id, p.onCpu) != 0) {
            if (p.onCpu.latest() == 0) return KFrame.SPIN; // an old value: poll again (finish_task()'s store is on its way)
            p.onCpuWaiters.add(cpu);
            return KFrame.SPIN_WAIT;
        }
        int r = cpu.core().ttwu.ttwuAfterOnCpu(cpu, p, wakeFlags);
        if (r == KFrame.SPIN) return r;
        cpu.unlockAcross(p.piLock);
        p = null;
        return KFrame.NEXT;
    }
}
