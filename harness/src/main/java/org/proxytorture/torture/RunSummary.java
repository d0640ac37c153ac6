package org.proxytorture.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's summary.json, as the scenario runner files it under res/: the recipe (scenario, seed,
 * machine, bootargs), the verdict and the figures (acquisitions, fails, event hash, choices), and
 * the wall time. One flat JSON object; {@link #parse} reads back what {@link #toJson} writes.
 *
 * @param result SUCCESS, FAILURE, or why the run did not happen: NOT_MODELLED, BAD_INPUT, CRASHED
 * @param stats  the last locktorture "Writes:" line, or the pidemo latency summary
 * @param wallMs wall-clock milliseconds of the child JVM, start-up included
 */
public record RunSummary(String scenario, long seed, int cpus, int hz, long durationNs, String bootargs,
                         String workload, String result, long acquisitions, long fails, long events,
                         String eventHash, long choices, long forcedChoices, String stats,
                         List<String> failures, long wallMs) {

    public RunSummary {
        failures = List.copyOf(failures);
    }

    /** The summary of a finished run. */
    public static RunSummary of(String scenario, RunConfig cfg, TortureParams params, RunResult r, long wallMs) {
        return new RunSummary(scenario, cfg.seed(), cfg.cpus(), cfg.hz(), cfg.durationNs(), cfg.bootargs(), params.workload,
                r.success() ? "SUCCESS" : "FAILURE", r.acquisitions(), r.fails(), r.events(), r.hashHex(),
                r.choices().size(), r.choices().nonZero(), r.statsLine(), r.failures(), wallMs);
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
                eventHash, choices, forcedChoices, stats, failures, wall);
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "scenario", Json.str(scenario));
        field(sb, "seed", Long.toString(seed));
        field(sb, "cpus", Integer.toString(cpus));
        field(sb, "hz", Integer.toString(hz));
        field(sb, "duration_ns", Long.toString(durationNs));
        field(sb, "bootargs", Json.str(bootargs));
        field(sb, "workload", Json.str(workload));
        field(sb, "result", Json.str(result));
        field(sb, "acquisitions", Long.toString(acquisitions));
        field(sb, "fails", Long.toString(fails));
        field(sb, "events", Long.toString(events));
        field(sb, "event_hash", Json.str(eventHash));
        field(sb, "choices", Long.toString(choices));
        field(sb, "forced_choices", Long.toString(forcedChoices));
        field(sb, "stats", Json.str(stats));
        field(sb, "failures", Json.strings(failures));
        sb.append("  \"wall_ms\": ").append(wallMs).append("\n}\n");
        return sb.toString();
    }

    private static void field(StringBuilder sb, String k, String v) {
        sb.append("  \"").append(k).append("\": ").append(v).append(",\n");
    }

    /** Reads {@link #toJson()}'s output; IllegalArgumentException if it is not that shape. */
    public static RunSummary parse(String json) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("summary.json: " + e.getMessage());
        }
        return new RunSummary((String) m.get("scenario"), num(m, "seed"), (int) num(m, "cpus"), (int) num(m, "hz"),
                num(m, "duration_ns"), (String) m.get("bootargs"), (String) m.get("workload"), (String) m.get("result"),
                num(m, "acquisitions"), num(m, "fails"), num(m, "events"), (String) m.get("event_hash"),
                num(m, "choices"), num(m, "forced_choices"), (String) m.get("stats"),
                strings(m.get("failures")), num(m, "wall_ms"));
    }

    private static long num(Map<String, Object> m, String k) {
        if (!(m.get(k) instanceof Long l)) throw new IllegalArgumentException("summary.json: no number \"" + k + "\"");
        return l;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) out.add(String.valueOf(x));
        return out;
    }
}
