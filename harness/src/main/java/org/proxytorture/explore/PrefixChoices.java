package org.proxytorture.explore;

import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.SplitMix64;

/**
 * A mutated choice list, then fresh random decisions from a seed once it runs out (a corpus
 * entry's prefix continued under the seeded scheduler). Values too large for a decision are
 * clamped, as {@link org.proxytorture.sim.ReplayChoices} does. Every decision is recorded, so the
 * run replays from its log alone.
 */
final class PrefixChoices implements ChoiceSource {
    private final int[] prefix;
    private int pos;
    private final long seed;
    private final SplitMix64 rng;
    private final ChoiceLog log = new ChoiceLog();

    PrefixChoices(int[] prefix, long seed) {
        this.prefix = prefix;
        this.seed = seed;
        this.rng = new SplitMix64(seed);
    }

    @Override
    public int choose(int n) {
        if (n <= 1) return 0;
        int v = pos < prefix.length ? Math.min(prefix[pos++], n - 1) : rng.nextInt(n);
        log.append(v);
        return v;
    }

    @Override
    public boolean oneIn(long oneIn) {
        if (oneIn <= 1) return oneIn == 1;
        boolean hit = pos < prefix.length ? prefix[pos++] != 0 : rng.nextLong(oneIn) == 0;
        log.append(hit ? 1 : 0);
        return hit;
    }

    @Override
    public ChoiceLog log() {
        return log;
    }

    @Override
    public String describe() {
        return prefix.length + " mutated choices, then seed " + seed;
    }
}
