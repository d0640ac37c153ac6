package org.proxytorture.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.proxytorture.config.BadInputException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A gate directory's page: the gate's JUnit XML (what {@code gate --junit-xml} writes: one
 * testcase per run, its identity, event hash, events and simulated time in system-out; a failure
 * element per way it fails the gate) and the replay files of gate-failures/ beside it.
 */
record GateReport(Path dir, Path xml, String suiteName, Map<String, String> properties, List<Case> cases) implements Input {
    static final String FAILURES_DIR = "gate-failures";

    /** A failure element: its type (new_failure, not_detected, moved_hash, cross_jvm, latency), message and body. */
    record Problem(String type, String message, String body) { }

    /**
     * One gate run.
     *
     * @param identity the failure identity, null if it passed
     * @param known    skipped as a failure the baseline knows
     */
    record Case(String name, String suite, double wallS, String identity, String hash, long events, double simS, List<Problem> problems, boolean known) {
        boolean catalog() {
            return suite.startsWith("catalog.");
        }

        /** A catalog run with its fault injected (not a .clean run). */
        boolean detect() {
            return catalog() && !name.contains(".clean.");
        }

        String verdict() {
            for (Problem p : problems) if (p.type().equals("new_failure") || p.type().equals("not_detected")) return p.type().toUpperCase(java.util.Locale.ROOT);
            if (known) return "KNOWN";
            if (detect()) return identity == null ? "NOT_DETECTED" : "DETECTED";
            return identity == null ? "PASSED" : "FAILURE";
        }

        long seed() {
            int at = name.lastIndexOf(".seed");
            try {
                return at < 0 ? -1 : Long.parseLong(name.substring(at + 5));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    private static final Pattern OUT = Pattern.compile("^(\\S+): (.*), event hash ([0-9a-f]+), (\\d+) events, ([0-9.]+) s simulated\\s*$", Pattern.DOTALL);

    /** The gate's JUnit XML files in {@code dir} (a testsuite named proxytorture.gate.*), by name. */
    static List<Path> suites(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                if (!f.getFileName().toString().endsWith(".xml") || !Files.isRegularFile(f)) continue;
                Element root = parse(f);
                if (root != null && root.getTagName().equals("testsuite") && root.getAttribute("name").startsWith("proxytorture.gate.")) out.add(f);
            }
        }
        return out;
    }

    private static Element parse(Path f) {
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            dbf.setExpandEntityReferences(false);
            return dbf.newDocumentBuilder().parse(f.toFile()).getDocumentElement();
        } catch (Exception e) { // not XML, or not well-formed: not a gate's file
            return null;
        }
    }

    static GateReport read(Path dir) throws IOException {
        List<Path> xs = suites(dir);
        if (xs.size() != 1) throw new BadInputException(dir + ": " + xs.size() + " gate JUnit XML files (accepted: a directory with one gate --junit-xml file)");
        Element root = parse(xs.get(0));
        Map<String, String> props = new TreeMap<>();
        NodeList ps = root.getElementsByTagName("property");
        for (int i = 0; i < ps.getLength(); i++) props.put(((Element) ps.item(i)).getAttribute("name"), ((Element) ps.item(i)).getAttribute("value"));
        List<Case> cases = new ArrayList<>();
        NodeList tcs = root.getElementsByTagName("testcase");
        for (int i = 0; i < tcs.getLength(); i++) cases.add(testcase((Element) tcs.item(i), xs.get(0)));
        return new GateReport(dir, xs.get(0), root.getAttribute("name"), props, cases);
    }

    private static Case testcase(Element t, Path xml) {
        List<Problem> problems = new ArrayList<>();
        NodeList fs = t.getElementsByTagName("failure");
        for (int j = 0; j < fs.getLength(); j++) {
            Element f = (Element) fs.item(j);
            problems.add(new Problem(f.getAttribute("type"), f.getAttribute("message"), f.getTextContent()));
        }
        NodeList outs = t.getElementsByTagName("system-out");
        String out = outs.getLength() == 0 ? "" : outs.item(0).getTextContent().trim();
        Matcher m = OUT.matcher(out);
        if (!m.matches()) throw new BadInputException(xml + ": testcase " + t.getAttribute("name") + " has no gate system-out line (accepted: what gate --junit-xml writes)");
        String id = m.group(2).equals("passed") ? null : m.group(2);
        return new Case(t.getAttribute("name"), t.getAttribute("classname"), parseD(t.getAttribute("time")), id, m.group(3), Long.parseLong(m.group(4)),
                Double.parseDouble(m.group(5)), problems, t.getElementsByTagName("skipped").getLength() > 0);
    }

    private static double parseD(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Report.Rendered render(Report.Links links) {
        Page p = new Page("proxytorture gate report: " + suiteName);
        GatePage.render(this, p, links);
        return new Report.Rendered("gate", p, Map.of());
    }
}
