package org.proxytorture.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.inference.OneWayAnova;
import org.proxytorture.run.Acquisitions;

/**
 * The gate's statistical check of locktorture fairness: per suite, the writers' acquisitions of
 * the gate's seeds (each passing run of a scenario with at least two writers) against the
 * baseline's. Acquisition counts are deterministic for a seed, so the same commit gives the same
 * counts (no change) and the check cannot flake.
 *
 * <p>Each writer's share is its acquisitions over its run's mean (1.0 for a perfectly fair run);
 * the spread of the shares is compared with the Brown-Forsythe test (one-way ANOVA of the absolute
 * deviations from each group's median, commons-math3), and the worst Max/Min of a run, the number
 * the Writes line prints, is compared directly. A change is significant when Brown-Forsythe's p
 * is below {@link #ALPHA}, or when the worst Max/Min moves by at least {@link #MIN_SPREAD_MOVE}
 * and its excess over a fair 1.0 grows or shrinks by {@link #SPREAD_FACTOR} (1.10 to 1.30 is one,
 * 1.01 to 1.03 is not); a writer starved (Min 0) against a run where none was always is.
 */
public final class FairnessCheck {
    static final double ALPHA = 0.01, SPREAD_FACTOR = 2.0, MIN_SPREAD_MOVE = 0.2;

    /** A suite's reference in the baseline: the writers' acquisitions of each of its runs. */
    public record Reference(LatencyCheck.Mode mode, List<Acquisitions> runs) {
        public Reference {
            runs = List.copyOf(runs);
        }

        /** The baseline line's data: one word per run, writers' counts separated by '/'. */
        public String text() {
            return String.join(" ", runs.stream().map(Acquisitions::writersText).toList());
        }
    }

    /**
     * One suite compared: its runs now, the reference (null if the baseline has none), the
     * Brown-Forsythe p-value, the effect (worst Max/Min now over the reference's), and whether it is
     * significant.
     */
    public record Result(String suite, String firstRun, List<Acquisitions> now, Reference reference, double p, double effect, boolean significant) {
        public Result {
            now = List.copyOf(now);
        }

        public boolean failsGate() {
            return significant && reference.mode() == LatencyCheck.Mode.FAIL;
        }

        public String line() {
            if (reference == null)
                return String.format("  %-24s %s: no reference in the baseline (gate --update-baseline records it)", suite, summary(now));
            return String.format("  %-24s now  %s%n  %-24s base %s%n  %-24s Brown-Forsythe p=%.3g, Max/Min now/base %.2fx: %s", suite, summary(now), "",
                    summary(reference.runs()), "", p, effect,
                    !significant ? "no change" : reference.mode() == LatencyCheck.Mode.FAIL ? "SIGNIFICANT CHANGE (fails the gate)" : "significant change (reported)");
        }

        private static String summary(List<Acquisitions> runs) {
            return String.format("%d run(s), %d writers, worst Max/Min %s, share sd %.3f", runs.size(), runs.stream().mapToInt(a -> a.writers().length).sum(),
                    spreadText(worstSpread(runs)), sd(shares(runs)));
        }
    }

    private FairnessCheck() { }

    /** The runs that speak for each suite's fairness: passing scenario runs with two writers or more, in suite order. */
    public static Map<String, List<Acquisitions>> pooled(List<GateResult> results) {
        Map<String, List<Acquisitions>> out = new TreeMap<>();
        for (GateResult r : results) if (counts(r)) out.computeIfAbsent(r.run().suite(), s -> new ArrayList<>()).add(r.acquired());
        return out;
    }

    private static boolean counts(GateResult r) {
        return r.run() instanceof GateRun.Scenario && r.verdict() == GateResult.Verdict.PASSED && r.acquired().writers().length >= 2;
    }

    public static List<Result> compare(List<GateResult> results, Map<String, Reference> references) {
        return GateResult.perSuite(results, FairnessCheck::counts, pooled(results), references, FairnessCheck::compare);
    }

    /** One suite against its reference; no reference: nothing to compare (the baseline lacks it). */
    static Result compare(String suite, String firstRun, List<Acquisitions> now, Reference ref) {
        if (ref == null) return new Result(suite, firstRun, now, null, Double.NaN, Double.NaN, false);
        if (now.equals(ref.runs())) return new Result(suite, firstRun, now, ref, 1.0, 1.0, false);
        double a = worstSpread(now), b = worstSpread(ref.runs());
        double effect = a == b ? 1.0 : a / b;
        double p = brownForsythe(shares(now), shares(ref.runs()));
        return new Result(suite, firstRun, now, ref, p, effect, p < ALPHA || moved(a, b));
    }

    /** Whether the worst Max/Min moved: see the class comment. */
    static boolean moved(double a, double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) return Double.isInfinite(a) != Double.isInfinite(b);
        double excess = Math.max(a - 1, 1e-9) / Math.max(b - 1, 1e-9);
        return Math.abs(a - b) >= MIN_SPREAD_MOVE - 1e-9 && (excess >= SPREAD_FACTOR || excess <= 1 / SPREAD_FACTOR);
    }

    /** Brown-Forsythe's p for equal spread of two samples; 1 where a sample is too small or has no spread at all. */
    static double brownForsythe(double[] x, double[] y) {
        if (x.length < 2 || y.length < 2) return 1.0;
        double[] dx = deviations(x), dy = deviations(y);
        if (Arrays.stream(dx).allMatch(d -> d == 0) && Arrays.stream(dy).allMatch(d -> d == 0)) return 1.0;
        return new OneWayAnova().anovaPValue(List.of(dx, dy));
    }

    private static double[] deviations(double[] x) {
        double m = new Median().evaluate(x);
        return Arrays.stream(x).map(v -> Math.abs(v - m)).toArray();
    }

    /** Each writer's acquisitions over its run's mean, every run's writers in one sample. */
    static double[] shares(List<Acquisitions> runs) {
        List<Double> out = new ArrayList<>();
        for (Acquisitions a : runs) {
            long[] w = a.writers();
            double mean = Arrays.stream(w).average().orElse(0);
            for (long n : w) out.add(mean == 0 ? 1.0 : n / mean);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double worstSpread(List<Acquisitions> runs) {
        return runs.stream().mapToDouble(Acquisitions::writerSpread).max().orElse(Double.NaN);
    }

    private static double sd(double[] x) {
        double mean = Arrays.stream(x).average().orElse(0);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, x.length - 1));
    }

    private static String spreadText(double s) {
        return Double.isInfinite(s) ? "inf (a writer starved)" : String.format("%.2f", s);
    }
}
