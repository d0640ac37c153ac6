package org.proxytorture.torture;

import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.WwAcquireCtx;
import org.proxytorture.kernel.program.Program;

/**
 * locktorture's ww_mutex_lock: three ww_mutexes of one wait-die class; each writer takes all
 * three under its own ww_acquire_ctx with -EDEADLK backoff; delays and boosts as for mutex_lock.
 */
final class WwMutexLockOps implements LockTortureOps {
    private Mutex[] locks;
    private WwAcquireCtx.WwClass wwClass;

    @Override
    public String name() {
        return "ww_mutex_lock";
    }

    @Override
    public boolean hasNestedLock() {
        return false;
    }

    private Mutex[] locks(LockTorture t) {
        if (locks == null) {
            wwClass = new WwAcquireCtx.WwClass("torture_ww_class");
            locks = new Mutex[3];
            for (int k = 0; k < 3; k++) locks[k] = new Mutex(t.core(), "torture_ww_mutex_" + k, new LockClass("torture_ww_class"));
        }
        return locks;
    }

    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        Mutex[] m = locks(t);
        WwAcquireCtx[] ctx = new WwAcquireCtx[1];
        b.call((cpu, p, r) -> {
            if (ctx[0] == null) ctx[0] = new WwAcquireCtx(p, wwClass);
            return new WwTortureLockFrame(m, ctx[0], t.params().wwReorder ? p.pid : 0);
        });
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        Mutex[] m = locks(t);
        for (Mutex x : m) b.unlock(x); // ww_mutex_unlock() x3, then ww_acquire_fini()
    }

    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        new MutexLockOps().writeDelay(t, b, tid);
    }

    @Override
    public void taskBoost(LockTorture t, Program.Builder b, int tid) {
        new MutexLockOps().taskBoost(t, b, tid);
    }
}
