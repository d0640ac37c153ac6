package org.proxytorture.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cross-JVM determinism: a sample of the gate's runs re-run in a child JVM with another collector
 * and heap size ({@link #CHILD_FLAGS}), through the gate itself (a set of those runs, pinned, and a
 * baseline holding the parent's hashes): a hash the child gets otherwise is a difference between
 * JVMs, reported with both hashes.
 */
public final class CrossJvm {
    /** The child's JVM: the serial collector in a small heap (the parent runs the default, G1). */
    public static final List<String> CHILD_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx128m", "-XX:-OmitStackTraceInFastThrow");

    /** One sampled run: its hash here and in the child (null if the child did not report it). */
    public record Sample(String run, String hash, String childHash) {
        public boolean differs() {
            return !hash.equals(childHash);
        }
    }

    private CrossJvm() { }

    /** Every {@code every}-th result in set order, from the first (none if every is 0). */
    public static List<GateResult> sample(List<GateResult> results, int every) {
        List<GateResult> out = new ArrayList<>();
        if (every <= 0) return out;
        for (int i = 0; i < results.size(); i += every) out.add(results.get(i));
        return out;
    }

    /**
     * Re-runs {@code sample} in a child JVM started from this one's java and class path, in
     * {@code dir}; the child's verdict on each pinned hash is parsed from its output.
     */
    public static List<Sample> check(List<GateResult> sample, Path configDir, String model, Path dir) {
        if (sample.isEmpty()) return List.of();
        try {
            Files.createDirectories(dir);
            Path set = dir.resolve("CROSSJVM");
            List<String> lines = new ArrayList<>();
            Map<String, String> hashes = new TreeMap<>();
            for (GateResult r : sample) {
                lines.add(r.run().directive());
                hashes.put(r.run().name(), r.hash());
            }
            Files.write(set, lines, StandardCharsets.UTF_8);
            Path base = dir.resolve("CROSSJVM.baseline");
            Files.writeString(base, new Baseline(model, List.of(), hashes).text(), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(CHILD_FLAGS);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.proxytorture.cli.Main", "gate", "--set", set.toString(),
                    "--baseline", base.toString(), "--config-dir", configDir.toString(), "--jobs", "1", "--cross-jvm-every", "0",
                    "--failures", dir.resolve("failures").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            int code = p.waitFor();
            List<String> out = Files.readAllLines(dir.resolve("child.log"), StandardCharsets.UTF_8);
            List<Sample> samples = parse(sample, out);
            if (code == 3 || code == 2 || samples.stream().anyMatch(s -> s.childHash() == null))
                throw new IllegalStateException("the cross-JVM child gate exited " + code + " without a hash for every run; its log: " + dir.resolve("child.log"));
            return samples;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cross-JVM check in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cross-JVM check interrupted", e);
        }
    }

    /** The child's per-run lines: "  NAME  verdict (hash HEX, ...". */
    static List<Sample> parse(List<GateResult> sample, List<String> childOutput) {
        Map<String, String> child = new TreeMap<>();
        for (String l : childOutput) {
            String[] w = l.strip().split("\\s+");
            int h = l.indexOf("(hash ");
            if (w.length > 1 && h > 0) child.putIfAbsent(w[0], l.substring(h + 6, h + 22));
        }
        return sample.stream().map(r -> new Sample(r.run().name(), r.hash(), child.get(r.run().name()))).toList();
    }
}
