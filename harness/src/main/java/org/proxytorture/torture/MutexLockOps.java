package org.proxytorture.torture;

import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Insn;
import org.proxytorture.kernel.program.Program;

/** locktorture's mutex_lock ops: torture_mutex_lock/unlock, torture_mutex_delay, torture_rt_boost. */
final class MutexLockOps implements LockTortureOps {
    @Override
    public String name() {
        return "mutex_lock";
    }

    @Override
    public boolean hasNestedLock() {
        return true;
    }

    /** torture_mutex_nested_lock(): mutex_lock(&torture_nested_mutexes[i]) for each bit, ascending. */
    @Override
    public void nestedLock(LockTorture t, Program.Builder b, int reg, int n) {
        Mutex[] nested = nested(t, n);
        for (int i = 0; i < n; i++) b.add(new Insn.LockIfBit(reg, i, nested[i]));
    }

    /** torture_mutex_nested_unlock(): descending. */
    @Override
    public void nestedUnlock(LockTorture t, Program.Builder b, int reg, int n) {
        Mutex[] nested = nested(t, n);
        for (int i = n - 1; i >= 0; i--) b.add(new Insn.UnlockIfBit(reg, i, nested[i]));
    }

    private Mutex[] nested;

    /** torture_mutex_init(): the nested mutexes, each of its own lock class. */
    private Mutex[] nested(LockTorture t, int n) {
        if (nested == null) {
            nested = new Mutex[n];
            for (int i = 0; i < n; i++) nested[i] = new Mutex(t.core(), "torture_nested_mutexes[" + i + "]", new LockClass("nested_mutex_key#" + i));
        }
        return nested;
    }

    /** mutex_lock(), or with proxytorture.signal_interval mutex_lock_interruptible() until it succeeds. */
    @Override
    public void writelock(LockTorture t, Program.Builder b) {
        Mutex m = t.mainLock();
        if (t.params().signalInterval > 0) b.call(Action.hook("mutex_lock_interruptible", true, (cpu, p, r) -> LockInterruptibleRetryFrame.mutex(m)));
        else b.lock(m);
    }

    @Override
    public void writeunlock(LockTorture t, Program.Builder b) {
        b.unlock(t.mainLock());
    }

    /**
     * torture_mutex_delay(): with probability 1/(nwriters*2000*long_hold) mdelay(long_hold*5);
     * with probability 1/(nwriters*20000) torture_preempt_schedule().
     */
    @Override
    public void writeDelay(LockTorture t, Program.Builder b, int tid) {
        int longHold = t.params().longHold;
        if (longHold > 0) b.call(t.longDelay((long) t.nWriters() * 2000 * longHold, longHold * 5L));
        b.call(t.preemptScheduleOneIn((long) t.nWriters() * 20000));
    }

    /** torture_rt_boost(): only with rt_boost == 2. */
    @Override
    public void taskBoost(LockTorture t, Program.Builder b, int tid) {
        if (t.params().rtBoost == 2) b.call(t.rtBoost());
    }
}
