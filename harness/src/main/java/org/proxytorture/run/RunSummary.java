package org.proxytorture.run;

import org.proxytorture.config.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's summary.json, as the scenario runner files it under res/: the recipe (scenario, seed,
 * machine, bootargs), the verdict and the figures (acquisitions, fails, event hash, choices), and
 * the wall time. One flat JSON object; {@link #parse} reads back what {@link #toJson} writes.
 *
 * @param result SUCCESS, FAILURE, or why the run did not happen: NOT_MODELLED, BAD_INPUT, CRASHED
 * @param stats  the last locktorture "Writes:" line, or the pidemo latency summary
 * @param wallMs wall-clock milliseconds of the child JVM, start-up included
 * @param provenance model version, harness version and commit, Java, host ({@link Provenance#UNKNOWN} if not recorded)
 */
public record RunSummary(String scenario, long seed, int cpus, int hz, long durationNs, String bootargs,
                         String workload, String result, long acquisitions, long fails, long events,
                         String eventHash, long choices, long forcedChoices, String stats,
                         List<String> failures, long wallMs, Provenance provenance) {

    public RunSummary {
        failures = List.copyOf(failures);
        if (provenance == null) provenance = Provenance.UNKNOWN;
    }

    /** A summary whose provenance is not recorded (yet: {@link #withProvenance}). */
    public RunSummary(String scenario, long seed, int cpus, int hz, long durationNs, String bootargs, String workload, String result,
            long acquisitions, long fails, long events, String eventHash, long choices, long forcedChoices, String stats,
            List<String> failures, long wallMs) {
        this(scenario, seed, cpus, hz, durationNs, bootargs, workload, result, acquisitions, fails, events, eventHash, choices,
                forcedChoices, stats, failures, wallMs, Provenance.UNKNOWN);
    }

    public RunSummary withProvenance(Provenance p) {
        return new RunSummary(scenario, seed, cpus, hz, durationNs, bootargs, workload, result, acquisitions, fails, events,
                eventHash, choices, forcedChoices, stats, failures, wallMs, p);
    }

    /** The summary of a run that did not happen or did not finish ({@code result} says why). */
    public static RunSummary notRun(String scenario, long seed, int cpus, int hz, long durationNs, String bootargs,
                                    String result, String why, long wallMs) {
        return new RunSummary(scenario, seed, cpus, hz, durationNs, bootargs, "", result, 0, 0, 0, "", 0, 0, "",
                List.of(why), wallMs);
    }

    public boolean success() {
        return result.equals("SUCCESS");
    }

    public RunSummary withScenario(String name, long wall) {
        return new RunSummary(name, seed, cpus, hz, durationNs, bootargs, workload, result, acquisitions, fails, events,
                eventHash, choices, forcedChoices, stats, failures, wall, provenance);
    }

    public String toJson() {
        ObjectNode o = Json.object();
        o.put("scenario", scenario);
        o.put("seed", seed);
        o.put("cpus", cpus);
        o.put("hz", hz);
        o.put("duration_ns", durationNs);
        o.put("bootargs", bootargs);
        o.put("workload", workload);
        o.put("result", result);
        o.put("acquisitions", acquisitions);
        o.put("fails", fails);
        o.put("events", events);
        o.put("event_hash", eventHash);
        o.put("choices", choices);
        o.put("forced_choices", forcedChoices);
        o.put("stats", stats);
        failures.forEach(o.putArray("failures")::add);
        o.put("wall_ms", wallMs);
        if (provenance.known()) {
            ObjectNode p = o.putObject("provenance");
            p.put("model_version", provenance.model());
            p.put("harness_version", provenance.harness());
            p.put("git_commit", provenance.commit());
            p.put("java_version", provenance.java());
            p.put("host", provenance.host());
        }
        return Json.write(o);
    }

    /** Reads {@link #toJson()}'s output; IllegalArgumentException if it is not that shape. */
    public static RunSummary parse(String json) {
        ObjectNode m;
        try {
            m = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("summary.json: " + e.getMessage());
        }
        List<String> failures = new ArrayList<>();
        m.path("failures").forEach(x -> failures.add(x.asText()));
        return new RunSummary(m.path("scenario").textValue(), num(m, "seed"), (int) num(m, "cpus"), (int) num(m, "hz"),
                num(m, "duration_ns"), m.path("bootargs").textValue(), m.path("workload").textValue(), m.path("result").textValue(),
                num(m, "acquisitions"), num(m, "fails"), num(m, "events"), m.path("event_hash").textValue(),
                num(m, "choices"), num(m, "forced_choices"), m.path("stats").textValue(), failures, num(m, "wall_ms"), provenance(m.path("provenance")));
    }

    private static Provenance provenance(JsonNode p) {
        if (!p.isObject()) return Provenance.UNKNOWN;
        return new Provenance(p.path("model_version").asText(""), p.path("harness_version").asText(""), p.path("git_commit").asText(""),
                p.path("java_version").asText(""), p.path("host").asText(""));
    }

    private static long num(ObjectNode m, String k) {
        JsonNode v = m.path(k);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new IllegalArgumentException("summary.json: no number \"" + k + "\"");
        return v.longValue();
    }
}
