package org.proxytorture.torture;

import org.proxytorture.kernel.program.Program;

/**
 * struct lock_torture_ops: how one torture_type locks, delays and boosts. One small class per
 * type; {@link #forType} picks by name.
 */
public interface LockTortureOps {
    String name();

    /** Whether the type implements nested_lock()/nested_unlock() (mutex_lock and rtmutex_lock). */
    boolean hasNestedLock();

    /** Emits writelock() into a writer's program. */
    void writelock(LockTorture t, Program.Builder b);

    /** Emits writeunlock(). */
    void writeunlock(LockTorture t, Program.Builder b);

    /** Emits write_delay(). */
    void writeDelay(LockTorture t, Program.Builder b, int tid);

    /** Emits task_boost(). */
    void taskBoost(LockTorture t, Program.Builder b, int tid);

    static LockTortureOps forType(String type) {
        return switch (type) {
            case "mutex_lock" -> new MutexLockOps();
            case "lock_busted" -> new LockBustedOps();
            case "ww_mutex_lock" -> new WwMutexLockOps();
            default -> throw new BadInputException("locktorture.torture_type=" + type + " is not modelled yet (accepted: "
                    + String.join(" ", TortureParams.IMPLEMENTED_TYPES) + ")");
        };
    }
}
