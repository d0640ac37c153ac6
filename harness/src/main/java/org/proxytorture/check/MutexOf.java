package org.proxytorture.check;

import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.locking.SpinLock;

/**
 * The struct mutex (or ww_mutex) behind a lock, for the checks of state only a mutex has:
 * blocked_on and proxy execution, MUTEX_FLAG_PICKUP, the first waiter's handoff. Null for the
 * other kinds, each saying why it has none of it.
 */
final class MutexOf implements Lock.Visitor<Mutex> {
    private static final MutexOf INSTANCE = new MutexOf();

    private MutexOf() { }

    /** {@code lock} if it is a mutex, else null. */
    static Mutex mutex(Lock lock) {
        return lock.accept(INSTANCE);
    }

    @Override
    public Mutex mutex(Mutex m) {
        return m;
    }

    /** Its waiters are on pi_blocked_on, not blocked_on: not proxy-executed, no handoff. */
    @Override
    public Mutex rtMutex(RtMutex m) {
        return null;
    }

    /** No blocked_on, and rwsem_mark_wake() grants readers their locks instead of a handoff. */
    @Override
    public Mutex rwSemaphore(RwSemaphore s) {
        return null;
    }

    /** No blocked_on: waiters sleep on a wait queue. */
    @Override
    public Mutex percpuRwSemaphore(PercpuRwSemaphore s) {
        return null;
    }

    /** Its waiters spin. */
    @Override
    public Mutex spinLock(SpinLock l) {
        return null;
    }

    /** Its waiters spin. */
    @Override
    public Mutex rwLock(RwLock l) {
        return null;
    }
}
