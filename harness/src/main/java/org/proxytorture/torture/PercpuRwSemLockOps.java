package org.proxytorture.torture;

import org.proxytorture.kernel.locking.PercpuDownReadFrame;
import org.proxytorture.kernel.locking.PercpuDownWriteFrame;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.PercpuUpReadFrame;
import org.proxytorture.kernel.locking.PercpuUpWriteFrame;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;

/**
 * locktorture's percpu_rwsem_lock ops: torture_percpu_rwsem_init() (percpu_init_rwsem(&amp;pcpu_rwsem)),
 * torture_percpu_rwsem_down_write/up_write and down_read/up_read, with rwsem_lock's delays
 * (torture_rwsem_write_delay, torture_rwsem_read_delay) and torture_rt_boost.
 */
final class PercpuRwSemLockOps implements LockTortureOps {
    private PercpuRwSemaphore sem;
    /** The delays are rwsem_lock's. */
    private final RwSemLockOps rwsem = new RwSemLockOps();

    @Override
    public String name() {
        return "percpu_rwsem_lock";
    }

    @Override
    public boolean hasNestedLock() {
        return false;
    }

    /** torture_percpu_rwsem_init(): percpu_init_rwsem(&amp;pcpu_rwsem) */
    PercpuRwSemaphore sem(LockTorture t) {
        if (sem == null) sem = new PercpuRwSemaphore(t.core(), "pcpu_rwsem");
        return sem;
    }

    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        PercpuRwSemaphore s = sem(t);
        b.call(Action.hook("percpu_down_write", true, (cpu, p, r) -> new PercpuDownWriteFrame(s)));
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        PercpuRwSemaphore s = sem(t);
        b.call(Action.hook("percpu_up_write", true, (cpu, p, r) -> new PercpuUpWriteFrame(s)));
    }

    /** torture_rwsem_write_delay() */
    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        rwsem.writeDelay(t, b, tid);
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
        PercpuRwSemaphore s = sem(t);
        b.call(Action.hook("percpu_down_read", true, (cpu, p, r) -> new PercpuDownReadFrame(s)));
    }

    @Override
    public void readunlock(LockTorture t, Program.Builder b) {
        PercpuRwSemaphore s = sem(t);
        b.call(Action.hook("percpu_up_read", true, (cpu, p, r) -> new PercpuUpReadFrame(s)));
    }

    /** torture_rwsem_read_delay() */
    @Override
    public void readDelay(LockTorture t, Program.Builder b, int tid) {
        rwsem.readDelay(t, b, tid);
    }
}
