package org.proxytorture.report;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** The report's statistics (commons-math3): 95 % intervals for a rate k/N and for a mean over seeds. */
final class Stats {
    static final double LEVEL = 0.95;

    private Stats() { }

    /** A two-sided interval [lo, hi] around an estimate. */
    record Interval(double estimate, double lo, double hi) {
        String percent() {
            return String.format(java.util.Locale.ROOT, "%.1f %% [%.1f, %.1f]", 100 * estimate, 100 * lo, 100 * hi);
        }

        String plain(String format) {
            return String.format(java.util.Locale.ROOT, format + " [" + format + ", " + format + "]", estimate, lo, hi);
        }
    }

    /**
     * Clopper-Pearson's exact interval for a binomial rate k/n (a detection rate over seeds, a
     * failure rate over runs): the beta quantiles, 0 and 1 at the ends.
     */
    static Interval clopperPearson(long k, long n) {
        if (n <= 0) return new Interval(Double.NaN, 0, 1);
        double alpha = 1 - LEVEL;
        double lo = k == 0 ? 0 : new BetaDistribution(k, n - k + 1).inverseCumulativeProbability(alpha / 2);
        double hi = k == n ? 1 : new BetaDistribution(k + 1, n - k).inverseCumulativeProbability(1 - alpha / 2);
        return new Interval((double) k / n, lo, hi);
    }

    /**
     * Student's t interval for the mean of {@code xs} (a percentile measured once per seed: the
     * seeds are independent runs); a single value has no interval (NaN bounds).
     */
    static Interval meanT(double[] xs) {
        SummaryStatistics s = new SummaryStatistics();
        for (double x : xs) s.addValue(x);
        if (s.getN() < 2) return new Interval(s.getN() == 0 ? Double.NaN : s.getMean(), Double.NaN, Double.NaN);
        double t = new TDistribution(s.getN() - 1).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
        double half = t * s.getStandardDeviation() / Math.sqrt(s.getN());
        return new Interval(s.getMean(), s.getMean() - half, s.getMean() + half);
    }
}
