package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.explore.ReplayFile;

/** Given bugs --shrink --out DIR for one catalog entry, its report shows the found and shrunk sizes the replay files hold, and draws them. */
class ReportBugsTest {
    @TempDir
    Path dir;

    @Test
    void aShrunkCatalogEntryIsReportedWithItsSizesBeforeAndAfter() throws Exception {
        Path out = dir.resolve("bugs");
        CliTest.Outcome b = CliTest.execute("bugs", "--shrink", "--only", "S02", "--seeds", "1", "--shrink-time", "2s", "--out", out.toString());
        // exit 1 when the 2 s shrink stops above the acceptance's bounds (machine speed decides); the files are written either way
        org.junit.jupiter.api.Assertions.assertTrue(b.code() == 0 || b.code() == 1, b.out() + b.err());
        CliTest.Outcome r = CliTest.execute("report", out.toString());
        assertEquals(0, r.code(), r.err());
        ReplayFile found = ReplayFile.read(out.resolve("bug-S02.json"));
        ReplayFile min = ReplayFile.read(out.resolve("bug-S02.min.json"));
        try (ReportBrowser p = new ReportBrowser(out.resolve("report/index.html"))) {
            p.assertEveryChartDrawn(2);
            List<String> row = p.row("bugs-table", "S02");
            assertEquals(List.of(found.identity().toString(), Long.toString(found.seed()), Integer.toString(found.cpus()), Long.toString(found.forcedChoices()),
                    Integer.toString(min.cpus()), Long.toString(min.forcedChoices())), row.subList(1, 7));
        }
    }

    /** Given bugs --out DIR (the detection table), its report shows each entry's detection over seeds as bugs.json holds it, and the CDF. */
    @Test
    void theDetectionTableIsReportedAsItsRunsFileHoldsIt() throws Exception {
        Path out = dir.resolve("table");
        CliTest.Outcome b = CliTest.execute("bugs", "--only", "B05,lock_busted", "--seeds", "3", "--duration", "300ms", "--jobs", "2", "--out", out.toString());
        assertEquals(0, b.code(), b.out() + b.err());
        var runs = org.proxytorture.config.Json.parseObject(java.nio.file.Files.readString(out.resolve("bugs.json"))).path("runs");
        assertEquals(12, runs.size(), "2 entries x 3 seeds, with and without the fault");
        double b05Max = 0;
        for (var x : runs) if (x.path("entry").asText().equals("B05") && x.path("injected").asBoolean()) b05Max = Math.max(b05Max, x.path("sim_ns").asLong() / 1e6);
        CliTest.Outcome r = CliTest.execute("report", out.toString());
        assertEquals(0, r.code(), r.err());
        try (ReportBrowser p = new ReportBrowser(out.resolve("report/index.html"))) {
            p.assertEveryChartDrawn(1);
            List<String> row = p.row("catalog-table", "B05");
            assertEquals(List.of("3", "3"), row.subList(1, 3), "seeds, detected");
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f", b05Max), row.get(5), "the slowest seed's simulated ms to detection");
            org.junit.jupiter.api.Assertions.assertTrue(p.page.asNormalizedText().contains("Clean runs (each entry's scenario without its fault): 6 of 6 passed."));
        }
    }
}
