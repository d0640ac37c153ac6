package org.proxytorture.kernel.sched;

import java.util.Map;
import java.util.TreeMap;

/** Counters of the branches of find_proxy_task() and of return migration, by name. */
public final class Coverage {
    private final TreeMap<String, Long> hits = new TreeMap<>();

    public void hit(String branch) {
        hits.merge(branch, 1L, Long::sum);
    }

    public long count(String branch) {
        return hits.getOrDefault(branch, 0L);
    }

    public Map<String, Long> snapshot() {
        return new TreeMap<>(hits);
    }
}
