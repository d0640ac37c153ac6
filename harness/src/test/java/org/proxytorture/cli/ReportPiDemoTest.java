package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given pidemo --out DIR (no PI, lock_pi, proxy full; two seeds of 300 ms), then report DIR: the
 * .hgrm files are HdrHistogram's own (its HistogramLogProcessor makes the same from the .hlog its
 * HistogramLogReader reads), and the page, in a browser, shows each variant's numbers and draws the
 * latency histogram and the percentile distribution with the three variants side by side.
 */
class ReportPiDemoTest {
    static final List<String> VARIANTS = List.of("no-proxy", "pi", "proxy-full");

    @TempDir
    Path dir;

    @Test
    void pidemoOutThenReportGivesHdrHistogramFilesAndAPageWithBothPlots() throws Exception {
        Path pd = dir.resolve("pd");
        CliTest.Outcome demo = CliTest.execute("pidemo", "--duration", "300ms", "--seeds", "2", "--out", pd.toString());
        assertEquals(0, demo.code(), demo.err());
        for (String v : VARIANTS) hgrmIsHdrHistogramsOwn(pd, v);

        CliTest.Outcome r = CliTest.execute("report", pd.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pidemo directory, 2 charts"), r.out());
        try (ReportBrowser b = new ReportBrowser(pd.resolve("report/index.html"))) {
            b.assertEveryChartDrawn(2);
            for (String v : VARIANTS) {
                Histogram h = readHlog(pd.resolve(v + ".hlog"));
                List<String> row = b.row("overview-table", v);
                assertEquals("2", row.get(1), "seeds");
                assertEquals(Long.toString(h.getTotalCount()), row.get(2), v + ": samples");
                assertEquals(String.format(java.util.Locale.ROOT, "%.3f", h.getMaxValue() / 1e3), row.get(7), v + ": max us");
                assertEquals(v + ".hgrm", row.get(10), "the .hgrm linked");
            }
            String hist = b.chartText("latency-histogram");
            for (String v : VARIANTS) assertTrue(hist.contains(v), "histogram legend has " + v + ": " + hist);
            assertTrue(hist.contains("lock latency (us, log"), hist);
            assertTrue(hist.contains("samples per bin (count, log)"), hist);
            String pct = b.chartText("latency-percentiles");
            assertTrue(pct.contains("99.9%") && pct.contains("percentile"), pct);
            assertEquals(VARIANTS.size(), b.table("seeds-table").size(), "an interval row per variant");
        }
    }

    /** HdrHistogram reads the .hlog back, and its HistogramLogProcessor writes from it the .hgrm pidemo wrote. */
    private static void hgrmIsHdrHistogramsOwn(Path pd, String variant) throws Exception {
        Histogram h = readHlog(pd.resolve(variant + ".hlog"));
        assertTrue(h.getTotalCount() > 0, variant + ": samples in the .hlog");
        Path base = pd.resolve("processed-" + variant);
        HistogramLogProcessor p = new HistogramLogProcessor(new String[] {"-i", pd.resolve(variant + ".hlog").toString(), "-o", base.toString(),
            "-outputValueUnitRatio", "1000", "-percentilesOutputTicksPerHalf", "5"});
        p.run();
        assertEquals(dataRows(base.resolveSibling(base.getFileName() + ".hgrm")), dataRows(pd.resolve(variant + ".hgrm")), variant + ".hgrm");
    }

    private static Histogram readHlog(Path f) throws Exception {
        HistogramLogReader r = new HistogramLogReader(f.toFile());
        Histogram h = (Histogram) r.nextIntervalHistogram();
        r.close();
        return h;
    }

    /** The .hgrm's table rows (value, percentile, total count, 1/(1-percentile)) and its Mean/Max/Total lines; not the Buckets line, nor the processor's header line. */
    private static List<String> dataRows(Path hgrm) throws Exception {
        return Files.readAllLines(hgrm, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank() && !l.contains("Buckets") && !l.startsWith("#[Overall percentile distribution")).toList();
    }
}
