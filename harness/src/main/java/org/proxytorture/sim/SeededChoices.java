package org.proxytorture.sim;

/** Uniform random decisions drawn from a 64-bit seed: the torture default. */
public final class SeededChoices implements ChoiceSource {
    private final long seed;
    private final SplitMix64 rng;
    private final ChoiceLog log = new ChoiceLog();

    public SeededChoices(long seed) {
        this.seed = seed;
        this.rng = new SplitMix64(seed);
    }

    @Override
    public int choose(int n) {
        if (n <= 1) return 0;
        int v = rng.nextInt(n);
        log.append(v);
        return v;
    }

    @Override
    public boolean oneIn(long oneIn) {
        if (oneIn <= 1) return oneIn == 1;
        boolean hit = rng.nextLong(oneIn) == 0;
        log.append(hit ? 1 : 0);
        return hit;
    }

    @Override
    public ChoiceLog log() {
        return log;
    }

    @Override
    public String describe() {
        return "seed " + seed;
    }
}
