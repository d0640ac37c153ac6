package org.proxytorture.torture;

import java.util.function.Supplier;
import java.util.function.ToIntFunction;
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
final class LockInterruptibleRetryFrame<F extends KFrame> extends KFrame {
    private final String name;
    /** One attempt's lock call, and its result once done (0, or -EINTR). */
    private final Supplier<F> attempt;
    private final ToIntFunction<F> result;
    private F pending;

    private LockInterruptibleRetryFrame(String name, Supplier<F> attempt, ToIntFunction<F> result) {
        this.name = name;
        this.attempt = attempt;
        this.result = result;
    }

    static LockInterruptibleRetryFrame<RtMutexLockFrame> rtMutex(RtMutex lock) {
        return new LockInterruptibleRetryFrame<>("rt_mutex_lock_interruptible(" + lock + ")", () -> new RtMutexLockFrame(lock, true), f -> f.result);
    }

    static LockInterruptibleRetryFrame<MutexLockFrame> mutex(Mutex lock) {
        return new LockInterruptibleRetryFrame<>("mutex_lock_interruptible(" + lock + ")", () -> MutexLockFrame.interruptible(lock), f -> f.result);
    }

    @Override
    public int step(Cpu cpu, Task p) {
        cpu.cost(cpu.core().costs.insn());
        if (pending != null && result.applyAsInt(pending) == 0) return DONE;
        if (pending != null) p.sigpending = false; // -EINTR: flush_signals(current)
        pending = attempt.get();
        p.push(pending);
        return CALL;
    }

    @Override
    public String describe() {
        return name;
    }
}
