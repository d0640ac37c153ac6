package org.proxytorture.torture;

import org.proxytorture.config.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * locktorture's torture_ops[] (locktorture.torture_type), in the kernel's order, each with the
 * ops the model has for it, or none yet. Adding a lock type is a LockTortureOps class and its
 * factory here.
 */
public enum TortureType {
    LOCK_BUSTED("lock_busted", LockBustedOps::new),
    SPIN_LOCK("spin_lock", () -> new SpinLockOps("spin_lock", "torture_spinlock")),
    SPIN_LOCK_IRQ("spin_lock_irq", null),
    RAW_SPIN_LOCK("raw_spin_lock", () -> new SpinLockOps("raw_spin_lock", "torture_raw_spinlock")),
    RAW_SPIN_LOCK_IRQ("raw_spin_lock_irq", null),
    RW_LOCK("rw_lock", RwLockOps::new),
    RW_LOCK_IRQ("rw_lock_irq", null),
    MUTEX_LOCK("mutex_lock", MutexLockOps::new),
    WW_MUTEX_LOCK("ww_mutex_lock", WwMutexLockOps::new),
    RTMUTEX_LOCK("rtmutex_lock", RtMutexLockOps::new),
    RWSEM_LOCK("rwsem_lock", RwSemLockOps::new),
    PERCPU_RWSEM_LOCK("percpu_rwsem_lock", PercpuRwSemLockOps::new);

    /** The locktorture.torture_type value (torture_ops' name). */
    public final String param;
    private final Supplier<LockTortureOps> ops;

    TortureType(String param, Supplier<LockTortureOps> ops) {
        this.param = param;
        this.ops = ops;
    }

    /** Whether the model has this type's ops. */
    public boolean modelled() {
        return ops != null;
    }

    /** A fresh cur_ops for one run; bad input for a type not modelled yet. */
    public LockTortureOps ops() {
        if (ops == null) throw new BadInputException("locktorture.torture_type=" + param + " is not modelled yet (accepted: " + String.join(" ", modelledParams()) + ")");
        return ops.get();
    }

    /** By name, or null if locktorture has no such type. */
    public static TortureType byParam(String param) {
        for (TortureType t : values()) if (t.param.equals(param)) return t;
        return null;
    }

    /** Every name, in the kernel's order. */
    public static List<String> params() {
        return Arrays.stream(values()).map(t -> t.param).toList();
    }

    /** Whether the write lock sleeps (a task may schedule while holding it). */
    public boolean writeLockSleeps() {
        return this == MUTEX_LOCK || this == WW_MUTEX_LOCK || this == RTMUTEX_LOCK || this == RWSEM_LOCK || this == PERCPU_RWSEM_LOCK;
    }

    /** The names of the modelled types whose write lock sleeps. */
    public static List<String> sleepingParams() {
        return Arrays.stream(values()).filter(t -> t.modelled() && t.writeLockSleeps()).map(t -> t.param).toList();
    }

    /** The names the model has ops for. */
    public static List<String> modelledParams() {
        return Arrays.stream(values()).filter(TortureType::modelled).map(t -> t.param).toList();
    }

    @Override
    public String toString() {
        return param;
    }
}
