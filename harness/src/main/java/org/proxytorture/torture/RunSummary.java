package org.proxytorture.torture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        field(sb, "scenario", str(scenario));
        field(sb, "seed", Long.toString(seed));
        field(sb, "cpus", Integer.toString(cpus));
        field(sb, "hz", Integer.toString(hz));
        field(sb, "duration_ns", Long.toString(durationNs));
        field(sb, "bootargs", str(bootargs));
        field(sb, "workload", str(workload));
        field(sb, "result", str(result));
        field(sb, "acquisitions", Long.toString(acquisitions));
        field(sb, "fails", Long.toString(fails));
        field(sb, "events", Long.toString(events));
        field(sb, "event_hash", str(eventHash));
        field(sb, "choices", Long.toString(choices));
        field(sb, "forced_choices", Long.toString(forcedChoices));
        field(sb, "stats", str(stats));
        StringBuilder fs = new StringBuilder("[");
        for (String f : failures) fs.append(fs.length() > 1 ? ", " : "").append(str(f));
        field(sb, "failures", fs.append(']').toString());
        sb.append("  \"wall_ms\": ").append(wallMs).append("\n}\n");
        return sb.toString();
    }

    private static void field(StringBuilder sb, String k, String v) {
        sb.append("  \"").append(k).append("\": ").append(v).append(",\n");
    }

    private static String str(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Reads {@link #toJson()}'s output; IllegalArgumentException if it is not that shape. */
    public static RunSummary parse(String json) {
        Map<String, Object> m = new FlatJson(json).object();
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

    /** Just enough JSON for a flat object of strings, integers, null and arrays of strings. */
    private static final class FlatJson {
        private final String s;
        private int i;

        FlatJson(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                i++;
                return m;
            }
            do {
                String k = string();
                expect(':');
                m.put(k, value());
            } while (comma());
            expect('}');
            return m;
        }

        private Object value() {
            char c = peek();
            if (c == '"') return string();
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                if (peek() == ']') {
                    i++;
                    return l;
                }
                do l.add(value()); while (comma());
                expect(']');
                return l;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int st = i;
            if (c == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (st == i) throw new IllegalArgumentException("summary.json: unexpected '" + c + "' at " + i);
            return Long.parseLong(s.substring(st, i));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw new IllegalArgumentException("summary.json: unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }

        private boolean comma() {
            if (peek() == ',') {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("summary.json: expected '" + c + "' at " + i);
            i++;
        }

        private char peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            return i < s.length() ? s.charAt(i) : '\0';
        }
    }
}
