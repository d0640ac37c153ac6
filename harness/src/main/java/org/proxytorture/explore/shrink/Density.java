package org.proxytorture.explore.shrink;

import java.util.ArrayList;
import java.util.List;

/**
 * How a fresh run is drawn ({@link org.proxytorture.explore.SparseChoices}): one choose() in
 * {@code forcedOneIn} forced (the first {@code burst} of them uniform), one window decision in
 * {@code agentOneIn}, rare events {@code rareThin} times rarer. The resampling strategies beside
 * the driver each hold their own table of these.
 */
record Density(int forcedOneIn, int agentOneIn, int rareThin, int burst) {

    /** Runs whose workload draws (lockset masks, shuffles) are uniform and window decisions one in 4096. */
    static final Density WORKLOAD_DENSE = new Density(1, 4096, 16, 0);

    /** Never forced: a one-in this large does not come up in a run (about 2^30 decisions). */
    private static final int NEVER = 1 << 30;

    /**
     * Runs in which only rare events are drawn (locktorture's long holds and preemptions, a stale
     * relaxed read), {@code thin} times rarer than the workload draws them; every window order,
     * workload draw and load is the default. At model 15 a 4-CPU mutex run takes about 18 M window
     * decisions, 10 M rare-event draws and 1.5 M workload draws per simulated second, so even one
     * in 4096 forces thousands of window orders in 100 ms; a failure that needs only a few long
     * holds at the right time (B03: 1-6 forced choices in 8-18 ms, 6 seeds of 6 at thin 64) shows
     * in these runs with nothing else forced.
     */
    static Density rareOnly(int thin) {
        return new Density(NEVER, NEVER, thin, 0);
    }

    /** A table from (one-in, rare-thinning) pairs: workload draws and window decisions equally sparse, no burst. */
    static Density[] table(int... pairs) {
        Density[] out = new Density[pairs.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = new Density(pairs[2 * i], pairs[2 * i], pairs[2 * i + 1], 0);
        return out;
    }

    /** The densities of {@code parts}, in order. */
    static Density[] join(Density[]... parts) {
        List<Density> out = new ArrayList<>();
        for (Density[] p : parts) out.addAll(List.of(p));
        return out.toArray(new Density[0]);
    }
}
