package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;

/**
 * The interleaving classes a run reached, for coverage-guided exploration: at each lock
 * acquisition, (lock held before -> lock taken) x contended or not x the proxy depth on that CPU
 * x whether the task migrated since its previous acquisition. A key reads
 * "ilv:torture_mutex->nested_mutex_key:contended:depth2:migrated".
 */
final class InterleavingClasses implements Trace.Listener {
    /** Proxy chains deeper than this count as this deep (keeps the class set small). */
    private static final int MAX_DEPTH = 3;

    private final TreeSet<String> classes = new TreeSet<>();
    private final TreeMap<Integer, List<String>> held = new TreeMap<>();
    private final TreeMap<Integer, Boolean> contended = new TreeMap<>();
    private final TreeMap<Integer, Boolean> migrated = new TreeMap<>();
    private final TreeMap<Integer, Integer> depth = new TreeMap<>();

    private static String lockClass(Lock lock) {
        String n = lock.lockClassName();
        int i = n.indexOf('#');
        return i > 0 ? n.substring(0, i) : n;
    }

    @Override
    public void lockContended(long now, int cpu, Task p, Lock lock) {
        contended.put(p.pid, true);
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        List<String> h = held.computeIfAbsent(p.pid, k -> new ArrayList<>());
        String before = h.isEmpty() ? "-" : h.get(h.size() - 1);
        String c = lockClass(lock);
        classes.add("ilv:" + before + "->" + c + ":" + (contended.getOrDefault(p.pid, false) ? "contended" : "uncontended")
                + ":depth" + Math.min(MAX_DEPTH, depth.getOrDefault(cpu, 0)) + (migrated.getOrDefault(p.pid, false) ? ":migrated" : ""));
        h.add(c);
        contended.put(p.pid, false);
        migrated.put(p.pid, false);
    }

    @Override
    public void lockReleased(long now, int cpu, Task p, Lock lock) {
        List<String> h = held.get(p.pid);
        if (h != null) h.remove(lockClass(lock)); // the first of that class: nested locks of one class are alike
    }

    @Override
    public void schedMigrateTask(long now, Task p, int origCpu, int destCpu) {
        migrated.put(p.pid, true);
    }

    @Override
    public void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) {
        if (event.kind() == ProxyEvent.Kind.DONOR_PICKED) depth.put(cpu, 0);
        else if (event.kind() == ProxyEvent.Kind.FIND_PROXY_TASK && (event.branch().equals("chain_step") || event.branch().equals("chain_step_deep")))
            depth.merge(cpu, 1, Integer::sum);
    }

    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        if (next.isIdle) depth.put(cpu, 0);
    }

    List<String> classes() {
        return List.copyOf(classes);
    }
}
