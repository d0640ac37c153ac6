package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RwSemaphore;
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
    /** t waits for {@code to} through {@code lock}. */
    record Edge(Task from, Object lock, Task to) { }

    private final List<List<Edge>> out = new ArrayList<>();

    WaitForGraph(int nTasks, Iterable<Object> locks, RwHolders holders) {
        for (int i = 0; i < nTasks; i++) out.add(null);
        for (Object l : locks) {
            if (l instanceof Mutex m) {
                Task owner = m.owner();
                if (owner != null) for (Task w : m.waiters()) if (w != owner) add(w, m, owner);
            } else if (l instanceof RtMutex r) {
                Task owner = r.owner();
                if (owner != null) for (Task w : r.waiters()) add(w, r, owner);
            } else if (l instanceof RwSemaphore s) {
                Task writer = s.writer();
                for (Task w : s.waiterTasks(true)) {
                    if (writer != null) add(w, s, writer);
                    else for (Task r : holders.readers(s)) add(w, s, r);
                }
                if (writer != null) for (Task w : s.waiterTasks(false)) add(w, s, writer);
            } else if (l instanceof PercpuRwSemaphore s) {
                Task draining = s.rcuwaitWriter();
                Task block = holders.writer(s) != null ? holders.writer(s) : draining;
                if (block != null) for (Task w : s.waiterTasks()) add(w, s, block);
                if (draining != null) for (Task r : holders.readers(s)) add(draining, s, r);
            }
        }
    }

    private void add(Task from, Object lock, Task to) {
        if (from.pid >= out.size() || to.pid >= out.size()) return;
        List<Edge> e = out.get(from.pid);
        if (e == null) out.set(from.pid, e = new ArrayList<>(2));
        e.add(new Edge(from, lock, to));
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
        boolean[] seen = new boolean[out.size()];
        List<Edge> path = new ArrayList<>();
        return dfs(start, start, seen, path) ? path : null;
    }

    private boolean dfs(Task start, Task t, boolean[] seen, List<Edge> path) {
        seen[t.pid] = true;
        List<Edge> es = out.get(t.pid);
        if (es == null) return false;
        for (Edge e : es) {
            path.add(e);
            if (e.to() == start) return true;
            if (e.to().pid > start.pid && !seen[e.to().pid] && dfs(start, e.to(), seen, path)) return true;
            path.remove(path.size() - 1);
        }
        return false;
    }
}
