package org.proxytorture.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proxytorture.config.BadInputException;
import org.proxytorture.run.Latencies;

/**
 * A gate baseline: a small file kept in the repository and edited by hand (or rewritten by
 * {@code gate --update-baseline}): the model version it was taken at, the failures known and
 * allowed per suite (a scenario, or catalog.Bnn), and the pinned runs' event hashes.
 *
 * <pre>
 * model proxytorture-model-15
 * known LOCK06 deadlock/hung_task[task=lock_torture_wr]
 * hash PROXY01.seed1 33e3c7797eae9b12
 * latency PIDEMO04 report HISTOGRAM
 * fairness LOCK01 report 1203/1180/1199/1230 1100/1120/1090/1135
 * </pre>
 *
 * A latency line is a suite's reference lock-latency samples (HdrHistogram's compressed form,
 * base64; LatencyCheck) and whether a significant change fails the gate ({@code fail}) or is only
 * reported ({@code report}, the default --update-baseline writes). A fairness line is a suite's
 * reference writer acquisitions, one word per run (FairnessCheck), with the same choice.
 */
public record Baseline(String model, List<Known> known, Map<String, String> hashes, Map<String, LatencyCheck.Reference> latency,
        Map<String, FairnessCheck.Reference> fairness) {

    /** A failure identity allowed in a suite (the rest of the line after the suite is the identity). */
    public record Known(String suite, String identity) { }

    public Baseline {
        known = List.copyOf(known);
        hashes = java.util.Collections.unmodifiableMap(new TreeMap<>(hashes));
        latency = java.util.Collections.unmodifiableMap(new TreeMap<>(latency));
        fairness = java.util.Collections.unmodifiableMap(new TreeMap<>(fairness));
    }

    /** A baseline without statistical references. */
    public Baseline(String model, List<Known> known, Map<String, String> hashes) {
        this(model, known, hashes, Map.of(), Map.of());
    }

    /** No baseline: no known failures, nothing pinned, no model. */
    public static final Baseline EMPTY = new Baseline(null, List.of(), Map.of());

    public boolean knows(String suite, String identity) {
        return known.contains(new Known(suite, identity));
    }

    public static Baseline read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("baseline " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        return parse(file.toString(), lines);
    }

    static Baseline parse(String name, List<String> lines) {
        String model = null;
        List<Known> known = new ArrayList<>();
        Map<String, String> hashes = new TreeMap<>();
        Map<String, LatencyCheck.Reference> latency = new TreeMap<>();
        Map<String, FairnessCheck.Reference> fairness = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] w = l.split("\\s+", 3);
            String where = "baseline " + name + " line " + (i + 1) + ": ";
            switch (w[0]) {
                case "model" -> {
                    if (w.length != 2) throw new BadInputException(where + "model takes one value, e.g. model proxytorture-model-15");
                    model = w[1];
                }
                case "known" -> {
                    if (w.length != 3) throw new BadInputException(where + "known takes a suite and an identity, e.g. known LOCK06 deadlock/hung_task[task=lock_torture_wr]");
                    known.add(new Known(w[1], w[2]));
                }
                case "hash" -> {
                    if (w.length != 3 || !w[2].matches("[0-9a-f]{16}"))
                        throw new BadInputException(where + "hash takes a run and 16 hex digits, e.g. hash PROXY01.seed1 33e3c7797eae9b12");
                    hashes.put(w[1], w[2]);
                }
                case "latency" -> latency.put(w.length > 1 ? w[1] : "", reference(where, w));
                case "fairness" -> fairness.put(w.length > 1 ? w[1] : "", fairness(where, w));
                default -> throw new BadInputException(where + "unknown directive '" + w[0] + "' (accepted: model, known, hash, latency, fairness; # comments)");
            }
        }
        return new Baseline(model, known, hashes, latency, fairness);
    }

    private static LatencyCheck.Reference reference(String where, String[] w) {
        String[] rest = w.length == 3 ? w[2].split("\\s+") : new String[0];
        String usage = "latency takes a suite, report or fail, and a histogram, e.g. latency PIDEMO04 report HISTOGRAM (gate --update-baseline writes them)";
        if (rest.length != 2 || !(rest[0].equals("report") || rest[0].equals("fail"))) throw new BadInputException(where + usage);
        try {
            return new LatencyCheck.Reference(LatencyCheck.Mode.valueOf(rest[0].toUpperCase(java.util.Locale.ROOT)), Latencies.decode(rest[1]));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + "latency " + w[1] + ": " + e.getMessage() + " (" + usage + ")");
        }
    }

    private static FairnessCheck.Reference fairness(String where, String[] w) {
        String[] rest = w.length == 3 ? w[2].split("\\s+") : new String[0];
        String usage = "fairness takes a suite, report or fail, and each run's writer counts, e.g. fairness LOCK01 report 1203/1180 1100/1120 (gate --update-baseline writes them)";
        if (rest.length < 2 || !(rest[0].equals("report") || rest[0].equals("fail"))) throw new BadInputException(where + usage);
        List<org.proxytorture.run.Acquisitions> runs = new ArrayList<>();
        try {
            for (int i = 1; i < rest.length; i++) runs.add(org.proxytorture.run.Acquisitions.ofWritersText(rest[i]));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + "fairness " + w[1] + ": " + e.getMessage() + " (" + usage + ")");
        }
        return new FairnessCheck.Reference(LatencyCheck.Mode.valueOf(rest[0].toUpperCase(java.util.Locale.ROOT)), runs);
    }

    /** The file's text: a header, then model, known and hash lines in a stable order. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("# proxytorture gate baseline (scripts/proxytorture gate --baseline FILE; --update-baseline rewrites it).\n");
        b.append("# model: the MODEL_VERSION the pinned hashes were taken at; known SUITE IDENTITY: a failure allowed\n");
        b.append("# in that suite (a scenario, or catalog.Bnn); hash RUN HEX: a pinned run's event hash.\n");
        if (model != null) b.append("model ").append(model).append('\n');
        known.stream().sorted(java.util.Comparator.comparing(Known::suite).thenComparing(Known::identity))
                .forEach(k -> b.append("known ").append(k.suite()).append(' ').append(k.identity()).append('\n'));
        hashes.forEach((run, h) -> b.append("hash ").append(run).append(' ').append(h).append('\n'));
        if (!latency.isEmpty()) b.append("# latency SUITE report|fail HISTOGRAM: the pidemo foreground's lock-latency reference (LatencyCheck)\n");
        latency.forEach((suite, r) -> b.append("latency ").append(suite).append(' ').append(r.mode().name().toLowerCase(java.util.Locale.ROOT))
                .append(' ').append(r.samples().encode()).append('\n'));
        if (!fairness.isEmpty()) b.append("# fairness SUITE report|fail W/W/.. W/W/..: each run's writer acquisitions, the locktorture fairness reference (FairnessCheck)\n");
        fairness.forEach((suite, r) -> b.append("fairness ").append(suite).append(' ').append(r.mode().name().toLowerCase(java.util.Locale.ROOT))
                .append(' ').append(r.text()).append('\n'));
        return b.toString();
    }
}
