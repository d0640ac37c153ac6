package org.proxytorture.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Catalog entries' detection over seeds, as the gate's and bugs' pages show it: per entry the
 * detection rate with its Clopper-Pearson interval, the median and worst simulated time to the
 * first violation, and the time to detection as a CDF over seeds.
 *
 * @param msDetected the detecting seeds' simulated ms to the first violation
 */
record Detection(String entry, int seeds, double[] msDetected) {

    static void render(Page p, List<Detection> entries) {
        List<List<Object>> rows = new ArrayList<>();
        List<Charts.Series> cdf = new ArrayList<>();
        for (Detection d : entries) {
            double[] ms = d.msDetected().clone();
            java.util.Arrays.sort(ms);
            rows.add(List.of(d.entry(), d.seeds(), ms.length, Stats.clopperPearson(ms.length, d.seeds()).percent(),
                    ms.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", ms[ms.length / 2]), ms.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", ms[ms.length - 1])));
            List<double[]> pts = new ArrayList<>();
            if (ms.length > 0) pts.add(new double[] {Math.max(ms[0], 0.001), 0}); // the CDF rises from 0
            for (int i = 0; i < ms.length; i++) pts.add(new double[] {Math.max(ms[i], 0.001), (i + 1.0) / d.seeds()});
            cdf.add(Charts.Series.of(d.entry(), pts));
        }
        p.table("catalog-table", List.of("entry", "seeds", "detected", "detection rate, 95 % CI (Clopper-Pearson)", "median ms to detection", "max ms"), rows);
        p.chart("catalog-cdf", Charts.xy(new Charts.Axes("Time to detection per catalog entry (CDF over seeds)", "simulated time to the first violation (ms, log)",
                "fraction of seeds detected", true, false), cdf, true, Charts.XLabels.NUMBER), "Each step is one seed's detection; a curve below 1 at its end: seeds that did not detect.");
    }
}
