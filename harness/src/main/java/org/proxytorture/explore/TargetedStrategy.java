package org.proxytorture.explore;

import java.util.Arrays;
import org.proxytorture.config.BadInputException;
import org.proxytorture.run.Scores;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.SplitMix64;

/**
 * Targeted search (Hypothesis' {@code target()}): another strategy's tries, and, once a warm-up of
 * {@link #WARMUP} of them has run, every other try a hill-climbing step on one named
 * {@link Scores score}: the choice list of the best-scoring try so far, changed by one or two
 * {@link Mutation}s, cut after the last position they touched (past it the recorded values would
 * be read by other decisions than their own), and run under the best try's strategy parameters;
 * the try's seed draws the decisions past the cut. A try that scores higher becomes the best; a
 * climb that scores the same with no more decisions replaces it too (Hypothesis' optimiser allows
 * such lateral moves, to walk off a plateau). Every try must run the same target: a climb runs
 * the best try's choices again (explore --target does not rotate the proxy generations).
 *
 * <p>Everything is drawn from the try's seed and what earlier tries scored, so an exploration is
 * repeatable. Each try is replayed by the wrapped strategy from its recorded decisions alone: the
 * strategy name is {@code target:SCORE}, the parameters are the wrapped strategy's name and its
 * own parameters ("random", "pct d=3 k=1200").
 */
public final class TargetedStrategy implements Strategy {
    /** The strategy name's prefix ("target:proxy_chain"). */
    public static final String PREFIX = "target:";
    /** Tries of the wrapped strategy before the first climb. */
    static final int WARMUP = 8;
    /** Leading choices of the best try kept (16 MB); a longer run's mutants continue from the try's seed past them. */
    static final int MAX_KEPT = 4_000_000;

    private final Strategy inner;
    private final String score;

    private int[] best;
    private byte[] bestKinds;
    /** The try being run, as recorded with its decisions' kinds, and the mutations of a climb. */
    private RecordingChoices running;
    private final java.util.List<Mutation> mutations = new java.util.ArrayList<>();
    /** Per mutation: climbs it was part of, and climbs that raised the best. */
    private final int[] tried = new int[Mutation.values().length], raised = new int[Mutation.values().length];
    private String bestParams = "";
    private long bestScore = -1, bestAt = -1, bestLen;
    private int bestTry = -1;
    /** The try being run: its index, and whether it is a climb. */
    private int current = -1;
    private boolean climbing;
    /** The wrapped strategy's parameters of the try being run. */
    private String currentParams = "";
    private int climbs, improvements, lateral;

    TargetedStrategy(Strategy inner, String score) {
        this.inner = inner;
        this.score = checkScore(score);
    }

    /** {@code name}, or bad input naming the accepted scores. */
    static String checkScore(String name) {
        if (!Scores.NAMES.contains(name))
            throw new BadInputException("--target=" + name + ": unknown score (accepted: " + String.join("|", Scores.NAMES) + ")");
        return name;
    }

    @Override
    public String name() {
        return PREFIX + score;
    }

    /** The score maximised. */
    public String score() {
        return score;
    }

    @Override
    public Try next(long seed, int i) {
        current = i;
        climbing = best != null && best.length > 0 && i >= WARMUP && i % 2 == 0; // a run without decisions has nothing to mutate
        Try t;
        if (!climbing) {
            Try fresh = inner.next(seed, i);
            currentParams = fresh.params();
            t = fresh;
        } else {
            long s = Strategy.trySeed(seed, i);
            SplitMix64 rng = new SplitMix64(s ^ 0x7A26E7C1B0A5D3E9L);
            int[] m = best.clone();
            int end = 0;
            mutations.clear();
            for (int k = 1 + rng.nextInt(2); k > 0; k--) {
                Mutation mu = Mutation.values()[rng.nextInt(Mutation.values().length)];
                mutations.add(mu);
                end = Math.max(end, mu.apply(m, best, bestKinds, bestAt, rng));
            }
            // cut after the last position touched (past it the recorded values would be read by other
            // decisions than theirs), or at the first misaligned decision; the seed draws the rest
            currentParams = bestParams;
            t = new Try(s, inner.over(bestParams, new PrefixChoices(Arrays.copyOf(m, end), bestKinds, s)), bestParams);
        }
        running = new RecordingChoices(t.source(), true); // the kinds, for the next climb's values; no decision changes
        return new Try(t.seed(), running, params(inner.name(), t.params()));
    }

    private static String params(String name, String params) {
        return params == null || params.isEmpty() ? name : name + " " + params;
    }

    /** Keeps the try when it scored higher than the best so far (or, a climb, as high with no more decisions). */
    @Override
    public void observe(Outcome o) {
        inner.observe(o);
        long v = o.scores().get(score);
        if (climbing) {
            climbs++;
            for (Mutation mu : mutations) tried[mu.ordinal()]++;
        }
        boolean higher = v > bestScore;
        boolean sideways = climbing && !higher && v == bestScore && o.choices().size() <= bestLen;
        if (!higher && !sideways) return;
        if (higher) {
            if (climbing) {
                improvements++;
                for (Mutation mu : mutations) raised[mu.ordinal()]++;
            }
            bestScore = v;
            bestTry = current;
        } else lateral++;
        ChoiceLog.Reader r = o.choices().reader();
        int n = (int) Math.min(MAX_KEPT, o.choices().size());
        int[] keep = new int[n];
        for (int j = 0; j < n; j++) keep[j] = r.next();
        best = keep;
        byte[] k = running.kinds();
        bestKinds = Arrays.copyOf(k, Math.min(n, k.length));
        bestLen = o.choices().size();
        bestAt = o.scores().reachedAt(score);
        bestParams = currentParams; // a climb ran under the best's own
    }

    /** The best score so far, -1 before any try. */
    public long bestScore() {
        return bestScore;
    }

    /** The try (0-based) that first reached the best score, -1 before any try. */
    public int bestTry() {
        return bestTry;
    }

    /** "best proxy_chain 7 at try 123" (1-based, as the progress lines count). */
    public String bestLine() {
        return bestTry < 0 ? "best " + score + ": no try" : "best " + score + " " + bestScore + " at try " + (bestTry + 1);
    }

    @Override
    public ChoiceSource replay(String params, ChoiceLog recorded) {
        String[] p = split(params);
        return Strategies.byName(p[0], 1).replay(p[1], recorded);
    }

    @Override
    public ChoiceSource over(String params, ChoiceSource decisions) {
        String[] p = split(params);
        return Strategies.byName(p[0], 1).over(p[1], decisions);
    }

    /** "pct d=3 k=10" -> {"pct", "d=3 k=10"}; the wrapped strategy must not be a targeted one. */
    private static String[] split(String params) {
        String t = params == null ? "" : params.trim();
        int sp = t.indexOf(' ');
        String name = sp < 0 ? t : t.substring(0, sp);
        if (!Strategies.NAMES.contains(name))
            throw new BadInputException("strategy_params \"" + params + "\": not a targeted search's (accepted: \"<"
                    + String.join("|", Strategies.NAMES) + "> [its parameters]\")");
        return new String[] {name, sp < 0 ? "" : t.substring(sp + 1)};
    }

    @Override
    public String cleanSummary(int tries) {
        StringBuilder by = new StringBuilder();
        for (Mutation mu : Mutation.values()) by.append(by.length() == 0 ? "" : ", ").append(mu.label).append(' ').append(raised[mu.ordinal()]).append('/').append(tried[mu.ordinal()]);
        return inner.cleanSummary(tries) + "; target " + score + ": " + climbs + " climbs, " + improvements + " raised the best, "
                + lateral + " moved sideways (raised/tried by mutation: " + by + ")";
    }
}
