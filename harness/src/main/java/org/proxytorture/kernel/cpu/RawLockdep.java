package org.proxytorture.kernel.cpu;

/**
 * lock_acquire() of a raw spinlock, for a lock validator: called before the CPU tries {@code l},
 * with the raw spinlocks it holds (those of this section, {@code held[0..nheld)}, and those it
 * keeps across sections). Must only read.
 */
public interface RawLockdep {
    void acquire(Cpu cpu, RawSpinLock l, RawSpinLock[] held, int nheld, java.util.List<RawSpinLock> across);
}
