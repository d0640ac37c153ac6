package org.proxytorture.run;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a run scored (Hypothesis' {@code target()} observations): numbers a targeted search can
 * maximise, measured by a read-only observer ({@link ScoreObserver}) that takes no decision and
 * moves no event hash. Each score also says how many decisions the run had taken when it first
 * reached its final value (the position in the choice list a mutation should come before to
 * change it; -1 when not known).
 *
 * @param values    score name -> value, in name order; a score the run could not measure is absent
 * @param reachedAt score name -> decisions taken when the value was first reached (-1 if unknown)
 */
public record Scores(SortedMap<String, Long> values, SortedMap<String, Long> reachedAt) {
    /** The deepest proxy chain one pick walked: blocked_on links find_proxy_task() followed (chain_step, chain_step_deep). */
    public static final String PROXY_CHAIN = "proxy_chain";
    /** The longest lock wait: a task's lock:contention_begin (lock_contended) to its lock_acquired of that lock, ns. */
    public static final String LOCK_WAIT_NS = "lock_wait_ns";
    /** Proxy migrations: tasks proxy_migrate_task() moved to a lock owner's CPU (donor_migrated tracepoints). */
    public static final String DONOR_MIGRATIONS = "donor_migrations";
    /** pidemo: the foreground's worst lock latency, ns (the HdrHistogram's max); locktorture runs do not report it. */
    public static final String PIDEMO_MAX_LATENCY_NS = "pidemo_max_latency_ns";

    /** The score names, as {@code explore --target} accepts them. */
    public static final List<String> NAMES = List.of(PROXY_CHAIN, LOCK_WAIT_NS, DONOR_MIGRATIONS, PIDEMO_MAX_LATENCY_NS);

    /** A run that scored nothing (a test's synthetic outcome). */
    public static final Scores NONE = new Scores(new TreeMap<>(), new TreeMap<>());

    public Scores {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        reachedAt = Collections.unmodifiableSortedMap(new TreeMap<>(reachedAt));
    }

    /** The value of {@code name}, 0 if the run did not report it. */
    public long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    /** Decisions taken when {@code name} first reached its value, -1 if unknown. */
    public long reachedAt(String name) {
        return reachedAt.getOrDefault(name, -1L);
    }

    /** The same with {@code name} set to {@code value} (reached at an unknown point). */
    Scores with(String name, long value) {
        TreeMap<String, Long> v = new TreeMap<>(values);
        v.put(name, value);
        TreeMap<String, Long> at = new TreeMap<>(reachedAt);
        at.put(name, -1L);
        return new Scores(v, at);
    }

    /** "proxy_chain=3 lock_wait_ns=1200": one line for a progress line or a report. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
