package org.proxytorture.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.config.Json;

/**
 * What a soak runs, as given on its command line and kept in its ledger, so that
 * {@code soak --resume DIR} runs the same sequence: the scenarios (scripts/torture's --configs),
 * where they are read from, the kernel command line and Kconfig added to each, the CPUs, the
 * catalog faults, the first seed, each run's simulated time and the shrink's wall-time bound.
 *
 * @param configDir absolute, so that a resume from another directory reads the same scenarios
 * @param cpus      --cpus, or null for each scenario's CONFIG_NR_CPUS
 * @param shard     which run numbers this soak runs ({@link Shard#WHOLE}: all)
 */
public record SoakRecipe(String configs, String configDir, String bootargs, String kconfig, Integer cpus, List<String> inject,
        long seed, long durationNs, long shrinkMs, Shard shard) {

    public SoakRecipe {
        inject = List.copyOf(inject);
    }

    /** The same recipe as shard {@code s} (a merge's is the whole soak). */
    public SoakRecipe withShard(Shard s) {
        return new SoakRecipe(configs, configDir, bootargs, kconfig, cpus, inject, seed, durationNs, shrinkMs, s);
    }

    public String toJson() {
        ObjectNode o = Json.object();
        o.put("configs", configs);
        o.put("config_dir", configDir);
        o.put("bootargs", bootargs);
        o.put("kconfig", kconfig);
        if (cpus == null) o.putNull("cpus");
        else o.put("cpus", cpus);
        inject.forEach(o.putArray("inject")::add);
        o.put("seed", seed);
        o.put("duration_ns", durationNs);
        o.put("shrink_ms", shrinkMs);
        o.put("shard", shard.toString());
        return Json.write(o);
    }

    /** Reads {@link #toJson}'s text; IllegalArgumentException if it is not that shape. */
    public static SoakRecipe parse(String json) {
        ObjectNode m = Json.parseObject(json);
        List<String> inject = new ArrayList<>();
        m.path("inject").forEach(x -> inject.add(x.asText()));
        JsonNode cpus = m.path("cpus");
        return new SoakRecipe(text(m, "configs"), text(m, "config_dir"), text(m, "bootargs"), text(m, "kconfig"),
                cpus.isIntegralNumber() ? cpus.intValue() : null, inject, num(m, "seed"), num(m, "duration_ns"), num(m, "shrink_ms"),
                Shard.parse(text(m, "shard"), java.util.Map.of()));
    }

    private static String text(ObjectNode m, String k) {
        JsonNode v = m.path(k);
        if (!v.isTextual()) throw new IllegalArgumentException("no string \"" + k + "\"");
        return v.textValue();
    }

    private static long num(ObjectNode m, String k) {
        JsonNode v = m.path(k);
        if (!v.isIntegralNumber()) throw new IllegalArgumentException("no number \"" + k + "\"");
        return v.longValue();
    }
}
