package org.proxytorture.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.sched.Task;

/**
 * lockdep's dependency graph (kernel/locking/lockdep.c, simplified to its circular-dependency
 * check): every acquisition of class B while holding class A adds A -> B; an acquisition that
 * closes a cycle is reported in lockdep's words even if it did not deadlock this time. Locks
 * taken under a ww_acquire_ctx are nest_lock-annotated in the kernel and skipped here; so is
 * recursion on one class (lockdep's own check for that is not modelled).
 */
final class Lockdep implements Checker, org.proxytorture.kernel.cpu.RawLockdep {
    private final Checks checks;
    /** Per pid, the locks held in acquisition order. */
    private final List<List<Lock>> held = new ArrayList<>();
    /** class -> (class -> the first task that made the dependency). */
    private final Map<String, Map<String, String>> after = new LinkedHashMap<>();

    Lockdep(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "lockdep";
    }

    private List<Lock> heldBy(Task p) {
        while (held.size() <= p.pid) held.add(new ArrayList<>(4));
        return held.get(p.pid);
    }

    // ---------------------------------------------------------------- raw spinlocks

    /** Raw spinlock classes by number ({@link RawSpinLock#lockdepId}), and which pairs are ordered already. */
    private final Map<String, Integer> rawIds = new LinkedHashMap<>();
    private boolean[][] rawDep = new boolean[8][8];

    private int rawId(RawSpinLock l) {
        if (l.lockdepId >= 0) return l.lockdepId;
        int id = rawIds.computeIfAbsent(l.lockClass, k -> rawIds.size());
        if (id >= rawDep.length) {
            boolean[][] grown = new boolean[rawDep.length * 2][rawDep.length * 2];
            for (int i = 0; i < rawDep.length; i++) System.arraycopy(rawDep[i], 0, grown[i], 0, rawDep.length);
            rawDep = grown;
        }
        return l.lockdepId = id;
    }

    /**
     * lock_acquire() of a raw spinlock: each raw spinlock the CPU holds is ordered before it (a
     * new pair is validated once, as lockdep's chain cache does). A class nested in itself is
     * skipped: the kernel annotates those (double_rq_lock(), raw_spin_lock_nested()).
     */
    @Override
    public void acquire(Cpu cpu, RawSpinLock l, RawSpinLock[] held, int nheld, List<RawSpinLock> across) {
        for (int i = 0; i < nheld; i++) if (held[i] == l) return; // taken earlier in this section (holdAcross() of it)
        int b = rawId(l);
        for (int i = 0; i < nheld; i++) rawEdge(cpu, held[i], l, b);
        for (int i = 0, n = across.size(); i < n; i++) rawEdge(cpu, across.get(i), l, b);
    }

    private void rawEdge(Cpu cpu, RawSpinLock h, RawSpinLock l, int b) {
        int a = rawId(h);
        if (a == b || rawDep[a][b]) return;
        rawDep[a][b] = true;
        Task p = checks.core.rqs[cpu.id].curr;
        List<String> path = path(l.lockClass, h.lockClass);
        if (path != null) {
            checks.report(this, "circular-dependency", "possible circular locking dependency: CPU " + cpu.id + " (" + p + ") acquires "
                    + l.lockClass + " holding " + h.lockClass, splat(p, l.lockClass, h.lockClass, path), roles(path), List.of(cpu.id), p);
            return;
        }
        after.computeIfAbsent(h.lockClass, k -> new LinkedHashMap<>()).put(l.lockClass, p + " on CPU " + cpu.id);
    }

    /** Locks taken under a ww_acquire_ctx (nest_lock), which lockdep does not order. */
    private final List<Lock> nested = new ArrayList<>();

    /** lock_acquire() -> validate_chain(): checked before the lock is tried, so an ABBA that deadlocks is reported too. */
    @Override
    public void lockAcquire(long now, int cpu, Task p, Lock lock, boolean nestLock) {
        if (nestLock) {
            if (!nested.contains(lock)) nested.add(lock);
            return;
        }
        String next = lock.lockClassName();
        for (Lock prevLock : heldBy(p)) {
            if (nested.contains(prevLock)) continue;
            String prev = prevLock.lockClassName();
            if (prev.equals(next)) continue;
            Map<String, String> out = after.computeIfAbsent(prev, k -> new LinkedHashMap<>());
            if (out.containsKey(next)) continue;
            List<String> path = path(next, prev);
            if (path != null) {
                checks.report(this, "circular-dependency", "possible circular locking dependency: " + p + " acquires " + next + " holding " + prev,
                        splat(p, next, prev, path), roles(path), List.of(cpu), p);
                continue;
            }
            out.put(next, p.toString());
        }
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        heldBy(p).add(lock);
    }

    @Override
    public void lockReleased(long now, int cpu, Task p, Lock lock) {
        List<Lock> h = heldBy(p);
        for (int i = h.size() - 1; i >= 0; i--) {
            if (h.get(i) == lock) {
                h.remove(i);
                return;
            }
        }
    }

    /** A dependency path from -> ... -> to, or null (breadth first, in insertion order). */
    private List<String> path(String from, String to) {
        Map<String, String> parent = new LinkedHashMap<>();
        ArrayDeque<String> q = new ArrayDeque<>();
        q.add(from);
        parent.put(from, null);
        while (!q.isEmpty()) {
            String c = q.poll();
            if (c.equals(to)) {
                List<String> p = new ArrayList<>();
                for (String x = c; x != null; x = parent.get(x)) p.add(0, x);
                return p;
            }
            Map<String, String> out = after.get(c);
            if (out == null) continue;
            for (String n : out.keySet()) {
                if (parent.containsKey(n)) continue;
                parent.put(n, c);
                q.add(n);
            }
        }
        return null;
    }

    private static List<String> roles(List<String> path) {
        List<String> r = new ArrayList<>();
        for (String c : path) r.add(Checks.lockRole("class", c));
        return r;
    }

    /** print_circular_bug() in lockdep's shape. */
    private List<String> splat(Task p, String next, String prev, List<String> path) {
        List<String> s = new ArrayList<>();
        s.add("======================================================");
        s.add("WARNING: possible circular locking dependency detected");
        s.add("------------------------------------------------------");
        s.add(p.comm + "/" + p.pid + " is trying to acquire lock:");
        s.add("  (" + next + "){+.+.}-{4:4}");
        s.add("");
        s.add("but task is already holding lock:");
        s.add("  (" + prev + "){+.+.}-{4:4}");
        s.add("");
        s.add("which lock already depends on the new lock.");
        s.add("");
        s.add("the existing dependency chain (in reverse order) is:");
        for (int i = path.size() - 1, k = path.size() - 1; i >= 1; i--, k--) {
            s.add("");
            s.add("-> #" + k + " (" + path.get(i) + "){+.+.}-{4:4}:");
            s.add("       first taken after " + path.get(i - 1) + " by " + after.get(path.get(i - 1)).get(path.get(i)));
        }
        s.add("");
        s.add("-> #0 (" + prev + "){+.+.}-{4:4}:");
        s.add("");
        s.add("other info that might help us debug this:");
        s.add("");
        // print_circular_lock_scenario(): source = the new lock, target = the held one, parent = target's predecessor
        String parent = path.get(path.size() - 2);
        if (!parent.equals(next)) {
            s.add("Chain exists of:");
            s.add("  " + next + " --> " + parent + " --> " + prev);
            s.add("");
        }
        s.add(" Possible unsafe locking scenario:");
        s.add("");
        s.add(String.format("       %-30s%s", "CPU0", "CPU1"));
        s.add(String.format("       %-30s%s", "----", "----"));
        s.add(String.format("  %s", "lock(" + prev + ");"));
        s.add(String.format("  %-35s%s", "", "lock(" + parent + ");"));
        s.add(String.format("  %-35s%s", "", "lock(" + prev + ");"));
        s.add(String.format("  %s", "lock(" + next + ");"));
        s.add("");
        s.add(" *** DEADLOCK ***");
        return s;
    }
}
