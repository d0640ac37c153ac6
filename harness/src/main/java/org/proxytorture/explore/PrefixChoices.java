package org.proxytorture.explore;

import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.SplitMix64;

/**
 * A mutated choice list, then fresh random decisions from a seed once it runs out (a corpus
 * entry's prefix continued under the seeded scheduler). Values too large for a decision are
 * clamped, as {@link org.proxytorture.sim.ReplayChoices} does. Every decision is recorded, so the
 * run replays from its log alone.
 *
 * <p>Given the kinds of the listed decisions ({@link RecordingChoices}), the list also ends at
 * the first misaligned decision (Hypothesis' "misaligned"): a rare event where the list has
 * another kind of decision, or another decision where it has a rare event. The run has then gone
 * elsewhere, and reading a window decision's 2 as a rare event that happens (a long hold) would
 * make every misaligned run a storm of rare events.
 */
final class PrefixChoices implements ChoiceSource {
    private final int[] prefix;
    private final byte[] kinds;
    private int pos;
    private final long seed;
    private final SplitMix64 rng;
    private final ChoiceLog log = new ChoiceLog();

    PrefixChoices(int[] prefix, long seed) {
        this(prefix, null, seed);
    }

    /** The same, ending at the first decision whose rare-or-not kind differs from {@code kinds}' (null: never). */
    PrefixChoices(int[] prefix, byte[] kinds, long seed) {
        this.prefix = prefix;
        this.kinds = kinds;
        this.seed = seed;
        this.rng = new SplitMix64(seed);
    }

    @Override
    public int choose(int n) {
        if (n <= 1) return 0;
        int v = listed(false) ? Math.min(prefix[pos++], n - 1) : rng.nextInt(n);
        log.append(v);
        return v;
    }

    @Override
    public boolean oneIn(long oneIn) {
        if (oneIn <= 1) return oneIn == 1;
        boolean hit = listed(true) ? prefix[pos++] != 0 : rng.nextLong(oneIn) == 0;
        log.append(hit ? 1 : 0);
        return hit;
    }

    /** Whether the next decision (a rare event or not) comes from the list; a misaligned one ends it. */
    private boolean listed(boolean rare) {
        if (pos >= prefix.length) return false;
        if (kinds != null && pos < kinds.length && (kinds[pos] == RecordingChoices.RARE) != rare) pos = prefix.length;
        return pos < prefix.length;
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
