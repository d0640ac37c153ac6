package org.proxytorture.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report takes from a run's console.log (the scripts/torture runner keeps one per run):
 * every locktorture stats line with its printk time (the writers' fairness over time: Total and
 * the Max/Min acquisitions per writer) and the proxy-coverage lines (hits per
 * find_proxy_task/return branch, and the branches never hit).
 */
record ConsoleLog(List<Stat> writes, Map<String, Long> coverage) {
    /** One "Writes:" line: at {@code seconds}, acquisitions in all, and of the busiest and the idlest writer. */
    record Stat(double seconds, long total, long max, long min) { }

    private static final Pattern STAT = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\]\\s*Writes:\\s+Total:\\s+(\\d+)\\s+Max/Min:\\s+(-?\\d+)/(-?\\d+)");
    private static final Pattern COVERAGE = Pattern.compile("proxytorture: proxy coverage:((?:\\s+\\w+=\\d+)*)\\s*$");
    private static final Pattern NEVER = Pattern.compile("find_proxy_task/return branches hit; never hit:((?:\\s+\\w+)+)\\s*$");

    static final ConsoleLog NONE = new ConsoleLog(List.of(), Map.of());

    /** The console's stats and coverage; nothing if there is no console.log. */
    static ConsoleLog read(Path console) throws IOException {
        if (!Files.isRegularFile(console)) return NONE;
        List<Stat> writes = new ArrayList<>();
        Map<String, Long> coverage = new TreeMap<>();
        try (var lines = Files.lines(console, StandardCharsets.UTF_8)) {
            for (String l : (Iterable<String>) lines::iterator) {
                Matcher m = STAT.matcher(l);
                if (m.find()) {
                    writes.add(new Stat(Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
                    continue;
                }
                m = COVERAGE.matcher(l);
                if (m.find()) {
                    for (String kv : m.group(1).trim().split("\\s+")) {
                        if (kv.isEmpty()) continue;
                        int eq = kv.indexOf('=');
                        coverage.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
                    }
                    continue;
                }
                m = NEVER.matcher(l);
                if (m.find()) for (String b : m.group(1).trim().split("\\s+")) coverage.putIfAbsent(b, 0L);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new ConsoleLog(List.copyOf(writes), java.util.Collections.unmodifiableMap(coverage));
    }

    Stat last() {
        return writes.isEmpty() ? null : writes.get(writes.size() - 1);
    }
}
