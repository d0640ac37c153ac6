package org.proxytorture.kernel.cpu;

/**
 * A raw_spinlock_t (rq->__lock, p->pi_lock, mutex->wait_lock). Atomic sections take their locks
 * at their start and hold them for the section's cost; a CPU whose section needs a lock that
 * another CPU's section still holds spins until it is free, and that time shows.
 * A lock can also be held across sections ({@link Cpu#holdAcross}), as __schedule() holds the rq lock
 * over find_proxy_task()'s chain walk; CPUs waiting for it then spin until it is released.
 */
public final class RawSpinLock {
    public final String name;
    long heldUntil = Long.MIN_VALUE;
    int holder = -1;
    /** The CPU that released it last and its release point in the memory model (what the next holder sees). */
    int releasedBy = -1;
    long releasePoint;
    /** Sections that found it held by another CPU (lock_stat's contentions). */
    public long contentions;
    /** CPUs spinning on it while it is held across sections (released at an unknown time). */
    final SpinWaiters waiters = new SpinWaiters();

    /** Held across sections by a CPU (find_proxy_task() keeps the rq lock over its chain walk). */
    public boolean heldAcross() {
        return heldUntil == Long.MAX_VALUE;
    }

    /** lockdep's class of this lock (its lock_class_key: one per init site), e.g. "&p->pi_lock". */
    public final String lockClass;
    /** The lock validator's number for {@link #lockClass}, -1 until it first sees the lock. */
    public int lockdepId = -1;

    public RawSpinLock(String name) {
        this(name, lockClassOf(name));
    }

    public RawSpinLock(String name, String lockClass) {
        this.name = name;
        this.lockClass = lockClass;
    }

    /** The lockdep name of the init site, by the prefix of a lock's name. */
    private static String lockClassOf(String name) {
        return switch (name.substring(0, Math.max(0, name.indexOf(':')))) {
            case "pi_lock" -> "&p->pi_lock";
            case "blocked_lock" -> "&p->blocked_lock";
            case "rq" -> "&rq->__lock";
            case "waiters.lock" -> "&sem->waiters.lock";
            case "rss_lock" -> "&rsp->rss_lock";
            default -> name;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
