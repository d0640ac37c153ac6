package org.proxytorture.explore.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.torture.TortureParams;
import org.proxytorture.torture.Workload;

/**
 * What a search over the scenario space generated (jqwik's {@code Statistics.collect},
 * Hypothesis' {@code event()}): per try, its class in each of the tables (torture type, proxy
 * generation, CPU count, each feature, each proxy branch hit), then a table of counts and shares.
 * A coverage requirement (jqwik's {@code coverage}) names a class and its minimum share;
 * {@link #missed} lists the ones the search stayed under.
 */
public final class Statistics {
    /** A class that must be reached in at least {@code minShare} (0..1) of the tries. */
    public record Requirement(String table, String value, double minShare) { }

    private final Map<String, Map<String, Integer>> tables = new TreeMap<>();
    /** Classes in number order where they start with one ("100 ms" before "1000 ms"), else by name. */
    private static final java.util.Comparator<String> NATURAL = java.util.Comparator
            .comparingLong((String v) -> v.matches("\\d+.*") ? Long.parseLong(v.replaceAll("^(\\d+).*", "$1")) : Long.MAX_VALUE)
            .thenComparing(v -> v);
    private int tries;

    /** Counts one try: its scenario, and (if it ran) what it did. */
    public void add(TortureTarget t, Outcome o) {
        tries++;
        for (var e : classify(t).entrySet()) for (String v : e.getValue()) tally(e.getKey(), v);
        if (o != null) for (String c : o.coverage()) if (c.startsWith("branch:")) tally("proxy branch", c.substring("branch:".length()));
    }

    private void tally(String table, String value) {
        tables.computeIfAbsent(table, k -> new TreeMap<>(NATURAL)).merge(value, 1, Integer::sum);
    }

    public int tries() {
        return tries;
    }

    /** How many tries had {@code value} in {@code table}. */
    public int count(String table, String value) {
        Map<String, Integer> m = tables.get(table);
        return m == null ? 0 : m.getOrDefault(value, 0);
    }

    /**
     * A scenario's classes: one per single-valued table (torture type, generation, CPUs, HZ,
     * duration) and one per feature it turns on (table "feature").
     */
    public static Map<String, List<String>> classify(TortureTarget t) {
        TortureParams p = TortureParams.fromBootArgs(t.bootargs(), t.cpus());
        Map<String, List<String>> out = new TreeMap<>();
        boolean pidemo = p.workload == Workload.PIDEMO;
        out.put("torture type", List.of(pidemo ? "pidemo" : p.tortureType.param));
        out.put("generation", List.of(generation(p)));
        out.put("cpus", List.of(cpuBucket(t.cpus())));
        out.put("duration", List.of(t.durationNs() / 1_000_000L + " ms"));
        out.put("feature", features(p, pidemo));
        return out;
    }

    static String generation(TortureParams p) {
        if (!p.schedProxyExec) return p.lockPi ? "lock_pi" : "off";
        return p.proxyVariant.param;
    }

    static String cpuBucket(int cpus) {
        if (cpus <= 2) return cpus + " CPU" + (cpus == 1 ? "" : "s");
        if (cpus <= 4) return "3-4 CPUs";
        if (cpus <= 8) return "5-8 CPUs";
        if (cpus <= 16) return "9-16 CPUs";
        return ">16 CPUs";
    }

    private static List<String> features(TortureParams p, boolean pidemo) {
        List<String> f = new ArrayList<>();
        if (p.schedFeat.toString().contains("NO_DELAY_DEQUEUE")) f.add("NO_DELAY_DEQUEUE");
        if (!p.memoryModel.name().equals("TSO")) f.add("memory_model=" + p.memoryModel.name().toLowerCase());
        if (pidemo) return f;
        if (p.tortureType.ops().hasReadLock()) f.add("readers");
        if (p.nestedLocks > 0) f.add("nested_locks");
        if (p.longHold > 0) f.add("long_hold");
        if (p.writerFifo != 0) f.add("writer_fifo");
        if (p.rtBoost > 0) f.add("rt_boost");
        if (p.randomShuffle) f.add("random_shuffle");
        if (p.stutter > 0) f.add("stutter");
        if (p.onoffInterval > 0) f.add("cpu_hotplug");
        if (!p.bindWriters.isEmpty() || !p.bindReaders.isEmpty()) f.add("bind");
        if (p.writerGroup && !p.writerCpuMax().startsWith("max")) f.add("cfs_bandwidth");
        else if (p.writerGroup) f.add("task_group");
        if (p.setprioInterval > 0 || p.reniceInterval > 0 || p.signalInterval > 0 || p.holdYield > 0) f.add("meddlers");
        if (p.wwReorder) f.add("ww_reorder");
        if (p.windowNs != 200) f.add("wide_window");
        return f;
    }

    /** Which torture types, generations and features the tries never reached, as one line. */
    public String unreached() {
        List<String> missing = new ArrayList<>();
        for (String t : ScenarioSpace.TYPES) if (count("torture type", t) == 0) missing.add(t);
        if (count("torture type", "pidemo") == 0) missing.add("pidemo");
        for (String g : ScenarioSpace.GENERATIONS) if (count("generation", g) == 0) missing.add("generation " + g);
        for (String f : FEATURES) if (count("feature", f) == 0) missing.add(f);
        return missing.isEmpty() ? "every torture type, generation and feature reached" : "never reached: " + String.join(" ", missing);
    }

    /** The features {@link #classify} names. */
    static final List<String> FEATURES = List.of("readers", "nested_locks", "long_hold", "writer_fifo", "rt_boost", "random_shuffle", "stutter",
            "cpu_hotplug", "bind", "cfs_bandwidth", "task_group", "meddlers", "ww_reorder", "wide_window", "NO_DELAY_DEQUEUE", "memory_model=sc", "memory_model=arm64");

    /** The requirements this search stayed under, one line each ("" for none). */
    public List<String> missed(List<Requirement> required) {
        List<String> out = new ArrayList<>();
        for (Requirement r : required) {
            double share = tries == 0 ? 0 : (double) count(r.table(), r.value()) / tries;
            if (share < r.minShare())
                out.add(String.format("%s %s: %.1f %% of %d tries, under its minimum %.1f %%", r.table(), r.value(), 100 * share, tries, 100 * r.minShare()));
        }
        return out;
    }

    /** The tables, jqwik-style: one block per table, a row per class with its count and share. */
    public List<String> render() {
        List<String> out = new ArrayList<>();
        for (var t : tables.entrySet()) {
            out.add("[" + t.getKey() + "] (" + tries + " tries)");
            int w = t.getValue().keySet().stream().mapToInt(String::length).max().orElse(1);
            for (var e : t.getValue().entrySet())
                out.add(String.format("    %-" + w + "s %7d  (%5.1f %%)", e.getKey(), e.getValue(), tries == 0 ? 0.0 : 100.0 * e.getValue() / tries));
        }
        return out;
    }
}
