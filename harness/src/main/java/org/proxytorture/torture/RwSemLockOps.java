package org.proxytorture.torture;

import org.proxytorture.kernel.locking.RwSemDownReadFrame;
import org.proxytorture.kernel.locking.RwSemDownWriteFrame;
import org.proxytorture.kernel.locking.RwSemUpFrame;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;

/**
 * locktorture's rwsem_lock ops: torture_rwsem_down_write/up_write and down_read/up_read on
 * torture_rwsem, torture_rwsem_write_delay / read_delay, torture_rt_boost.
 */
class RwSemLockOps implements LockTortureOps {
    private RwSemaphore sem;

    @Override
    public String name() {
        return "rwsem_lock";
    }

    @Override
    public boolean hasNestedLock() {
        return false;
    }

    /** DECLARE_RWSEM(torture_rwsem) */
    RwSemaphore sem(LockTorture t) {
        if (sem == null) sem = new RwSemaphore(t.core(), "torture_rwsem");
        return sem;
    }

    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        RwSemaphore s = sem(t);
        b.call(Action.hook("down_write", true, (cpu, p, r) -> new RwSemDownWriteFrame(s)));
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        RwSemaphore s = sem(t);
        b.call(Action.hook("up_write", true, (cpu, p, r) -> new RwSemUpFrame(s, true)));
    }

    /** torture_rwsem_write_delay(): 1/(nwriters*2000*long_hold) mdelay(long_hold*10); 1/(nwriters*20000) preemption. */
    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        int longHold = t.params().longHold;
        if (longHold > 0) b.call(t.longDelay((long) t.nWriters() * 2000 * longHold, longHold * 10L));
        b.call(t.preemptScheduleOneIn((long) t.nWriters() * 20000));
    }

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
        RwSemaphore s = sem(t);
        b.call(Action.hook("down_read", true, (cpu, p, r) -> new RwSemDownReadFrame(s)));
    }

    @Override
    public void readunlock(LockTorture t, Program.Builder b) {
        RwSemaphore s = sem(t);
        b.call(Action.hook("up_read", true, (cpu, p, r) -> new RwSemUpFrame(s, false)));
    }

    /**
     * torture_rwsem_read_delay(): 1/(nreaders*2000*long_hold) mdelay(long_hold*2), else
     * mdelay(long_hold/2); 1/(nreaders*20000) preemption.
     */
    @Override
    public void readDelay(LockTorture t, Program.Builder b, int tid) {
        int longHold = t.params().longHold;
        long oneIn = (long) t.nReaders() * 2000 * longHold;
        b.call(t.readDelay(longHold > 0 ? oneIn : 0, longHold * 2L, longHold / 2));
        b.call(t.preemptScheduleOneIn((long) t.nReaders() * 20000));
    }
}
