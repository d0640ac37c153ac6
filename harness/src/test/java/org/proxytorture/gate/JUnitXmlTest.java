package org.proxytorture.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.check.Identity;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.BugCatalog;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Tag;

/**
 * The gate's JUnit XML validates against Surefire's schema (surefire-test-report.xsd of
 * maven-surefire 3.5.2, Apache-2.0, in the test resources) and holds one testcase per run: a
 * failure's message is its identity, a moved hash is a failure of its own, a known failure is
 * skipped.
 */
@Tag("fast")
class JUnitXmlTest {
    @TempDir
    Path dir;

    private static GateResult result(GateRun run, GateResult.Verdict v, Identity id, GateResult.HashState hs, String pinned) {
        return new GateResult(run, v, id, "00000000000000ab", hs, pinned, 1234, 5_000_000, 42,
                id == null ? List.of() : List.of("failure: " + id, "  <timeline & more>"), id == null ? null : Path.of("gate-failures", run.name() + ".json"), null, null);
    }

    @Test
    void oneTestcasePerRunInSurefiresSchema() throws Exception {
        Identity p2 = Identity.parse("placement/P2[task=lock_torture_wr]");
        GateRun a = new GateRun.Scenario("PROXY01", "PROXY01", 1, 1, BootArgs.EMPTY, true);
        GateRun b = new GateRun.Scenario("PROXY01", "PROXY01", 2, 1, BootArgs.EMPTY, false);
        GateRun c = new GateRun.Catalog(BugCatalog.byId("B05"), true, 1, 1, false);
        GateRun d = new GateRun.Scenario("LOCK06", "LOCK06", 1, 1, BootArgs.EMPTY, false);
        List<GateResult> rs = List.of(result(a, GateResult.Verdict.PASSED, null, GateResult.HashState.MOVED, "00000000000000aa"),
                result(b, GateResult.Verdict.NEW_FAILURE, p2, GateResult.HashState.UNPINNED, null),
                result(c, GateResult.Verdict.DETECTED, p2, GateResult.HashState.UNPINNED, null),
                result(d, GateResult.Verdict.KNOWN, Identity.parse("deadlock/hung_task[task=lock_torture_wr]"), GateResult.HashState.UNPINNED, null));
        Baseline base = new Baseline("m", List.of(new Baseline.Known("LOCK06", "deadlock/hung_task[task=lock_torture_wr]")), Map.of("PROXY01.seed1", "00000000000000aa"));
        Path xml = dir.resolve("gate.xml");
        JUnitXml.write(xml, "proxytorture.gate.T", rs, GateDiff.of(rs, base, "m"), 1.5);

        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResourceAsStream("/xsd/surefire-test-report.xsd")));
        schema.newValidator().validate(new StreamSource(xml.toFile()));

        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"), "the moved hash and the new failure");
        assertEquals("1", suite.getAttribute("skipped"), "the known failure");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element failed = (Element) cases.item(1);
        assertEquals("PROXY01.seed2", failed.getAttribute("name"));
        Element f = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals(p2.toString(), f.getAttribute("message"));
        assertTrue(f.getTextContent().contains("replay: scripts/proxytorture replay gate-failures" + java.io.File.separator + "PROXY01.seed2.json"));
        Element moved = (Element) ((Element) cases.item(0)).getElementsByTagName("failure").item(0);
        assertEquals("moved hash 00000000000000aa -> 00000000000000ab", moved.getAttribute("message"));
        assertTrue(Files.readString(xml).contains("&lt;timeline &amp; more&gt;"), "escaped");
    }
}
