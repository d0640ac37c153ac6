package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.check.Identity;
import org.proxytorture.soak.Host;
import org.proxytorture.soak.Ledger;
import org.proxytorture.soak.RunRecord;
import org.proxytorture.soak.Shard;
import org.proxytorture.soak.SoakRecipe;
import org.proxytorture.soak.Stop;

/**
 * The measurement of issue 20's size bound, not a timed assertion: a soak ledger of 10,000 runs
 * over 4 scenarios with 20 failure identities (written through the soak's own Ledger API), its
 * report's size and the time HtmlUnit takes to load it and draw every chart, printed.
 * Slow (the ledger commits each run in its own transaction): mvn -B test -Dgroups=slow -DexcludedGroups= -Dtest=ReportScaleTest
 */
@Tag("slow")
class ReportScaleTest {
    static final int RUNS = 10_000;
    static final int IDENTITIES = 20;

    @TempDir
    Path dir;

    @Test
    void tenThousandRunsAndTwentyIdentities() throws Exception {
        Path soak = dir.resolve("soak");
        List<String> scenarios = List.of("LOCK01", "LOCK05", "PROXY01", "PROXY06");
        Instant t0 = Instant.parse("2026-12-06T22:00:00Z");
        try (Ledger l = Ledger.create(soak, new SoakRecipe("LOCK01 LOCK05 PROXY01 PROXY06", "configs", "", "", null, List.of(), 1, 10_000_000_000L, 60_000, Shard.WHOLE),
                new Stop((long) RUNS, null), new Host("0.1.0-SNAPSHOT", "0123456789abcdef0123456789abcdef01234567", "17.0.15", "bench"))) {
            for (int i = 0; i < RUNS; i++) {
                // identity k is first seen at run 25 k^2 (a discovery curve that flattens); one run in 20 fails, with one of the identities seen so far
                int k = (int) Math.min(IDENTITIES - 1, Math.floor(Math.sqrt(i / 25.0)));
                int j = (i / 20) % (k + 1);
                Identity id = i % 20 == 7 ? Identity.of("checker" + j, "I" + j, "lock=l" + j) : null;
                l.record(new RunRecord(i, scenarios.get(i % 4), 1 + i / 4, 4, 8, 1000, 10_000_000_000L, "locktorture.torture_type=mutex_lock",
                        t0.plusMillis(2_900L * i).toString(), 2_800 + i % 300, 1_000_000 + i, 10_000_000_000L, String.format("%016x", 31L * i), id,
                        id == null ? 0 : 1000 + i, List.of(), 400_000 + i));
            }
        }
        long t = System.nanoTime();
        CliTest.Outcome r = CliTest.execute("report", soak.toString());
        long reportMs = (System.nanoTime() - t) / 1_000_000;
        assertEquals(0, r.code(), r.err());
        Path index = soak.resolve("report/index.html");
        long cold;
        try (ReportBrowser b = new ReportBrowser(index)) {
            b.assertEveryChartDrawn(3);
            assertEquals(IDENTITIES, b.table("failures-table").size());
            cold = b.loadMs;
        }
        try (ReportBrowser again = new ReportBrowser(index)) { // the chart library compiled: what the page itself costs
            again.assertEveryChartDrawn(3);
            System.out.printf("ReportScaleTest: %d runs, %d identities: report written in %d ms; index.html %d bytes (runs.csv %d bytes beside it);"
                    + " HtmlUnit loaded it and drew its charts in %d ms in a fresh JVM (ECharts compiled first), %d ms the second time%n", RUNS, IDENTITIES,
                    reportMs, Files.size(index), Files.size(soak.resolve("report/runs.csv")), cold, again.loadMs);
        }
    }
}
