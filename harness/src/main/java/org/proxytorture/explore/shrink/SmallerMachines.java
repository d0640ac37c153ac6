package org.proxytorture.explore.shrink;

import static org.proxytorture.explore.shrink.ChoiceLists.forced;

import org.proxytorture.explore.Target.Simplification;

/**
 * Fresh runs of a simpler scenario the target offers them for ({@link Simplification#resample}):
 * a smaller machine (fewer CPUs, fewer tasks: what makes a timeline short) or random_shuffle off.
 * The first failure there is the new start, if it has at most twice the best's forced choices
 * plus {@link #FRESH_SLACK}: a smaller machine whose failure needs a far longer schedule is not
 * simpler to read.
 *
 * <p>Failure shape: a failure that also happens on fewer CPUs or tasks, but whose failing list
 * means another schedule there (the decisions are numbered differently on another machine), so
 * the scenario pass's replayed list does not fail. The smaller machine gets its own random
 * schedules: in the first round dense runs when the failure is a dense random run and runs are
 * cheap, later (once the list is short) sparse runs, which stay short.
 */
final class SmallerMachines {
    private SmallerMachines() { }

    /** A smaller machine in the first round, for a dense failure: two runs of the seeded scheduler's uniform draw. */
    static final Density[] MACHINE_FIRST = Density.table(1, 1, 1, 1);

    /**
     * A simpler scenario later, the sparsest runs first (rare events only, {@link Density#rareOnly}),
     * then sparse ones; {@link Density#WORKLOAD_DENSE} comes last (its failures have many forced
     * choices: kept only while the best has many too).
     */
    static final Density[] SCENARIO = Density.join(new Density[] {Density.rareOnly(64), Density.rareOnly(16)},
            Density.table(4096, 16, 256, 4, 16, 1, 64, 1), new Density[] {Density.WORKLOAD_DENSE});

    /** Slack of the bound over twice the best's forced choices: a screenful more. */
    static final int FRESH_SLACK = 64;

    /**
     * Fresh runs for {@code simpler}, whose failing list did not fail the same way: in the first
     * round a smaller machine gets dense runs if they are cheap, and a feature turned off workload
     * bursts while the failure has more than {@link Restarts#RESTART_ABOVE} forced choices (brief
     * runs: a second of the bound). Later ({@code later}), once the list is short, the sparse
     * {@link #SCENARIO} runs, and bursts for fewer tasks.
     */
    static boolean resampleScenario(Shrinker s, Simplification simpler, boolean later) {
        boolean machine = simpler.kind().smallerMachine();
        if (later)
            return resample(s, simpler, SCENARIO) || simpler.kind() == Simplification.Kind.FEWER_TASKS && resample(s, simpler, WorkloadBursts.SIMPLER_SCENARIO);
        // dense runs only for a dense failure, and not when a run costs more than 1% of the bound
        // (shrink the choices first, resample on the short failure later)
        if (machine && forced(s.best) > SparseResample.SPARSE_ABOVE && s.runsAreCheap() && resample(s, simpler, MACHINE_FIRST)) return true;
        return !machine && forced(s.best) > Restarts.RESTART_ABOVE && resample(s, simpler, WorkloadBursts.SIMPLER_SCENARIO);
    }

    /** One fresh run of {@code simpler}'s resample target per density; the first that fails the same way (within the bound) is kept. */
    static boolean resample(Shrinker s, Simplification simpler, Density[] densities) {
        return s.resample(simpler.pass(), simpler.resample(), densities, true, 2 * forced(s.best) + FRESH_SLACK);
    }
}
