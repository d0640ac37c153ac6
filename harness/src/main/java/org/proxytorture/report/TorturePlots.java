package org.proxytorture.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The runner's plots: locktorture's fairness (Max/Min acquisitions per writer) and proxy coverage. */
final class TorturePlots {
    private TorturePlots() { }

    static void fairness(List<TortureReport.Run> runs, Page p) {
        p.h2("fairness", "locktorture fairness");
        List<String> names = new ArrayList<>();
        double[] max = new double[runs.size()], min = new double[runs.size()];
        List<Charts.Series> over = new ArrayList<>();
        int n = 0;
        for (TortureReport.Run r : runs) {
            ConsoleLog.Stat last = r.console().last();
            if (last == null) continue;
            names.add(r.summary().scenario());
            max[n] = last.max();
            min[n++] = last.min();
            List<double[]> hi = new ArrayList<>(List.of(new double[] {0, 0})), lo = new ArrayList<>(List.of(new double[] {0, 0})); // none at boot
            for (ConsoleLog.Stat s : r.console().writes()) {
                hi.add(new double[] {s.seconds(), s.max()});
                lo.add(new double[] {s.seconds(), s.min()});
            }
            if (over.size() < 12) {
                over.add(Charts.Series.of(r.summary().scenario() + " max", hi));
                over.add(Charts.Series.of(r.summary().scenario() + " min", lo));
            }
        }
        p.chart("fairness-spread", Charts.bars(new Charts.Axes("Acquisitions per writer: the busiest (Max) and the idlest (Min)", "run",
                "acquisitions per writer (count)", false, false), names, List.of("Max", "Min"), List.of(java.util.Arrays.copyOf(max, n), java.util.Arrays.copyOf(min, n))),
                "locktorture's last Writes: line of each run; locktorture prints ??? when Max/2 > Min (a starved writer).");
        p.chart("fairness-time", Charts.xy(new Charts.Axes("Acquisitions per writer over time", "simulated time (s)", "acquisitions per writer so far (count)",
                false, false), over, false, Charts.XLabels.NUMBER), "Each stats line (every stat_interval seconds): Max and Min per run (the first six runs).");
    }

    static void coverage(List<TortureReport.Run> runs, Page p) {
        Map<String, Long> hits = new TreeMap<>();
        for (TortureReport.Run r : runs) r.console().coverage().forEach((b, c) -> hits.merge(b, c, Long::sum));
        if (hits.isEmpty()) return;
        p.h2("coverage", "Proxy coverage");
        List<String> never = hits.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
        List<String> cats = new ArrayList<>();
        double[] v = new double[hits.size()];
        int i = 0;
        for (var e : hits.entrySet()) {
            cats.add(e.getValue() == 0 ? e.getKey() + " (NEVER HIT)" : e.getKey());
            v[i++] = e.getValue();
        }
        p.chart("coverage-branches", Charts.bars(new Charts.Axes("Hits per find_proxy_task/return branch (all runs)", "branch", "hits (count, log)", false, true),
                cats, List.of("hits"), List.of(v)), never.isEmpty() ? "Every branch was hit." : "Never hit: " + String.join(" ", never));
        List<List<Object>> rows = new ArrayList<>();
        hits.forEach((b, c) -> rows.add(List.of(b, c, c == 0 ? Page.cls("bad", "never hit") : Page.cls("ok", "hit"))));
        p.table("coverage-table", List.of("branch", "hits", ""), rows);
    }
}
