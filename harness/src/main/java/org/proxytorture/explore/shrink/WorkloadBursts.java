package org.proxytorture.explore.shrink;

import org.proxytorture.explore.Target.Simplification;

/**
 * Workload bursts: brief runs ({@link #BURST_NS}) whose first 30-60 workload draws (lockset
 * masks, shuffles) are uniform and the rest default, window decisions one in 4096. A simpler
 * scenario gets {@link #SIMPLER_SCENARIO} of them ({@link SmallerMachines}: a feature off in
 * the first round, fewer tasks later); a local minimum that restarts do not leave gets up to the
 * stall limit's number per smaller machine.
 *
 * <p>Failure shape: a failure that needs a rare arrangement of lock chains (B28's two donors
 * behind an owner blocked on another CPU's task). It comes from the first few lockset masks, with
 * about as many forced choices as the burst has draws (15-25 at best), in one 10 ms run in 30 (4
 * CPUs, 8 writers) to one in 300 (6 writers); a workload-dense run finds it within milliseconds
 * but with one forced mask per acquisition until then (thousands).
 */
final class WorkloadBursts {
    private WorkloadBursts() { }

    /** A burst run's simulated time: its failures come within a few milliseconds of the burst. */
    static final long BURST_NS = 10_000_000L;

    /** The workload bursts a simpler scenario gets. */
    static final Density[] SIMPLER_SCENARIO = bursts(32);

    /** The first {@code burst} workload draws uniform, none after, window decisions one in 4096. */
    static Density burst(int burst) {
        return new Density(1 << 30, 4096, 16, burst);
    }

    /** {@code n} bursts of 30, 45, 60 and 45 draws in turn. */
    static Density[] bursts(int n) {
        int[] sizes = {30, 45, 60, 45};
        Density[] out = new Density[n];
        for (int i = 0; i < n; i++) out[i] = burst(sizes[i % sizes.length]);
        return out;
    }

    /**
     * At a local minimum no restart left (or none ran: a short list): up to {@code runs} bursts
     * for each smaller machine the target offers, the first failure kept (if its list is not much
     * longer). The failure shape above shows in one burst in hundreds on a smaller machine (B28
     * on 6 writers), too rarely for the round's few fresh runs; on an entry already small this
     * costs a few seconds once, at the end.
     */
    static boolean onSmallerMachines(Shrinker s, int runs) {
        Density[] bursts = bursts(runs);
        for (Simplification simpler : s.target.simplifications(s.bestOutcome)) {
            if (s.stop()) return false;
            if (simpler.resample() != null && simpler.kind().smallerMachine() && SmallerMachines.resample(s, simpler, bursts)) return true;
        }
        return false;
    }
}
