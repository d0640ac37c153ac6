package org.proxytorture.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.Json;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.run.Latencies;

/**
 * What {@code pidemo --out DIR} leaves: DIR/pidemo.json (the demo's parameters and, per variant
 * and seed, the foreground's lock-latency histogram in HdrHistogram's compressed encoding, its
 * summary line and verdict) and DIR/VARIANT.hgrm per variant, its seeds pooled, in HdrHistogram's
 * standard percentile-distribution output (values in microseconds, what its plotFiles.html
 * plots), and DIR/VARIANT.hlog, the same histogram as an HdrHistogram interval log (what
 * HistogramLogReader and HistogramLogProcessor read; the processor turns it into the same .hgrm).
 */
public final class PiDemoFiles {
    public static final String FILE = "pidemo.json";
    /** The .hgrm files' unit: HdrHistogram's outputValueUnitScalingRatio (ns recorded, us written). */
    public static final double HGRM_SCALE = 1000.0;

    /** One seed of one variant. */
    public record Seed(long seed, Latencies latencies, String line, boolean success, List<String> failures) {
        public Seed {
            failures = List.copyOf(failures);
        }
    }

    /** One variant (no-proxy, pi, proxy-full, ...): its kernel command line and its seeds. */
    public record Variant(String name, String bootargs, List<Seed> seeds) {
        public Variant {
            seeds = List.copyOf(seeds);
        }

        /** The seeds' samples pooled. */
        public Latencies pooled() {
            Latencies all = Latencies.NONE;
            for (Seed s : seeds) all = all.isEmpty() ? s.latencies() : all.plus(s.latencies());
            return all;
        }
    }

    /** The demo as run: machine, simulated time per case, the seeds, the model. */
    public record Demo(int cpus, long durationNs, long firstSeed, int seeds, String model, String caseName, List<Variant> variants) {
        public Demo {
            variants = List.copyOf(variants);
        }
    }

    private PiDemoFiles() { }

    /** The variant's name for a pidemo mode: no-proxy, pi, proxy-VARIANT. */
    public static String variantName(String mode) {
        if (mode.contains("lock_pi=1")) return "pi";
        int at = mode.indexOf("proxy_variant=");
        if (mode.contains("sched_proxy_exec=1") && at >= 0) return "proxy-" + mode.substring(at + "proxy_variant=".length()).split(" ")[0];
        return "no-proxy";
    }

    /** Bad input if {@code dir} cannot be an output directory (checked before the demo runs). */
    public static void checkOut(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new BadInputException("--out " + dir + ": not a directory (accepted: a new or existing directory)");
    }

    public static void write(Path dir, Demo d) {
        ObjectNode o = Json.object();
        o.put("model_version", d.model());
        o.put("case", d.caseName());
        o.put("cpus", d.cpus());
        o.put("duration_ns", d.durationNs());
        o.put("first_seed", d.firstSeed());
        o.put("seeds", d.seeds());
        ArrayNode vs = o.putArray("variants");
        for (Variant v : d.variants()) {
            ObjectNode vo = vs.addObject();
            vo.put("name", v.name());
            vo.put("bootargs", v.bootargs());
            ArrayNode ss = vo.putArray("runs");
            for (Seed s : v.seeds()) {
                ObjectNode so = ss.addObject();
                so.put("seed", s.seed());
                so.put("success", s.success());
                so.put("latency", s.line());
                so.put("histogram", s.latencies().isEmpty() ? "" : s.latencies().encode());
                s.failures().forEach(so.putArray("failures")::add);
            }
        }
        try {
            Files.createDirectories(dir);
            for (Variant v : d.variants()) {
                Files.writeString(dir.resolve(v.name() + ".hgrm"), hgrm(v.pooled()), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(v.name() + ".hlog"), hlog(v, d.durationNs() * v.seeds().size() / 1e9), StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve(FILE), Json.write(o), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /** HdrHistogram's percentile distribution of {@code l}, in microseconds. */
    static String hgrm(Latencies l) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Histogram h = l.histogram();
            h.outputPercentileDistribution(ps, 5, HGRM_SCALE);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The pooled histogram as one interval of an HdrHistogram log (simulated time: 0 to the seeds' total). */
    static String hlog(Variant v, double seconds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            org.HdrHistogram.HistogramLogWriter w = new org.HdrHistogram.HistogramLogWriter(ps);
            w.outputComment("proxytorture pidemo " + v.name() + ": the foreground's lock latency (ns), " + v.seeds().size() + " seed(s) pooled; " + v.bootargs());
            w.outputLogFormatVersion();
            w.outputLegend();
            w.outputIntervalHistogram(0, seconds, v.pooled().histogram(), HGRM_SCALE);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Reads DIR/pidemo.json; bad input if it is not one. */
    static Demo read(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            ObjectNode o = Json.parseObject(Files.readString(f, StandardCharsets.UTF_8));
            List<Variant> variants = new ArrayList<>();
            for (JsonNode v : need(o, "variants")) {
                List<Seed> seeds = new ArrayList<>();
                for (JsonNode s : need(v, "runs")) {
                    String enc = need(s, "histogram").asText();
                    List<String> failures = new ArrayList<>();
                    s.path("failures").forEach(x -> failures.add(x.asText()));
                    seeds.add(new Seed(need(s, "seed").asLong(), enc.isEmpty() ? Latencies.NONE : Latencies.decode(enc), s.path("latency").asText(),
                            s.path("success").asBoolean(), failures));
                }
                variants.add(new Variant(need(v, "name").asText(), v.path("bootargs").asText(), seeds));
            }
            return new Demo(need(o, "cpus").asInt(), need(o, "duration_ns").asLong(), o.path("first_seed").asLong(), o.path("seeds").asInt(),
                    o.path("model_version").asText(), o.path("case").asText(), variants);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(f + ": not a pidemo result (" + firstLine(e) + ") (accepted: what pidemo --out DIR writes)");
        }
    }

    private static JsonNode need(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException("no \"" + key + "\"");
        return v;
    }

    static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m).trim();
    }

    /** The model this build runs (what a fresh demo records). */
    public static String model() {
        return ReplayFile.MODEL_VERSION;
    }
}
