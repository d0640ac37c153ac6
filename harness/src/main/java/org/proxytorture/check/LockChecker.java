package org.proxytorture.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.RwLockLike;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;

/**
 * Lock state and mutual exclusion (INV-P4, INV-P6, INV-P7): at most one owner of a lock at a
 * time, and for a reader/writer lock (rw_semaphore, rwlock_t, percpu_rw_semaphore: {@link RwLockLike}) a
 * writer alone or readers only (from lock_acquired/lock_release); at each audit, the owner word agrees with that, a
 * MUTEX_FLAG_PICKUP lock names the waiter it was handed to, a waiter is blocked on that lock (or
 * on nothing / PROXY_WAKING after its wakeup) and never on another, and an owner is not blocked
 * on the lock it owns.
 */
final class LockChecker implements Checker {
    private final Checks checks;
    private final Core core;
    /** The holder per lock, from the tracepoints, in first-seen order. */
    private final Map<Lock, Task> holder = new LinkedHashMap<>();

    LockChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
    }

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public void lockContended(long now, int cpu, Task p, Lock lock) {
        holder.putIfAbsent(lock, null);
    }

    /** Per reader/writer lock: how many readers hold it (its writer is in {@link #holder}). */
    private final Map<Lock, Integer> readers = new LinkedHashMap<>();

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        if (lock.rw() != null) {
            rwAcquired(cpu, p, lock);
            return;
        }
        Task h = holder.get(lock);
        if (h != null && h != p)
            checks.report(this, "mutual-exclusion", p + " acquired " + lock + " held by " + h,
                    List.of(Checks.lockRole("lock", lock)), List.of(cpu), p, h);
        holder.put(lock, p);
    }

    /** Reader/writer exclusion: a writer alone, or readers without a writer (INV-P7). */
    private void rwAcquired(int cpu, Task p, Lock sem) {
        Task w = holder.get(sem);
        int r = readers.getOrDefault(sem, 0);
        RwLockLike rw = sem.rw();
        boolean write = rw.writeLocked() && rw.readers() == 0 && w == null;
        if (write && r > 0)
            checks.report(this, "rw-exclusion", p + " write-acquired " + sem + " held by " + r + " readers",
                    List.of(Checks.lockRole("lock", sem)), List.of(cpu), p);
        else if (w != null)
            checks.report(this, "rw-exclusion", p + " acquired " + sem + " write-held by " + w,
                    List.of(Checks.lockRole("lock", sem)), List.of(cpu), p, w);
        if (write) holder.put(sem, p);
        else readers.put(sem, r + 1);
    }

    @Override
    public void lockReleased(long now, int cpu, Task p, Lock lock) {
        if (lock.rw() != null) {
            if (holder.get(lock) == p) holder.put(lock, null);
            else readers.put(lock, Math.max(0, readers.getOrDefault(lock, 0) - 1));
            return;
        }
        Task h = holder.get(lock);
        if (h != p)
            checks.report(this, "release-not-owner", p + " released " + lock + " held by " + h,
                    List.of(Checks.lockRole("lock", lock)), List.of(cpu), p, h);
        holder.put(lock, null);
    }

    /** Per pid, during an audit: the mutex whose wait list the first pass found it on. */
    private Mutex[] onList = new Mutex[0];

    @Override
    public void audit(long now) {
        if (onList.length < core.tasks.size()) onList = new Mutex[core.tasks.size()];
        else java.util.Arrays.fill(onList, null);
        for (Map.Entry<Lock, Task> e : holder.entrySet()) {
            Mutex m = MutexOf.mutex(e.getKey());
            if (m == null) continue;
            if (m.waitLock.heldAcross()) continue;
            Task owner = m.owner();
            List<Task> waiters = m.waiters();
            boolean pickup = (m.flags() & Mutex.MUTEX_FLAG_PICKUP) != 0;
            if (pickup && (owner == null || !waiters.contains(owner)))
                checks.report(this, "INV-P6", m + " has MUTEX_FLAG_PICKUP but its owner field names " + owner + ", not a waiter",
                        List.of(Checks.lockRole("lock", m)), cpus(owner), owner);
            Task h = e.getValue();
            if (!pickup && owner != h && owner != null && h != null)
                checks.report(this, "owner-word", m + " owner word names " + owner + " but " + h + " acquired it last",
                        List.of(Checks.lockRole("lock", m)), cpus(owner), owner, h);
            if (owner != null && !pickup && owner.blockedOn == m)
                checks.report(this, "INV-P4", owner + " owns " + m + " and is blocked on it",
                        List.of(Checks.lockRole("lock", m), Checks.role("owner", owner)), cpus(owner), owner);
            for (Task w : waiters) {
                if (w.pid < onList.length) onList[w.pid] = m;
                Mutex b = w.blockedOn;
                if (b != null && b != m && b != Mutex.PROXY_WAKING)
                    checks.report(this, "waiter-blocked-on", w + " waits on " + m + " but is blocked on " + b,
                            List.of(Checks.lockRole("lock", m), Checks.lockRole("blocked_on", b)), cpus(w), w);
            }
        }
        for (Task t : core.tasks) {
            if (t == null) continue;
            Mutex b = t.blockedOn;
            if (b == null || b == Mutex.PROXY_WAKING || b.waitLock.heldAcross() || t.blockedLock.heldAcross()) continue;
            if (onList[t.pid] != b && !b.waiters().contains(t)) // the list walked only if the first pass did not see t on it
                checks.report(this, "blocked-on-not-waiter", t + " is blocked on " + b + " but not on its wait list",
                        List.of(Checks.lockRole("lock", b)), cpus(t), t);
        }
    }

    private static List<Integer> cpus(Task t) {
        List<Integer> out = new ArrayList<>();
        if (t != null) out.add(t.cpu);
        return out;
    }
}
