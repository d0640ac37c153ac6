package org.proxytorture.kernel.locking;

/**
 * A lock that kernel code takes as a lock of its own, as the lock tracepoints (lock:lock_acquire,
 * contention_begin, lock_acquired, lock_release) pass it: the closed family of the lock kinds the
 * model has. Checkers and tracers read a lock through this view: what every lock has (its lockdep
 * class, lock_stat's acquisitions, whether its waiters sleep or spin, its reader/writer state),
 * and for per-kind state (wait lists, owner words, flags) {@link #accept} with a {@link Visitor},
 * which has one method per kind, so that adding a kind is a compile error wherever a checker must
 * say what to do with it. The views expose kernel state, not verdicts.
 *
 * <p>The {@link org.proxytorture.kernel.cpu.RawSpinLock}s of atomic sections are not in the
 * family: they never reach the lock tracepoints (lockdep sees them through
 * {@link org.proxytorture.kernel.cpu.RawLockdep}).
 */
public sealed interface Lock permits Mutex, RtMutex, RwSemaphore, PercpuRwSemaphore, SpinLock, RwLock {
    /**
     * lockdep's class of this lock (struct lock_class_key): a mutex's {@link LockClass}, for the
     * other kinds the lock's name (each is a class of its own).
     */
    String lockClassName();

    /** lock_stat's acquisitions. */
    long acquisitions();

    /** Whether a waiter sleeps (mutex, rt_mutex, rw_semaphore, percpu_rw_semaphore) rather than spins (spinlock_t, rwlock_t override this). */
    default boolean sleeps() {
        return true;
    }

    /** This lock as a reader/writer lock (a writer alone, or readers only), or null if it has one holder. */
    default RwLockLike rw() {
        return null;
    }

    /** Calls the visitor's method for this lock's kind. */
    <R> R accept(Visitor<R> v);

    /** One method per lock kind. */
    interface Visitor<R> {
        /** struct mutex, and a ww_mutex's base ({@link Mutex#wwCtx} set while a transaction holds it). */
        R mutex(Mutex m);

        R rtMutex(RtMutex m);

        R rwSemaphore(RwSemaphore s);

        R percpuRwSemaphore(PercpuRwSemaphore s);

        R spinLock(SpinLock l);

        R rwLock(RwLock l);
    }
}
