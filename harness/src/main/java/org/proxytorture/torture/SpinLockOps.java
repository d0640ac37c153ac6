package org.proxytorture.torture;

import org.proxytorture.kernel.locking.SpinLock;
import org.proxytorture.kernel.locking.SpinLockFrame;
import org.proxytorture.kernel.locking.SpinUnlockFrame;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;

/**
 * locktorture's spin_lock and raw_spin_lock ops: torture_spin_lock_write_lock/unlock (or the raw_
 * ones) on torture_spinlock / torture_raw_spinlock, torture_spin_lock_write_delay,
 * torture_rt_boost. The model is !PREEMPT_RT: spin_lock() spins with preemption disabled (under
 * PREEMPT_RT it would be a sleeping rt lock).
 */
final class SpinLockOps implements LockTortureOps {
    private final String name;
    private final String lockName;
    private SpinLock lock;

    SpinLockOps(String name, String lockName) {
        this.name = name;
        this.lockName = lockName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasNestedLock() {
        return false;
    }

    SpinLock lock() {
        if (lock == null) lock = new SpinLock(lockName);
        return lock;
    }

    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        SpinLock l = lock();
        b.call(Action.hook("spin_lock", true, (cpu, p, r) -> new SpinLockFrame(l)));
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        SpinLock l = lock();
        b.call(Action.hook("spin_unlock", true, (cpu, p, r) -> new SpinUnlockFrame(l)));
    }

    /**
     * torture_spin_lock_write_delay(): with probability 1/(nwriters*2000*long_hold)
     * mdelay(long_hold) and pr_alert("%s: delay = %lu jiffies."); with 1/(nwriters*200*2)
     * udelay(2); with 1/(nwriters*20000) torture_preempt_schedule() (a no-op with the lock held).
     */
    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        int longHold = t.params().longHold;
        if (longHold > 0) b.call(t.longDelayPrinted((long) t.nWriters() * 2000 * longHold, longHold, "torture_spin_lock_write_delay"));
        b.call(t.shortDelay((long) t.nWriters() * 200 * 2, 2_000));
        b.call(t.preemptScheduleOneIn((long) t.nWriters() * 20000));
    }

    /** torture_rt_boost(): only with rt_boost == 2. */
    @Override
    public void taskBoost(LockTorture t, Program.Builder b, int tid) {
        if (t.params().rtBoost == 2) b.call(t.rtBoost());
    }
}
