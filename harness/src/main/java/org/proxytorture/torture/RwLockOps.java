package org.proxytorture.torture;

import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.locking.RwLockReadFrame;
import org.proxytorture.kernel.locking.RwLockWriteFrame;
import org.proxytorture.kernel.locking.RwUnlockFrame;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;

/**
 * locktorture's rw_lock ops: torture_rwlock_write_lock/unlock and read_lock/unlock on
 * torture_rwlock (DEFINE_RWLOCK), torture_rwlock_write_delay / read_delay, torture_rt_boost.
 * The model is !PREEMPT_RT: rwlock_t is a queued rwlock that spins with preemption disabled
 * (under PREEMPT_RT it would be a sleeping rwbase_rt lock).
 */
final class RwLockOps implements LockTortureOps {
    private RwLock lock;

    @Override
    public String name() {
        return "rw_lock";
    }

    @Override
    public boolean hasNestedLock() {
        return false;
    }

    /** DEFINE_RWLOCK(torture_rwlock) */
    RwLock lock() {
        if (lock == null) lock = new RwLock("torture_rwlock");
        return lock;
    }

    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        RwLock l = lock();
        b.call(Action.hook("write_lock", true, (cpu, p, r) -> new RwLockWriteFrame(l)));
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        RwLock l = lock();
        b.call(Action.hook("write_unlock", true, (cpu, p, r) -> new RwUnlockFrame(l, true)));
    }

    /** torture_rwlock_write_delay(): with probability 1/(nwriters*2000*long_hold) mdelay(long_hold), else udelay(2). */
    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        int longHold = t.params().longHold;
        b.call(t.longElseShortDelay(longHold > 0 ? (long) t.nWriters() * 2000 * longHold : 0, longHold * 1_000_000L, 2_000));
    }

    /** torture_rt_boost(): only with rt_boost == 2. */
    @Override
    public void taskBoost(LockTorture t, Program.Builder b, int tid) {
        if (t.params().rtBoost == 2) b.call(t.rtBoost());
    }

    @Override
    public boolean hasReadLock() {
        return true;
    }

    @Override
    public void readlock(LockTorture t, Program.Builder b) {
        RwLock l = lock();
        b.call(Action.hook("read_lock", true, (cpu, p, r) -> new RwLockReadFrame(l)));
    }

    @Override
    public void readunlock(LockTorture t, Program.Builder b) {
        RwLock l = lock();
        b.call(Action.hook("read_unlock", true, (cpu, p, r) -> new RwUnlockFrame(l, false)));
    }

    /** torture_rwlock_read_delay(): with probability 1/(nreaders*2000*long_hold) mdelay(long_hold), else udelay(10). */
    @Override
    public void readDelay(LockTorture t, Program.Builder b, int tid) {
        int longHold = t.params().longHold;
        b.call(t.longElseShortDelay(longHold > 0 ? (long) t.nReaders() * 2000 * longHold : 0, longHold * 1_000_000L, 10_000));
    }
}
