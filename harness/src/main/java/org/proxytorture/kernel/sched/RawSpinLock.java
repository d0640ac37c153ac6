package org.proxytorture.kernel.sched;

/**
 * A raw_spinlock_t (rq->__lock, p->pi_lock, mutex->wait_lock). Atomic sections take their locks
 * at their start and hold them for the section's cost; a CPU whose section needs a lock that
 * another CPU's section still holds spins until it is free, and that time shows.
 * Simplification: no lock is held across an interleaving point (the kernel drops them there).
 */
public final class RawSpinLock {
    public final String name;
    long heldUntil = Long.MIN_VALUE;
    int holder = -1;
    /** Sections that found it held by another CPU (lock_stat's contentions). */
    public long contentions;

    public RawSpinLock(String name) {
        this.name = name;
    }

    public boolean isHeldBy(int cpu, long now) {
        return holder == cpu && heldUntil >= now;
    }

    @Override
    public String toString() {
        return name;
    }
}
