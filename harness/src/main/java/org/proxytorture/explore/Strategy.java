package org.proxytorture.explore;

import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.SplitMix64;

/**
 * How an exploration draws the decisions of each try (Caffeine's simulator shape: one small class
 * per policy, picked by name in {@link Strategies}). Every strategy's run is reproduced by its
 * recorded choice list plus {@link Try#params}, so every failure shrinks and replays the same way.
 */
public interface Strategy {
    /** The name on the command line and in replay files. */
    String name();

    /** The decisions of try {@code i} of an exploration seeded with {@code seed}. */
    Try next(long seed, int i);

    /** What try {@code i} produced (coverage-guided exploration keeps what reached something new). */
    default void observe(Outcome o) { }

    /**
     * Whether try i's decisions depend on the seed and i alone, never on what earlier tries
     * observed: then tries may run on several workers ({@code explore --jobs}) with the same result.
     */
    default boolean independent() {
        return false;
    }

    /** A source that replays a run of this strategy from its recorded choices and parameters. */
    ChoiceSource replay(String params, ChoiceLog recorded);

    /**
     * This strategy, with its parameters, over another source of the underlying decisions (the
     * shrinker's resampling): what {@link #replay} does over a recorded list. Random and coverage
     * take the decisions as they come.
     */
    default ChoiceSource over(String params, ChoiceSource decisions) {
        return decisions;
    }

    /** The line a clean exploration of {@code tries} runs ends with. */
    default String cleanSummary(int tries) {
        return tries + " runs, no failure";
    }

    /** One try: its seed, its source, and the strategy parameters that replay it with its choices ("" if none). */
    record Try(long seed, ChoiceSource source, String params) { }

    /** The seed of try {@code i}: the exploration's seed, mixed (so consecutive tries are unrelated). */
    static long trySeed(long seed, int i) {
        return i == 0 ? seed : new SplitMix64(seed ^ (0x9E3779B97F4A7C15L * i)).nextLong();
    }
}
