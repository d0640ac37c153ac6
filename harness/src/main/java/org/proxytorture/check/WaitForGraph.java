package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.locking.SpinLock;
import org.proxytorture.kernel.sched.Task;

/**
 * The wait-for graph at one instant: a task waiting for a sleeping lock points at each task it
 * waits for, through that lock:
 * <ul>
 * <li>mutex (and ww_mutex): a waiter (blocked_on) -> the owner; a waiter the lock was handed to
 * (MUTEX_FLAG_PICKUP) waits for nobody;</li>
 * <li>rt_mutex: a waiter (pi_blocked_on, on lock->waiters) -> rt_mutex_owner(); a free lock whose
 * top waiter was woken gives no edge;</li>
 * <li>rw_semaphore: a queued writer -> the writer holding it, or each reader holding it; a queued
 * reader -> the writer holding it (a reader queued behind a writer while readers hold the lock
 * gets no edge); a reader rwsem_mark_wake() granted has left the queue and waits for nobody;</li>
 * <li>percpu_rw_semaphore: a task on sem->waiters -> the writer holding sem->block (the one that
 * acquired it, or the one draining readers in rcuwait); the draining writer -> each reader.</li>
 * </ul>
 * Readers are the ones lockdep's held-lock view knows ({@link RwHolders}). A missing edge can only
 * hide a cycle, never make one up.
 */
final class WaitForGraph {
    /** How the waited-for task holds the lock, as the deadlock report says it. */
    enum Held {
        /** The owner of a mutex or rt_mutex. */
        OWNER("owned by", false),
        /** The owner of a ww_mutex held in a transaction: die/wound should break a cycle through it. */
        WW_OWNER("owned by", false),
        RWSEM_WRITER("write-held by", false),
        RWSEM_READER("read-held by", false),
        /**
         * A percpu_rw_semaphore's writer (sem->block, or draining readers in rcuwait) or reader: a
         * sleeping writer in rcuwait waits for a wakeup (the readers' prod), not for a hold to end.
         */
        PERCPU_WRITER("write-held by", true),
        PERCPU_READER("read-held by", true);

        final String text;
        /** Asleep, the holder may wait for a wakeup rather than hold the lock through one long hold. */
        final boolean sleeperMayWaitForWakeup;

        Held(String text, boolean sleeperMayWaitForWakeup) {
            this.text = text;
            this.sleeperMayWaitForWakeup = sleeperMayWaitForWakeup;
        }
    }

    /** t waits for {@code to} through {@code lock}, which {@code to} holds as {@code held} says. */
    record Edge(Task from, Lock lock, Task to, Held held) { }

    private final List<List<Edge>> out = new ArrayList<>();

    WaitForGraph(int nTasks, Iterable<Lock> locks, RwHolders holders) {
        for (int i = 0; i < nTasks; i++) out.add(null);
        Lock.Visitor<Void> edges = new Lock.Visitor<>() {
            @Override
            public Void mutex(Mutex m) {
                Task owner = m.owner();
                Held held = m.wwCtx != null ? Held.WW_OWNER : Held.OWNER;
                if (owner != null) for (Task w : m.waiters()) if (w != owner) add(w, m, owner, held);
                return null;
            }

            @Override
            public Void rtMutex(RtMutex r) {
                Task owner = r.owner();
                if (owner != null) for (Task w : r.waiters()) add(w, r, owner, Held.OWNER);
                return null;
            }

            @Override
            public Void rwSemaphore(RwSemaphore s) {
                Task writer = s.writer();
                for (Task w : s.waiterTasks(true)) {
                    if (writer != null) add(w, s, writer, Held.RWSEM_WRITER);
                    else for (Task r : holders.readers(s)) add(w, s, r, Held.RWSEM_READER);
                }
                if (writer != null) for (Task w : s.waiterTasks(false)) add(w, s, writer, Held.RWSEM_WRITER);
                return null;
            }

            @Override
            public Void percpuRwSemaphore(PercpuRwSemaphore s) {
                Task draining = s.rcuwaitWriter();
                Task block = holders.writer(s) != null ? holders.writer(s) : draining;
                List<Task> readers = holders.readers(s);
                if (block != null) {
                    Held held = readers.contains(block) ? Held.PERCPU_READER : Held.PERCPU_WRITER;
                    for (Task w : s.waiterTasks()) add(w, s, block, held);
                }
                if (draining != null) for (Task r : readers) add(draining, s, r, Held.PERCPU_READER);
                return null;
            }

            /** Its waiters spin: a spin deadlock shows as no progress, not as a cycle here. */
            @Override
            public Void spinLock(SpinLock l) {
                return null;
            }

            /** Its waiters spin, as a spinlock_t's. */
            @Override
            public Void rwLock(RwLock l) {
                return null;
            }
        };
        for (Lock l : locks) l.accept(edges);
    }

    private void add(Task from, Lock lock, Task to, Held held) {
        if (from.pid >= out.size() || to.pid >= out.size()) return;
        List<Edge> e = out.get(from.pid);
        if (e == null) out.set(from.pid, e = new ArrayList<>(2));
        e.add(new Edge(from, lock, to, held));
    }

    /** Whom t waits for, through which lock (empty if nobody). */
    List<Edge> edges(Task t) {
        List<Edge> e = t.pid < out.size() ? out.get(t.pid) : null;
        return e == null ? List.of() : e;
    }

    /** Whether t waits for anyone. */
    boolean waits(Task t) {
        return t.pid < out.size() && out.get(t.pid) != null;
    }

    /**
     * A cycle through {@code start} whose other members all have higher pids (so each cycle is
     * found once, from its lowest pid), as its edges in order; null if there is none. Depth-first,
     * O(edges).
     */
    List<Edge> cycleFrom(Task start) {
        if (!waits(start)) return null;
        if (seen == null) seen = new int[out.size()];
        searches++; // a new mark: no clearing per start (4096 tasks: the clearing was the audit's cost)
        List<Edge> path = new ArrayList<>();
        return dfs(start, start, path) ? path : null;
    }

    /** Per pid: the search that last visited it ({@link #searches}). */
    private int[] seen;
    private int searches;

    private boolean dfs(Task start, Task t, List<Edge> path) {
        seen[t.pid] = searches;
        List<Edge> es = out.get(t.pid);
        if (es == null) return false;
        for (Edge e : es) {
            path.add(e);
            if (e.to() == start) return true;
            if (e.to().pid > start.pid && seen[e.to().pid] != searches && dfs(start, e.to(), path)) return true;
            path.remove(path.size() - 1);
        }
        return false;
    }
}
