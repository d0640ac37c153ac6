package org.proxytorture.torture;

import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RtMutexLockFrame;
import org.proxytorture.kernel.locking.RtMutexUnlockFrame;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;

/**
 * locktorture's rtmutex_lock ops: torture_rtmutex_lock/unlock on torture_rtmutex,
 * torture_rtmutex_nested_lock/unlock on torture_nested_rtmutexes[], torture_rtmutex_delay,
 * torture_rt_boost_rtmutex.
 */
final class RtMutexLockOps implements LockTortureOps {
    private RtMutex main;
    private RtMutex[] nested;

    @Override
    public String name() {
        return "rtmutex_lock";
    }

    @Override
    public boolean hasNestedLock() {
        return true;
    }

    /** torture_rtmutex_init(), on first use. */
    private RtMutex main(LockTorture t) {
        if (main == null) main = new RtMutex(t.core(), "torture_rtmutex");
        return main;
    }

    private RtMutex[] nested(LockTorture t, int n) {
        if (nested == null) {
            nested = new RtMutex[n];
            for (int i = 0; i < n; i++) nested[i] = new RtMutex(t.core(), "torture_nested_rtmutexes[" + i + "]");
        }
        return nested;
    }

    /** The lock the writers torture (for tests). */
    RtMutex lock(LockTorture t) {
        return main(t);
    }

    /** rt_mutex_lock(), or with proxytorture.signal_interval rt_mutex_lock_interruptible() until it succeeds. */
    private static org.proxytorture.kernel.cpu.KFrame lockFrame(LockTorture t, RtMutex m) {
        return t.params().signalInterval > 0 ? LockInterruptibleRetryFrame.rtMutex(m) : new RtMutexLockFrame(m);
    }

    private static Action lock(LockTorture t, RtMutex m) {
        return Action.hook("rt_mutex_lock", true, (cpu, p, r) -> lockFrame(t, m));
    }

    private static Action unlock(RtMutex m) {
        return Action.hook("rt_mutex_unlock", true, (cpu, p, r) -> new RtMutexUnlockFrame(m));
    }

    /** torture_rtmutex_nested_lock(): rt_mutex_lock(&torture_nested_rtmutexes[i]) for each bit, ascending. */
    @Override
    public void nestedLock(LockTorture t, Program.Builder b, int reg, int n) {
        RtMutex[] m = nested(t, n);
        for (int i = 0; i < n; i++) {
            int bit = i;
            RtMutex x = m[i];
            b.call(Action.hook("rt_mutex_lock", true, (cpu, p, r) -> (r[reg] & (1 << bit)) != 0 ? lockFrame(t, x) : null));
        }
    }

    /** torture_rtmutex_nested_unlock(): descending. */
    @Override
    public void nestedUnlock(LockTorture t, Program.Builder b, int reg, int n) {
        RtMutex[] m = nested(t, n);
        for (int i = n - 1; i >= 0; i--) {
            int bit = i;
            RtMutex x = m[i];
            b.call(Action.hook("rt_mutex_unlock", true, (cpu, p, r) -> (r[reg] & (1 << bit)) != 0 ? new RtMutexUnlockFrame(x) : null));
        }
    }

    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        b.call(lock(t, main(t)));
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        b.call(unlock(main(t)));
    }

    /**
     * torture_rtmutex_delay(): with probability 1/(nwriters*2000*long_hold) mdelay(long_hold);
     * with 1/(nwriters*200*2) udelay(2); with 1/(nwriters*20000) torture_preempt_schedule().
     */
    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        int longHold = t.params().longHold;
        if (longHold > 0) b.call(t.longDelay((long) t.nWriters() * 2000 * longHold, longHold));
        b.call(t.shortDelay((long) t.nWriters() * 200 * 2, 2_000));
        b.call(t.preemptScheduleOneIn((long) t.nWriters() * 20000));
    }

    /** torture_rt_boost_rtmutex(): whenever rt_boost != 0. */
    @Override
    public void taskBoost(LockTorture t, Program.Builder b, int tid) {
        if (t.params().rtBoost != 0) b.call(t.rtBoost());
    }
}
