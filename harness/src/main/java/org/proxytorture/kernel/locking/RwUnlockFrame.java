package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;

/**
 * read_unlock() / write_unlock(): queued_read_unlock() (cnts -= _QR_BIAS) or
 * queued_write_unlock() (the locked byte to 0), then preempt_enable(). Spinners on cnts see it.
 */
public final class RwUnlockFrame extends KFrame {
    private final RwLock lock;
    private final boolean write;

    public RwUnlockFrame(RwLock lock, boolean write) {
        this.lock = lock;
        this.write = write;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        cpu.cost(core.costs.atomic());
        p.lockdepDepth--; // lock_release()
        core.trace.lockReleased(core.now(), cpu.id, p, lock);
        if (write) {
            core.warnOnce(lock.owner != p, "BUG: rwlock wrong owner on CPU#" + cpu.id + ", " + p.comm + " (" + lock.name + ")");
            lock.owner = null; // debug_write_unlock()
            lock.setCnts(lock.cnts & ~RwLock._QW_LOCKED); // smp_store_release(&lock->wlocked, 0)
        } else {
            core.warnOnce(lock.readers() == 0, "rwlock: read_unlock of " + lock.name + " without a reader (cnts underflow) on CPU#" + cpu.id);
            lock.setCnts(lock.cnts - RwLock._QR_BIAS); // atomic_sub_return_release()
        }
        p.preemptCount--; // preempt_enable(): a pending reschedule is taken right after
        return DONE;
    }

    @Override
    public String describe() {
        return (write ? "write_unlock(" : "read_unlock(") + lock.name + ")"; // coverage: not model (describe() text)
    }
}
