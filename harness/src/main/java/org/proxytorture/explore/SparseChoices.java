package org.proxytorture.explore;

import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.SplitMix64;

/**
 * Random decisions from a seed, mostly the default: each choose() is forced (a uniform value in
 * 1..n-1) only one time in {@code forcedOneIn}, and a rare event (oneIn(n)) happens one time in
 * n * {@code rareThin}. A run drawn this way has about 1/forcedOneIn of the forced choices of a
 * seeded run, so a failure it finds is already small; the shrinker resamples with it
 * ({@link org.proxytorture.explore.shrink.Shrinker}'s resampling strategies). Rare events are thinned separately because in a sparse
 * run they are most of what is forced (locktorture draws a long hold or a preemption at every
 * acquisition), yet a failure may need one. Window decisions (which CPU runs first, and which
 * store a load of the memory model sees) may have their own density: a failure that needs the workload's draws (lockset masks building a deep
 * chain) but not a reordered schedule shows far sooner in runs that draw the former densely and
 * the latter sparsely. A burst draws the first choose() decisions uniformly and the rest at
 * {@code forcedOneIn}: the workload's first few lockset masks build the chains, after which every
 * writer takes the main lock alone, so a failure that needs a rare arrangement of chains fails with
 * about {@code burst} forced choices, not one per acquisition until the arrangement comes up.
 * {@code forcedOneIn} 1 and {@code rareThin} 1 is the seeded scheduler's draw. Every decision is
 * recorded, so the run replays from its log alone.
 */
public final class SparseChoices implements ChoiceSource {
    private final long seed;
    private final int forcedOneIn;
    private final int agentOneIn;
    private final int rareThin;
    private final int burst;
    private int chosen;
    private final SplitMix64 rng;
    private final ChoiceLog log = new ChoiceLog();

    /** Window decisions (which CPU runs first) are forced one time in {@code agentOneIn}. */
    SparseChoices(long seed, int forcedOneIn, int agentOneIn, int rareThin) {
        this(seed, forcedOneIn, agentOneIn, rareThin, 0);
    }

    /** The first {@code burst} choose() decisions are uniform, the later ones forced one time in {@code forcedOneIn}. */
    public SparseChoices(long seed, int forcedOneIn, int agentOneIn, int rareThin, int burst) {
        if (forcedOneIn < 1 || agentOneIn < 1 || rareThin < 1 || burst < 0)
            throw new IllegalArgumentException("forcedOneIn, agentOneIn and rareThin must be >= 1, burst >= 0");
        this.seed = seed;
        this.burst = burst;
        this.forcedOneIn = forcedOneIn;
        this.agentOneIn = agentOneIn;
        this.rareThin = rareThin;
        this.rng = new SplitMix64(seed);
    }

    @Override
    public int choose(int n) {
        if (n > 1 && chosen < burst) {
            chosen++;
            return draw(n, 1);
        }
        return draw(n, forcedOneIn);
    }

    @Override
    public int chooseAgent(int[] agents, int n) {
        return draw(n, agentOneIn);
    }

    /** Which store a load sees: an ordering decision, drawn as densely as the window's (and never part of a burst). */
    @Override
    public int chooseLoad(int n) {
        return draw(n, agentOneIn);
    }

    private int draw(int n, int oneIn) {
        if (n <= 1) return 0;
        int v = oneIn == 1 ? rng.nextInt(n) : rng.nextLong(oneIn) == 0 ? 1 + rng.nextInt(n - 1) : 0;
        log.append(v);
        return v;
    }

    @Override
    public boolean oneIn(long oneIn) {
        if (oneIn <= 1) return oneIn == 1;
        boolean hit = rng.nextLong(oneIn) == 0 && (rareThin == 1 || rng.nextLong(rareThin) == 0);
        log.append(hit ? 1 : 0);
        return hit;
    }

    @Override
    public ChoiceLog log() {
        return log;
    }

    @Override
    public String describe() {
        return "seed " + seed + ", one decision in " + forcedOneIn + " forced (window orders: one in " + agentOneIn + "), rare events "
                + rareThin + "x rarer" + (burst > 0 ? ", the first " + burst + " uniform" : "");
    }
}
