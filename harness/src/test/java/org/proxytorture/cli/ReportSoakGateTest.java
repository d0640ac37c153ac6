package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a soak with an injected catalog fault (S02 in PROXY01: every run fails with one identity,
 * which is shrunk) and a gate over a scenario, the fault's detect runs and its clean run, the
 * report of each directory, loaded in a browser, shows the numbers the ledger and the JUnit XML
 * hold, links the failure's trace and replay files, and draws every chart.
 */
class ReportSoakGateTest {
    private static final String CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock").toString();

    @TempDir
    Path dir;

    @Test
    void aSoakWithAnInjectedFaultIsReportedAsItsLedgerHoldsIt() throws Exception {
        Path soak = dir.resolve("soak");
        CliTest.Outcome s = CliTest.execute("soak", "--config-dir", CONFIGS, "--configs", "PROXY01", "--runs", "3", "--duration", "200ms",
                "--inject", "S02", "--shrink-time", "2s", "--jobs", "1", "--results", soak.toString());
        assertEquals(1, s.code(), s.err());
        CliTest.Outcome r = CliTest.execute("report", soak.toString());
        assertEquals(0, r.code(), r.err());
        try (ReportBrowser b = new ReportBrowser(soak.resolve("report/index.html")); Connection c = DriverManager.getConnection("jdbc:sqlite:" + soak.resolve("soak.db"))) {
            b.assertEveryChartDrawn(3);
            List<String> row = b.row("overview-table", "PROXY01");
            assertEquals(List.of(q(c, "SELECT count(*) FROM runs"), q(c, "SELECT sum(verdict = 'SUCCESS') FROM runs"), q(c, "SELECT sum(verdict = 'FAILURE') FROM runs")),
                    row.subList(1, 4), "runs, SUCCESS, FAILURE");
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", Long.parseLong(q(c, "SELECT sum(sim_ns) FROM runs")) / 1e9), row.get(5), "simulated s");
            assertEquals(q(c, "SELECT sum(events) FROM runs"), row.get(7), "events");
            String acquired = q(c, "SELECT sum(acquisitions) FROM runs");
            assertEquals(acquired, row.get(8), "acquisitions");
            assertTrue(Long.parseLong(acquired) > 0, "locktorture's writers acquired: " + acquired);
            assertTrue(b.page.asNormalizedText().contains("PROXY01 ------- " + acquired + " acquisitions/releases ("), "kvm-recheck-lock.sh's line");
            assertTrue(row.get(4).startsWith("100.0 % [29.2, 100.0]"), "3 of 3 failed: Clopper-Pearson's 95 % interval: " + row.get(4));
            assertEquals(List.of(q(c, "SELECT model_version FROM runs LIMIT 1"), q(c, "SELECT count(*) FROM runs")),
                    List.of(b.table("provenance-table").get(0).get(0), b.table("provenance-table").get(0).get(5)), "provenance");

            String id = q(c, "SELECT identity FROM failures");
            List<String> f = b.row("failures-table", id);
            assertEquals(List.of(q(c, "SELECT count FROM failures"), q(c, "SELECT first_seen FROM failures"), q(c, "SELECT last_seen FROM failures"),
                    q(c, "SELECT seeds FROM failures")), List.of(f.get(1), f.get(3), f.get(4), f.get(5)), "count, first and last seen, seeds");
            String slug = q(c, "SELECT slug FROM failures");
            String text = b.page.asNormalizedText();
            assertTrue(text.contains("scripts/proxytorture shrink " + soak.resolve("failures").resolve(slug).resolve("found.json")), "the shrink command");
            assertTrue(text.contains("failure: " + id), "the shrunk timeline is shown");
            assertTrue(b.page.getAnchors().stream().anyMatch(a -> a.getHrefAttribute().endsWith("trace.chrome.json")), "the Perfetto-openable trace is linked");
            assertTrue(b.chartText("discovery-runs").contains("distinct identities"), "the discovery curve's axis");
        }
        assertEquals(4, Files.readAllLines(soak.resolve("report/runs.csv"), StandardCharsets.UTF_8).size(), "runs.csv: a header and 3 runs");
    }

    @Test
    void aGateDirectoryIsReportedAsItsJUnitXmlHoldsIt() throws Exception {
        Path gate = dir.resolve("gate");
        Path set = Files.writeString(dir.resolve("SET"), "duration 50ms\nscenario PROXY01 seeds=1\ndetect S02 seeds=1-3\nclean S02 seeds=1\n");
        CliTest.Outcome g = CliTest.execute("gate", "--config-dir", CONFIGS, "--set", set.toString(), "--junit-xml", gate.resolve("gate.xml").toString(),
                "--jobs", "1", "--cross-jvm-every", "0");
        assertEquals(0, g.code(), g.out() + g.err());
        CliTest.Outcome r = CliTest.execute("report", gate.toString());
        assertEquals(0, r.code(), r.err());
        String xml = Files.readString(gate.resolve("gate.xml"), StandardCharsets.UTF_8);
        try (ReportBrowser b = new ReportBrowser(gate.resolve("report/index.html"))) {
            b.assertEveryChartDrawn(1);
            assertEquals(List.of("catalog.S02", "4", "4", "0", "0"), b.row("overview-table", "catalog.S02").subList(0, 5), "3 detect runs and 1 clean, as expected");
            assertEquals(List.of("PROXY01", "1", "1", "0", "0"), b.row("overview-table", "PROXY01").subList(0, 5));
            List<String> cat = b.row("catalog-table", "S02");
            assertEquals(List.of("3", "3"), cat.subList(1, 3), "seeds, detected");
            assertTrue(cat.get(3).startsWith("100.0 % [29.2, 100.0]"), cat.get(3));
            for (List<String> run : b.table("runs-table")) {
                assertTrue(xml.contains(run.get(0) + ": " + (run.get(3).equals("-") ? "passed" : run.get(3)) + ", event hash " + run.get(4) + ", " + run.get(5) + " events"),
                        "the run's identity, hash and events as the XML has them: " + run);
            }
            assertTrue(b.page.asNormalizedText().contains("PASSED"), "the gate's verdict");
            List<String> prov = b.table("provenance-table").get(0);
            assertEquals(List.of(org.proxytorture.explore.ReplayFile.MODEL_VERSION, System.getProperty("java.version")), List.of(prov.get(0), prov.get(3)),
                    "the gate's provenance, from the XML's properties");
            assertTrue(xml.contains("<property name=\"commit\" value=\""), "the commit, in the XML");
            assertTrue(b.page.asNormalizedText().contains("fairness (locktorture's writer acquisitions") && g.out().contains("fairness (locktorture's writer acquisitions"),
                    "the diff as the gate printed it, statistical comparisons included");
            assertTrue(b.chartText("catalog-cdf").contains("fraction of seeds detected"), b.chartText("catalog-cdf"));
        }
    }

    private static String q(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
