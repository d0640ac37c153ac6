package org.proxytorture.torture;

import java.util.function.Supplier;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.MutexLockFrame;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RtMutexLockFrame;
import org.proxytorture.kernel.sched.Task;

/**
 * proxytorture.signal_interval: a writer's rt_mutex_lock_interruptible() or
 * mutex_lock_interruptible(), repeated until it succeeds; after -EINTR the writer
 * flush_signals() (a kthread that allow_signal()ed) and tries again, so it still holds the lock
 * when this returns, as locktorture's writer expects.
 */
final class LockInterruptibleRetryFrame extends KFrame {
    /** One attempt: the lock call's frame, and its result once done (0, or -EINTR). */
    private interface Attempt {
        KFrame frame();

        int result();
    }

    private final String name;
    private final Supplier<Attempt> start;
    private Attempt pending;

    private LockInterruptibleRetryFrame(String name, Supplier<Attempt> start) {
        this.name = name;
        this.start = start;
    }

    static LockInterruptibleRetryFrame rtMutex(RtMutex lock) {
        return new LockInterruptibleRetryFrame("rt_mutex_lock_interruptible(" + lock + ")", () -> {
            RtMutexLockFrame f = new RtMutexLockFrame(lock, true);
            return new Attempt() {
                public KFrame frame() { return f; }
                public int result() { return f.result; }
            };
        });
    }

    static LockInterruptibleRetryFrame mutex(Mutex lock) {
        return new LockInterruptibleRetryFrame("mutex_lock_interruptible(" + lock + ")", () -> {
            MutexLockFrame f = MutexLockFrame.interruptible(lock);
            return new Attempt() {
                public KFrame frame() { return f; }
                public int result() { return f.result; }
            };
        });
    }

    @Override
    public int step(Cpu cpu, Task p) {
        cpu.cost(cpu.core().costs.insn());
        if (pending != null && pending.result() == 0) return DONE;
        if (pending != null) p.sigpending = false; // -EINTR: flush_signals(current)
        pending = start.get();
        p.push(pending.frame());
        return CALL;
    }

    @Override
    public String describe() {
        return name;
    }
}
