package org.proxytorture.explore.shrink;

import static org.proxytorture.explore.shrink.ChoiceLists.forced;

import org.proxytorture.explore.Target;

/**
 * restart_sparse: random restarts of the local search. Fresh sparse runs of the simplest scenario
 * so far, each kept only if it fails the same way with fewer forced choices: before the first
 * round for a dense failure, a few at the start of each round of choice passes (a long pass over
 * a dense run's forced choices may be what one sparse run makes unnecessary), and up to the stall
 * limit's number at a local minimum. Restarts also draw the workload densely and the schedule
 * sparsely ({@link Density#WORKLOAD_DENSE}): deep mutex chains need the lockset masks, not a
 * reordered schedule.
 *
 * <p>Failure shape: a local minimum in which every single forced choice matters (dropping one
 * sends the rest of the schedule elsewhere), the usual fate of a schedule found by a dense random
 * run: no pass over the list leaves it, another schedule of the same failure may be far simpler.
 */
final class Restarts {
    private Restarts() { }

    /** The profile row of every restart. */
    static final String PASS = "restart_sparse";

    /**
     * No restart for a failure with this many forced choices or fewer: a screenful, already
     * readable.
     */
    static final int RESTART_ABOVE = 16;

    /**
     * The first restart's runs are at most this long (simulated): a dense random run that took
     * seconds to fail says little about when a sparse one fails, and a sparse run that does not
     * fail costs its whole duration and its end phase (about a second of the bound per 100 ms of
     * a 4-CPU mutex run at model 15).
     */
    static final long FIRST_RESTART_NS = 100_000_000L;

    /** The share of the time left the first restart may take ({@link Budget}). */
    static final double FIRST_SHARE = 0.25;

    /**
     * The round's and the local minimum's restarts' densities in turn: the workload dense first
     * (kept only if simpler), then sparse schedules. No rare-events-only runs here: a failure they
     * show, they show in the first restart, and a failure that needs the workload drawn (B28's
     * lockset masks) would spend a round's share of the time on runs that cannot fail before
     * reaching the ones that do.
     */
    static final Density[] DENSITIES = Density.join(new Density[] {Density.WORKLOAD_DENSE},
            Density.table(4096, 16, 1024, 4, 16384, 16, 256, 1, 4096, 64));

    /** Rare events only ({@link Density#rareOnly}), twice each (one seed in three may miss). */
    static final Density[] RARE_ONLY = {Density.rareOnly(64), Density.rareOnly(16), Density.rareOnly(64), Density.rareOnly(16)};

    /**
     * The first restart's densities: rare events only first (twice each: one seed in three may
     * miss), then {@link #DENSITIES}.
     */
    static final Density[] FIRST_DENSITIES = Density.join(RARE_ONLY, DENSITIES);

    /**
     * Before the first round, for a dense failure, within {@link #FIRST_SHARE} of the bound: one
     * sparse run per density, as long as the failing run but at most {@link #FIRST_RESTART_NS},
     * the simplest failure kept if its list is no longer than the failing run's. A longer one is
     * carried past round 0's scenario passes ({@link #takeCarried}): a sparse failure on the full
     * machine gets sparse fresh runs of the smaller machines, where the failure may show only in
     * dense ones (S02; B01 on 3 CPUs and 3 writers), so the dense failure keeps the first round's
     * dense runs of the smaller machines ({@link SmallerMachines}) and the sparse one the choices.
     */
    static void first(Shrinker s) {
        if (forced(s.best) <= SparseResample.SPARSE_ABOVE) return;
        Shrinker.Best before = s.best();
        s.within(FIRST_SHARE, () -> {
            if (!s.resample(PASS, s.target.brief(FIRST_RESTART_NS), FIRST_DENSITIES, false)) return false;
            if (s.best.length <= before.choices().length) {
                s.shorten();
                return true;
            }
            s.carry(s.best(), before.target()); // both starts: the dense one for round 0's smaller machines
            s.restore(before);
            return false;
        });
    }

    /**
     * After round 0's scenario passes, which searched the smaller machines from the dense failure:
     * the sparse failure the first restart carried ({@link Shrinker#carry}) if the scenario is
     * still the one it failed in, else rare-events-only runs of the smaller machine (B03's
     * failure showed with 0-2 forced choices from the sparse start, B01's smaller machine only
     * from the dense one). True if either is kept.
     */
    static boolean takeCarried(Shrinker s, Shrinker.Best sparse, Target denseTarget) {
        if (s.target == denseTarget) {
            if (ChoiceLists.compare(sparse.choices(), s.best) >= 0) return false;
            s.restore(sparse);
            s.shorten();
            return true;
        }
        return s.within(FIRST_SHARE, () -> {
            if (forced(s.best) <= RESTART_ABOVE || !s.resample(PASS, s.target.brief(FIRST_RESTART_NS), RARE_ONLY, false)) return false;
            s.shorten();
            return true;
        });
    }

    /** The round's restart pass (see {@link Shrinker#ROUND}). */
    static final ShrinkPass EARLY = new ShrinkPass(PASS, 0.25, Restarts::early);

    /** The pass of each round: a few sparse runs (one per density) before the long passes; one may leave them little to do. */
    private static boolean early(Shrinker s, String pass) {
        return restart(s, pass, DENSITIES.length, s.target.withRoom(s.bestOutcome));
    }

    /** At a local minimum: up to {@code runs} (the stall limit) fresh runs with room to fail. */
    static boolean atLocalMinimum(Shrinker s, int runs) {
        return restart(s, PASS, runs, s.target.withRoom(s.bestOutcome));
    }

    /**
     * Up to {@code runs} sparse fresh runs of {@code roomy} (the simplest scenario so far, with
     * room to fail), the densities in turn, until one fails the same way with fewer forced
     * choices. True if one did (the passes then go on from it).
     */
    private static boolean restart(Shrinker s, String pass, int runs, Target roomy) {
        if (forced(s.best) <= RESTART_ABOVE) return false;
        for (int i = 0; i < runs; i++) {
            if (s.stop()) return false;
            if (s.fresh(pass, roomy, DENSITIES[i % DENSITIES.length], false, Shrinker.ANY_FORCED)) {
                s.shorten();
                return true;
            }
        }
        return false; // a fixpoint: the profile's restart_sparse row shows the runs it took
    }
}
