package org.proxytorture.kernel.harness;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of the branches of find_proxy_task() and of return migration, by name; and, apart,
 * of the interleaving points taken (the wakeup paths of try_to_wake_up(), irqs-off spins), so a
 * run shows which of the model's windows it went through.
 */
public final class Coverage {
    private final TreeMap<String, Long> hits = new TreeMap<>();
    private final TreeMap<String, Long> points = new TreeMap<>();

    /** An interleaving point of the model was taken. */
    public void point(String name) {
        points.merge(name, 1L, Long::sum);
    }

    public long pointCount(String name) {
        return points.getOrDefault(name, 0L);
    }

    public Map<String, Long> pointsSnapshot() {
        return new TreeMap<>(points);
    }

    public void hit(String branch) {
        hits.merge(branch, 1L, Long::sum);
    }

    public long count(String branch) {
        return hits.getOrDefault(branch, 0L);
    }

    public java.util.SortedMap<String, Long> snapshot() {
        return new TreeMap<>(hits);
    }
}
