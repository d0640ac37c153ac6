package org.proxytorture.kernel.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of the branches of find_proxy_task() and of return migration, by name; and, apart,
 * of the interleaving points taken (the wakeup paths of try_to_wake_up(), irqs-off spins), so a
 * run shows which of the model's windows it went through.
 *
 * <p>Counted in insertion-ordered hash maps of one-element arrays (a hit is a lookup and an increment: no boxing,
 * no string comparisons down a tree); the snapshots are sorted by name.
 */
public final class Coverage {
    private final LinkedHashMap<String, long[]> hits = new LinkedHashMap<>();
    private final LinkedHashMap<String, long[]> points = new LinkedHashMap<>();

    /** An interleaving point of the model was taken. */
    public void point(String name) {
        points.computeIfAbsent(name, k -> new long[1])[0]++;
    }

    public long pointCount(String name) {
        long[] c = points.get(name);
        return c == null ? 0 : c[0];
    }

    public Map<String, Long> pointsSnapshot() {
        return sorted(points);
    }

    public void hit(String branch) {
        hits.computeIfAbsent(branch, k -> new long[1])[0]++;
    }

    public long count(String branch) {
        long[] c = hits.get(branch);
        return c == null ? 0 : c[0];
    }

    public java.util.SortedMap<String, Long> snapshot() {
        return sorted(hits);
    }

    private static TreeMap<String, Long> sorted(LinkedHashMap<String, long[]> counts) {
        TreeMap<String, Long> out = new TreeMap<>();
        counts.forEach((name, c) -> out.put(name, c[0]));
        return out;
    }
}
