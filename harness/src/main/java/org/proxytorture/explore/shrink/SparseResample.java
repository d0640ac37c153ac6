package org.proxytorture.explore.shrink;

import static org.proxytorture.explore.shrink.ChoiceLists.forced;

/**
 * resample_sparse: fresh runs of the same scenario (with room to fail) in which few decisions are
 * forced: one in 64 to 4096, rare events (long holds, preemptions) up to 16 times rarer, since in
 * a sparse run they are most of what is forced. Each density is drawn and the simplest failure
 * kept; a kept run is cut to end soon after its failure.
 *
 * <p>Failure shape: a failure found by a dense random run (the seeded scheduler's uniform draw),
 * with hundreds or thousands of forced choices, most of which do not matter. Removing them one
 * chunk at a time costs a choice pass per forced choice; one sparse run that fails the same way
 * makes that unnecessary (syzkaller's and Hypothesis' shrinkers never resample: their inputs
 * are not drawn this densely).
 */
final class SparseResample {
    private SparseResample() { }

    /** More forced choices than this make a failure dense: sparse runs pay. */
    static final int SPARSE_ABOVE = 64;

    static final Density[] DENSITIES = Density.table(64, 1, 256, 4, 1024, 4, 4096, 16);

    /** The pass: for a dense failure, one fresh run per density. */
    static boolean pass(Shrinker s, String pass) {
        if (forced(s.best) <= SPARSE_ABOVE || !s.resample(pass, s.target.withRoom(s.bestOutcome), DENSITIES, false)) return false;
        s.shorten();
        return true;
    }
}
