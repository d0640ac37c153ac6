package org.proxytorture.kernel.locking;

/**
 * A reader/writer lock as the checkers see it: held by one writer alone, or by readers only.
 * Implemented by {@link RwSemaphore}, {@link RwLock} and {@link PercpuRwSemaphore}, whose
 * lock_acquired/lock_release tracepoints the lock checker counts as writer or reader; a
 * {@link Lock}'s {@link Lock#rw()}.
 */
public sealed interface RwLockLike permits RwSemaphore, RwLock, PercpuRwSemaphore {
    /** The writer's state is set in the lock word (RWSEM_WRITER_LOCKED, _QW_LOCKED, sem->block). */
    boolean writeLocked();

    /** The readers the lock word counts. */
    long readers();
}
