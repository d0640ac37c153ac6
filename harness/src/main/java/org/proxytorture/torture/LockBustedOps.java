package org.proxytorture.torture;

import org.proxytorture.kernel.program.Program;

/** locktorture's lock_busted: writelock does nothing, so the write-held check must fire. */
final class LockBustedOps implements LockTortureOps {
    @Override
    public String name() {
        return "lock_busted";
    }

    @Override
    public boolean hasNestedLock() {
        return false;
    }

    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        // torture_lock_busted_write_lock(): BUGGY, do not use in real life!!!
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        // torture_lock_busted_write_unlock(): BUGGY, do not use in real life!!!
    }

    /** torture_lock_busted_write_delay(): occasional mdelay(100), occasional preemption. */
    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        b.call(t.longDelay((long) t.nWriters() * 2000 * 100, 100));
        b.call(t.preemptScheduleOneIn((long) t.nWriters() * 20000));
    }

    @Override
    public void taskBoost(LockTorture t, Program.Builder b, int tid) {
        // torture_boost_dummy()
    }
}
