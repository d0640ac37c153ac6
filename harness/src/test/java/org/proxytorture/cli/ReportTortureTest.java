package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.run.RunSummary;

/**
 * A scripts/torture results directory (res/DATE/RUN/: summary.json, console.log), its runs made
 * as the runner makes them (each is the harness's run command, its stdout the console), reported:
 * kvm-recheck-lock.sh's line and the acquisitions as summary.json has them, the fairness plots and
 * the proxy coverage with its never-hit branches. And the same kind of directory with hostile
 * names: nothing in it runs, and the tables keep their shape.
 */
class ReportTortureTest {
    private static final String CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock").toString();

    @TempDir
    Path dir;

    @Test
    void aRunnerResultsDirectoryShowsTheRecheckLineFairnessAndCoverage() throws Exception {
        Path res = dir.resolve("res");
        for (String[] run : List.of(new String[] {"PROXY01", "1"}, new String[] {"PROXY01.2", "2"})) {
            Path d = Files.createDirectories(res.resolve(run[0]));
            CliTest.Outcome o = CliTest.execute("run", "--scenario", "PROXY01", "--config-dir", CONFIGS, "--duration", "300ms", "--seed", run[1],
                    "--label", run[0], "--summary-out", d.resolve("summary.json").toString());
            assertEquals(0, o.code(), o.err());
            Files.writeString(d.resolve("console.log"), o.out() + o.err(), StandardCharsets.UTF_8);
        }
        CliTest.Outcome r = CliTest.execute("report", res.toString());
        assertEquals(0, r.code(), r.err());
        RunSummary one = RunSummary.parse(Files.readString(res.resolve("PROXY01/summary.json")));
        RunSummary two = RunSummary.parse(Files.readString(res.resolve("PROXY01.2/summary.json")));
        try (ReportBrowser b = new ReportBrowser(res.resolve("report/index.html"))) {
            b.assertEveryChartDrawn(3);
            List<String> row = b.row("overview-table", "PROXY01");
            assertEquals(List.of("2", "2", "0", "0"), row.subList(1, 5), "runs, SUCCESS, FAILURE, not run");
            assertEquals(Long.toString(one.acquisitions() + two.acquisitions()), row.get(7), "acquisitions");
            String text = b.page.asNormalizedText();
            // kvm-recheck-lock.sh: "PROXY01 ------- 123 acquisitions/releases (410 per second)", a 300 ms run counting as 1 s
            assertTrue(text.contains("PROXY01 ------- " + one.acquisitions() + " acquisitions/releases (" + one.acquisitions() + " per second)"), text);
            assertEquals(one.stats().trim(), b.row("runs-table", "PROXY01").get(5), "the last stats line");
            assertEquals(List.of(org.proxytorture.explore.ReplayFile.MODEL_VERSION, System.getProperty("java.version"), "2"),
                    List.of(b.table("provenance-table").get(0).get(0), b.table("provenance-table").get(0).get(3), b.table("provenance-table").get(0).get(5)),
                    "the runs' provenance, from their summary.json: model version, Java, runs");
            assertEquals(one.provenance(), two.provenance());
            assertTrue(b.chartText("fairness-spread").contains("acquisitions per writer (count)"));
            List<List<String>> cov = b.table("coverage-table");
            assertTrue(cov.size() > 10, "a row per find_proxy_task/return branch: " + cov);
            String console = Files.readString(res.resolve("PROXY01/console.log"));
            for (List<String> c : cov) if (c.get(1).equals("0")) assertEquals("never hit", c.get(2), c.toString());
            if (console.contains("never hit:")) assertTrue(cov.stream().anyMatch(c -> c.get(2).equals("never hit")), "never-hit branches are marked");
        }
    }

    @Test
    void hostileNamesAreTextNotMarkup() throws Exception {
        String evil = "E<script>alert(1)</script>\"'</table></pre>";
        String boot = "locktorture.x=\"><script>alert(2)</script></table><b>bold</b>";
        Path res = dir.resolve("evil");
        Path d = Files.createDirectories(res.resolve("RUN1"));
        RunSummary s = new RunSummary(evil, 7, 4, 1000, 1_000_000_000L, boot, "locktorture", "FAILURE", 1234, 1, 99, "00ff00ff00ff00ff", 10, 5,
                "Writes:  Total: 1234  Max/Min: 400/200   Fail: 1 !!!", List.of("VIOLATION x/y[lock=</details><script>alert(3)</script>]"), 1000);
        Files.writeString(d.resolve("summary.json"), s.toJson());
        Files.writeString(d.resolve("console.log"), "[    1.000000] Writes:  Total: 1234  Max/Min: 400/200   Fail: 1 !!!\n");
        CliTest.Outcome r = CliTest.execute("report", res.toString());
        assertEquals(0, r.code(), r.err());
        try (ReportBrowser b = new ReportBrowser(res.resolve("report/index.html"))) {
            b.assertEveryChartDrawn(2); // no alert ran, no script error
            assertEquals(2 + 2, ReportBrowser.all(b.page, "script").size(), "the library, the page's script and one option per chart: no other script");
            assertTrue(ReportBrowser.all(b.page, "b").isEmpty(), "no markup from the bootargs");
            assertEquals(List.of(List.of(evil, "1", "0", "1", "0")), b.table("overview-table").stream().map(x -> x.subList(0, 5)).toList(), "one row, its cells in place");
            List<List<String>> runs = b.table("runs-table");
            assertEquals(1, runs.size());
            assertEquals(8, runs.get(0).size(), "every column of the runs table, none swallowed");
            assertEquals(List.of(evil, boot), List.of(runs.get(0).get(0), runs.get(0).get(7)), "the names as text");
            assertTrue(b.page.asNormalizedText().contains("VIOLATION x/y[lock=</details><script>alert(3)</script>]"), "the failure shown as text");
            assertTrue(b.chartText("fairness-spread").contains(evil), "the name in the chart, as text");
            assertFalse(b.page.getTitleText().contains("<"), b.page.getTitleText());
        }
    }
}
