package org.proxytorture.gate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The gate's results as JUnit XML in Surefire's schema (surefire-test-report.xsd, which GitHub
 * Actions, GitLab CI and Jenkins read): one testsuite for the set, one testcase per run named
 * SCENARIO.seedN with the scenario (or catalog.Bnn) as its classname. A failure's message is its
 * identity and its body the timeline and the replay command; a moved pinned hash is a failure
 * of its own; a known failure is skipped with the baseline's reason.
 */
public final class JUnitXml {
    /** Beside the XML: the gate's diff against the baseline as printed (latency and fairness comparisons included). */
    public static final String DIFF_FILE = "gate-diff.txt";

    private JUnitXml() { }

    public static void write(Path file, String suiteName, List<GateResult> results, GateDiff diff, double wallSeconds) {
        write(file, suiteName, results, diff, wallSeconds, java.util.Map.of());
    }

    /** The same, with the gate's provenance as testsuite properties (harness, commit, java, host), in key order. */
    public static void write(Path file, String suiteName, List<GateResult> results, GateDiff diff, double wallSeconds,
            java.util.Map<String, String> provenance) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (OutputStream os = Files.newOutputStream(file)) {
                XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
                w.writeStartDocument("UTF-8", "1.0");
                w.writeCharacters("\n");
                suite(w, suiteName, results, diff, wallSeconds, new java.util.TreeMap<>(provenance));
                w.writeEndDocument();
                w.close();
            }
        } catch (IOException | XMLStreamException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static void suite(XMLStreamWriter w, String name, List<GateResult> results, GateDiff diff, double wall,
            java.util.SortedMap<String, String> provenance) throws XMLStreamException {
        long failures = results.stream().filter(r -> failed(r, diff)).count();
        long skipped = results.stream().filter(r -> r.verdict() == GateResult.Verdict.KNOWN).count();
        w.writeStartElement("testsuite");
        w.writeAttribute("name", name);
        w.writeAttribute("time", seconds(wall));
        w.writeAttribute("tests", Integer.toString(results.size()));
        w.writeAttribute("errors", "0");
        w.writeAttribute("skipped", Long.toString(skipped));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeCharacters("\n");
        w.writeStartElement("properties");
        property(w, "model", diff.model());
        property(w, "baseline.model", diff.baselineModel() == null ? "none" : diff.baselineModel());
        for (var e : provenance.entrySet()) property(w, e.getKey(), e.getValue());
        w.writeEndElement();
        w.writeCharacters("\n");
        for (GateResult r : results) testcase(w, r, diff);
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    private static boolean failed(GateResult r, GateDiff diff) {
        return r.verdict().failsGate || (r.hashState() == GateResult.HashState.MOVED && !diff.modelChanged())
                || diff.crossJvmDifference(r.run()).isPresent() || latencyFailure(r, diff) != null
                || fairnessFailure(r, diff) != null;
    }

    private static void testcase(XMLStreamWriter w, GateResult r, GateDiff diff) throws XMLStreamException {
        w.writeStartElement("testcase");
        w.writeAttribute("name", r.run().name());
        w.writeAttribute("classname", r.run().suite());
        w.writeAttribute("time", seconds(r.wallMs() / 1000.0));
        if (r.verdict().failsGate) {
            StringBuilder body = new StringBuilder();
            for (String l : r.timeline()) body.append(l).append('\n');
            if (r.replay() != null) body.append("replay: scripts/proxytorture replay ").append(r.replay()).append('\n');
            failure(w, r.verdict().name().toLowerCase(Locale.ROOT), r.identity() == null ? "not detected: the run passed" : r.identity().toString(), body.toString());
        }
        if (r.hashState() == GateResult.HashState.MOVED && !diff.modelChanged())
            failure(w, "moved_hash", "moved hash " + r.pinnedHash() + " -> " + r.hash(), "The pinned event hash moved under the same MODEL_VERSION ("
                    + diff.model() + "): a model change without a version bump, or nondeterminism.\n");
        var other = diff.crossJvmDifference(r.run());
        if (other.isPresent())
            failure(w, "cross_jvm", "cross-JVM: hash " + other.get().hash() + " here, " + other.get().childHash() + " under " + String.join(" ", CrossJvm.CHILD_FLAGS),
                    "The same run gave another event hash in a child JVM with another collector and heap: nondeterminism.\n");
        LatencyCheck.Result lat = latencyFailure(r, diff);
        if (lat != null)
            failure(w, "latency", String.format("latency: significant change in %s (Mann-Whitney U p=%.3g, r=%+.3f)", lat.suite(), lat.p(), lat.effect()), lat.line() + "\n");
        FairnessCheck.Result fair = fairnessFailure(r, diff);
        if (fair != null)
            failure(w, "fairness", String.format("fairness: significant change in %s (Brown-Forsythe p=%.3g, Max/Min now/base %.2fx)", fair.suite(), fair.p(), fair.effect()),
                    fair.line() + "\n");
        if (r.verdict() == GateResult.Verdict.KNOWN) {
            w.writeStartElement("skipped");
            w.writeAttribute("message", "known failure (baseline): " + r.identity());
            w.writeEndElement();
        }
        w.writeStartElement("system-out");
        w.writeCharacters(String.format("%s: %s, event hash %s, %d events, %.3f s simulated%n", r.run().name(),
                r.identity() == null ? "passed" : r.identity().toString(), r.hash(), r.events(), r.simNs() / 1e9));
        w.writeEndElement();
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    /** The suite's failing latency check, on the suite's first run (seed) only; null otherwise. */
    private static LatencyCheck.Result latencyFailure(GateResult r, GateDiff diff) {
        for (LatencyCheck.Result l : diff.latency())
            if (l.failsGate() && l.suite().equals(r.run().suite()) && r.latencies() != null && !r.latencies().isEmpty() && l.firstRun().equals(r.run().name())) return l;
        return null;
    }

    private static FairnessCheck.Result fairnessFailure(GateResult r, GateDiff diff) {
        for (FairnessCheck.Result f : diff.fairness()) if (f.failsGate() && f.firstRun().equals(r.run().name())) return f;
        return null;
    }

    /** A {@code <failure type= message=>body</failure>}. */
    private static void failure(XMLStreamWriter w, String type, String message, String body) throws XMLStreamException {
        w.writeStartElement("failure");
        w.writeAttribute("message", message);
        w.writeAttribute("type", type);
        w.writeCharacters(body);
        w.writeEndElement();
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", value);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
