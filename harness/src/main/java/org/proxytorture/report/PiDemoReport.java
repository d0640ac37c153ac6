package org.proxytorture.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.proxytorture.run.Latencies;

/**
 * pidemo --out DIR's page: the foreground's lock latency under no PI, rt_mutex-style PI and each
 * proxy variant: a cyclictest-style histogram on log scales, HdrHistogram's percentile
 * distribution, the samples over 10 ms, and intervals of the percentiles over seeds.
 */
record PiDemoReport(java.nio.file.Path dir, PiDemoFiles.Demo demo) implements Input {
    static final long TEN_MS = 10_000_000L;
    static final double[] PERCENTILES = {50, 99, 99.9, 99.99};
    /** Histogram bins per decade of latency. */
    static final int BINS_PER_DECADE = 10;

    @Override
    public Report.Rendered render(Report.Links links) {
        Page p = new Page("proxytorture pidemo report");
        p.h1("Priority-inversion demo: the foreground's lock latency");
        p.p("Case ", Page.code(demo.caseName()), ", " + demo.cpus() + " CPUs, " + Format.duration(demo.durationNs()) + " simulated per run, seeds "
                + demo.firstSeed() + (demo.seeds() > 1 ? ".." + (demo.firstSeed() + demo.seeds() - 1) : "") + "; model ", Page.code(demo.model()), ".");
        summary(p, links);
        plots(p);
        overSeeds(p);
        return new Report.Rendered("pidemo", p, Map.of());
    }

    private void summary(Page p, Report.Links links) {
        p.h2("overview", "Overview per variant");
        List<List<Object>> rows = new ArrayList<>();
        for (PiDemoFiles.Variant v : demo.variants()) {
            Histogram h = v.pooled().histogram();
            boolean ok = v.seeds().stream().allMatch(PiDemoFiles.Seed::success);
            rows.add(List.of(v.name(), v.seeds().size(), h.getTotalCount(), us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)),
                    us(h.getValueAtPercentile(99.9)), us(h.getValueAtPercentile(99.99)), us(h.getMaxValue()), over10ms(v.pooled()), GatePage.verdictCell(ok ? "SUCCESS" : "FAILURE"),
                    Page.link(links.to(dir.resolve(v.name() + ".hgrm")), v.name() + ".hgrm"), v.bootargs()));
        }
        p.table("overview-table", List.of("variant", "seeds", "samples", "p50 us", "p99 us", "p99.9 us", "p99.99 us", "max us", "> 10 ms", "verdict", "percentiles", "bootargs"), rows);
        p.p("The .hgrm files are HdrHistogram's percentile distribution of each variant (seeds pooled; values in us), as its tools read them.");
        for (PiDemoFiles.Variant v : demo.variants())
            for (PiDemoFiles.Seed s : v.seeds()) for (String f : s.failures()) p.p(Page.cls("bad", v.name() + " seed " + s.seed()), " " + f);
    }

    private void plots(Page p) {
        p.h2("plots", "Latency plots");
        List<Charts.Series> hist = new ArrayList<>(), pct = new ArrayList<>();
        for (PiDemoFiles.Variant v : demo.variants()) {
            hist.add(Charts.Series.of(v.name(), histogram(v.pooled())));
            pct.add(Charts.Series.of(v.name(), percentiles(v.pooled().histogram())));
        }
        p.chart("latency-histogram", Charts.xy(new Charts.Axes("Foreground lock latency histogram (cyclictest style)", "lock latency (us, log; "
                + BINS_PER_DECADE + " bins per decade)", "samples per bin (count, log)", true, true), hist, true, Charts.XLabels.NUMBER),
                "Every lock acquisition of the foreground task, all variants side by side; a tail to the right is priority inversion.");
        p.chart("latency-percentiles", Charts.xy(new Charts.Axes("Foreground lock latency by percentile (HdrHistogram)", "percentile",
                "lock latency (us, log)", true, true), pct, false, Charts.XLabels.PERCENTILE),
                "HdrHistogram's percentile distribution: x is 1/(1-percentile) on a log scale (90 %, 99 %, 99.9 %, ...).");
    }

    /** Intervals of each percentile over seeds: the percentile once per seed, Student's t over those. */
    private void overSeeds(Page p) {
        p.h2("seeds", "Percentiles over seeds (95 % CI, Student's t)");
        List<List<Object>> rows = new ArrayList<>();
        for (PiDemoFiles.Variant v : demo.variants()) {
            List<Object> row = new ArrayList<>(List.of(v.name(), v.seeds().size()));
            for (double q : PERCENTILES) {
                double[] xs = v.seeds().stream().filter(s -> !s.latencies().isEmpty()).mapToDouble(s -> s.latencies().histogram().getValueAtPercentile(q) / 1e3).toArray();
                Stats.Interval ci = Stats.meanT(xs);
                row.add(Double.isNaN(ci.lo()) ? String.format(Locale.ROOT, "%.1f", ci.estimate()) : ci.plain("%.1f"));
            }
            long[] over = v.seeds().stream().mapToLong(s -> over10ms(s.latencies())).toArray();
            long runsOver = java.util.Arrays.stream(over).filter(x -> x > 0).count();
            row.add(Stats.clopperPearson(runsOver, over.length).percent());
            rows.add(row);
        }
        p.table("seeds-table", List.of("variant", "seeds", "p50 us", "p99 us", "p99.9 us", "p99.99 us", "seeds with a > 10 ms wait, 95 % CI (Clopper-Pearson)"), rows);
        if (demo.seeds() < 2) p.p("One seed per variant, so no interval: pidemo --seeds N gives intervals over N seeds.");
    }

    static long over10ms(Latencies l) {
        long n = 0;
        for (int i = 0; i < l.valuesNs().length; i++) if (l.valuesNs()[i] > TEN_MS) n += l.counts()[i];
        return n;
    }

    /** Log-spaced bins (us): each non-empty bin's geometric centre and count. */
    static List<double[]> histogram(Latencies l) {
        java.util.TreeMap<Integer, Long> bins = new java.util.TreeMap<>();
        for (int i = 0; i < l.valuesNs().length; i++) {
            double us = Math.max(l.valuesNs()[i] / 1e3, 0.001);
            bins.merge((int) Math.floor(Math.log10(us) * BINS_PER_DECADE), l.counts()[i], Long::sum);
        }
        List<double[]> out = new ArrayList<>();
        if (bins.isEmpty()) return out;
        // every bin from the first to the last: an empty one is a gap in the line (NaN: null in the chart), not a bridge
        for (int b = bins.firstKey(); b <= bins.lastKey(); b++) out.add(new double[] {Math.pow(10, (b + 0.5) / BINS_PER_DECADE), bins.getOrDefault(b, 0L) == 0 ? Double.NaN : bins.get(b)});
        return out;
    }

    /** HdrHistogram's percentile iteration: (1/(1-p), latency us), up to the last percentile below 100. */
    static List<double[]> percentiles(Histogram h) {
        List<double[]> out = new ArrayList<>();
        if (h.getTotalCount() == 0) return out;
        for (HistogramIterationValue v : h.percentiles(5)) {
            double q = v.getPercentileLevelIteratedTo() / 100.0;
            if (q >= 1.0) break;
            out.add(new double[] {1 / (1 - q), Math.max(h.highestEquivalentValue(v.getValueIteratedTo()) / 1e3, 0.001)});
        }
        return out;
    }

    private static double us(long ns) {
        return ns / 1e3;
    }
}
