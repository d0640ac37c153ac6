package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;

/** spin_unlock() / raw_spin_unlock(): release the locked byte, then preempt_enable(). */
public final class SpinUnlockFrame extends KFrame {
    private final SpinLock lock;

    public SpinUnlockFrame(SpinLock lock) {
        this.lock = lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        cpu.cost(core.costs.atomic());
        core.warnOnce(lock.owner != p, "BUG: spinlock wrong owner on CPU#" + cpu.id + ", " + p.comm + " (" + lock.name + ")");
        p.lockdepDepth--; // lock_release()
        core.trace.lockReleased(core.now(), cpu.id, p, lock);
        lock.unlock();
        p.preemptCount--; // preempt_enable(): a pending reschedule is taken right after
        return DONE;
    }

    @Override
    public String describe() {
        return "spin_unlock(" + lock.name + ")";
    }
}
