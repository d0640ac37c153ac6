package org.proxytorture.torture;

import org.proxytorture.kernel.program.Program;

/**
 * struct lock_torture_ops: how one torture_type locks, delays and boosts. One small class per
 * type; {@link TortureType} names them and makes one per run.
 */
public interface LockTortureOps {
    String name();

    /** Whether the type implements nested_lock()/nested_unlock() (mutex_lock and rtmutex_lock). */
    boolean hasNestedLock();

    /** Emits nested_lock(tid, lockset): lock nested[i] for each bit i of register {@code reg}, ascending. */
    default void nestedLock(LockTorture t, Program.Builder b, int reg, int n) { }

    /** Emits nested_unlock(tid, lockset): descending. */
    default void nestedUnlock(LockTorture t, Program.Builder b, int reg, int n) { }

    /** Emits writelock() into a writer's program. */
    void writelock(LockTorture t, Program.Builder b);

    /** Emits writeunlock(). */
    void writeunlock(LockTorture t, Program.Builder b);

    /** Emits write_delay(). */
    void writeDelay(LockTorture t, Program.Builder b, int tid);

    /** Emits task_boost(). */
    void taskBoost(LockTorture t, Program.Builder b, int tid);

    /** readlock != NULL: the type has reader kthreads. */
    default boolean hasReadLock() {
        return false;
    }

    /** Emits readlock(). */
    default void readlock(LockTorture t, Program.Builder b) {
        throw new UnsupportedOperationException(name() + " has no readlock");
    }

    /** Emits readunlock(). */
    default void readunlock(LockTorture t, Program.Builder b) {
        throw new UnsupportedOperationException(name() + " has no readunlock");
    }

    /** Emits read_delay(). */
    default void readDelay(LockTorture t, Program.Builder b, int tid) {
        throw new UnsupportedOperationException(name() + " has no read_delay");
    }

}
