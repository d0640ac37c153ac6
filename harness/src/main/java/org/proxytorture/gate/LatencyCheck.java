package org.proxytorture.gate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.proxytorture.run.Latencies;

/**
 * The gate's statistical check of the pidemo foreground's lock latency: per suite, the samples of
 * the gate's seeds pooled, against the baseline's reference samples. Simulated latencies are
 * deterministic for a seed, so the same commit gives the same samples (p = 1, no change) and the
 * check cannot flake. A change is significant when Mann-Whitney U says the distributions differ
 * (two-sided p below {@link #ALPHA}) by a rank-biserial effect of at least {@link #MIN_EFFECT}, or
 * when the tail moves: p99.9 or the maximum at least {@link #TAIL_FACTOR} times larger or smaller.
 */
public final class LatencyCheck {
    static final double ALPHA = 0.001, MIN_EFFECT = 0.05, TAIL_FACTOR = 2.0;

    /** Whether a significant change fails the gate or is only reported (the baseline says, per suite). */
    public enum Mode { REPORT, FAIL }

    /** A suite's reference in the baseline. */
    public record Reference(Mode mode, Latencies samples) { }

    /**
     * One suite compared: its pooled samples now, the reference (null if the baseline has none),
     * the test's p-value and effect size (rank-biserial r = 1 - 2U / (n1 n2), positive when now is
     * slower), and whether it is significant.
     */
    public record Result(String suite, String firstRun, Latencies now, Reference reference, double p, double effect, boolean significant) {
        public boolean failsGate() {
            return significant && reference.mode() == Mode.FAIL;
        }

        public String line() {
            Histogram a = now.histogram();
            if (reference == null) return String.format("  %-24s %s: no reference in the baseline (gate --update-baseline records it)", suite, summary(a));
            Histogram b = reference.samples().histogram();
            return String.format("  %-24s now %s%n  %-24s base %s%n  %-24s Mann-Whitney U p=%.3g, rank-biserial r=%+.3f: %s", suite, summary(a), "", summary(b), "",
                    p, effect, !significant ? "no change" : reference.mode() == Mode.FAIL ? "SIGNIFICANT CHANGE (fails the gate)" : "significant change (reported)");
        }

        private static String summary(Histogram h) {
            return String.format("n %d, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us", h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
    }

    private LatencyCheck() { }

    /** The samples of each suite that has any, pooled over its runs, in suite order. */
    public static Map<String, Latencies> pooled(List<GateResult> results) {
        Map<String, Latencies> out = new TreeMap<>();
        for (GateResult r : results) {
            if (r.latencies().isEmpty()) continue;
            out.merge(r.run().suite(), r.latencies(), Latencies::plus);
        }
        return out;
    }

    public static List<Result> compare(List<GateResult> results, Map<String, Reference> references) {
        return GateResult.perSuite(results, r -> !r.latencies().isEmpty(), pooled(results), references, LatencyCheck::compare);
    }

    /** One suite against its reference; no reference: nothing to compare (the baseline lacks it). */
    static Result compare(String suite, String firstRun, Latencies now, Reference ref) {
        if (ref == null) return new Result(suite, firstRun, now, null, Double.NaN, Double.NaN, false);
        if (now.equals(ref.samples())) return new Result(suite, firstRun, now, ref, 1.0, 0.0, false);
        double[] x = now.samples(), y = ref.samples().samples();
        MannWhitneyUTest mw = new MannWhitneyUTest();
        double p = mw.mannWhitneyUTest(x, y);
        // mannWhitneyU returns max(U1, U2): recover U1 (now's) from the rank sums' sign via the medians' order
        double u = mw.mannWhitneyU(x, y), n = (double) x.length * y.length;
        double r = 2 * u / n - 1;
        Histogram a = now.histogram(), b = ref.samples().histogram();
        if (a.getMean() < b.getMean()) r = -r;
        boolean tail = moved(a.getValueAtPercentile(99.9), b.getValueAtPercentile(99.9)) || moved(a.getMaxValue(), b.getMaxValue());
        return new Result(suite, firstRun, now, ref, p, r, (p < ALPHA && Math.abs(r) >= MIN_EFFECT) || tail);
    }

    private static boolean moved(double a, double b) {
        double lo = Math.max(1, Math.min(a, b)), hi = Math.max(a, b);
        return hi / lo >= TAIL_FACTOR;
    }
}
