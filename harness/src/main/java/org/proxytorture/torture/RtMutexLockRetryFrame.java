package org.proxytorture.torture;

import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RtMutexLockFrame;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;

/**
 * proxytorture.signal_interval: a writer's rt_mutex_lock_interruptible(), repeated until it
 * succeeds; after -EINTR the writer flush_signals() (a kthread that allow_signal()ed) and tries
 * again, so it still holds the lock when this returns, as locktorture's writer expects.
 */
final class RtMutexLockRetryFrame extends KFrame {
    private final RtMutex lock;
    private RtMutexLockFrame pending;

    RtMutexLockRetryFrame(RtMutex lock) {
        this.lock = lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        cpu.cost(cpu.core().costs.insn());
        if (pending != null && pending.result == 0) return DONE;
        if (pending != null) p.sigpending = false; // -EINTR: flush_signals(current)
        pending = new RtMutexLockFrame(lock, true);
        p.push(pending);
        return CALL;
    }

    @Override
    public String describe() {
        return "rt_mutex_lock_interruptible(" + lock + ")";
    }
}
