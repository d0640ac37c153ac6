package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;
import org.proxytorture.sim.SplitMix64;

/**
 * Coverage-guided exploration: keeps the choice lists of runs that reached something new (a
 * find_proxy_task/return-migration branch, or an interleaving class: lock pair x contention x
 * proxy depth x migration, see {@link InterleavingClasses}) and mutates them (splice two, flip
 * a few values, lower a span), each mutated prefix continued by fresh random decisions. One try
 * in four is fresh. The mutations are drawn from the try's seed, so an exploration is repeatable.
 */
public final class CoverageStrategy implements Strategy {
    /** Corpus entries keep at most this many leading choices (what a mutation can reach). */
    static final int MAX_PREFIX = 100_000;
    static final int MAX_CORPUS = 64;

    private final TreeSet<String> seen = new TreeSet<>();
    private final List<int[]> corpus = new ArrayList<>();

    @Override
    public String name() {
        return "coverage";
    }

    @Override
    public Try next(long seed, int i) {
        long s = Strategy.trySeed(seed, i);
        if (corpus.isEmpty() || i % 4 == 0) return new Try(s, new SeededChoices(s), "");
        SplitMix64 rng = new SplitMix64(~s);
        int[] a = corpus.get(rng.nextInt(corpus.size()));
        int[] m = switch (rng.nextInt(3)) {
            case 0 -> splice(a, corpus.get(rng.nextInt(corpus.size())), rng);
            case 1 -> flip(a, rng);
            default -> lower(a, rng);
        };
        int keep = m.length == 0 ? 0 : 1 + rng.nextInt(m.length); // the rest is fresh
        return new Try(s, new PrefixChoices(java.util.Arrays.copyOf(m, keep), s), "");
    }

    private static int[] splice(int[] a, int[] b, SplitMix64 rng) {
        int cut = a.length == 0 ? 0 : rng.nextInt(a.length);
        int[] out = java.util.Arrays.copyOf(a, Math.max(a.length, b.length));
        if (b.length > cut) System.arraycopy(b, cut, out, cut, b.length - cut);
        return out;
    }

    private static int[] flip(int[] a, SplitMix64 rng) {
        int[] out = a.clone();
        if (out.length == 0) return out;
        for (int j = 1 + rng.nextInt(4); j > 0; j--) out[rng.nextInt(out.length)] = rng.nextInt(4);
        return out;
    }

    private static int[] lower(int[] a, SplitMix64 rng) {
        int[] out = a.clone();
        if (out.length == 0) return out;
        int from = rng.nextInt(out.length);
        int to = Math.min(out.length, from + 1 + rng.nextInt(64));
        for (int j = from; j < to; j++) out[j] /= 2;
        return out;
    }

    /** Keeps the run's leading choices when it reached a branch or interleaving class not seen before. */
    @Override
    public void observe(Outcome o) {
        boolean fresh = false;
        for (String c : o.coverage()) fresh |= seen.add(c);
        if (!fresh) return;
        ChoiceLog.Reader r = o.choices().reader();
        int n = (int) Math.min(MAX_PREFIX, o.choices().size());
        int[] p = new int[n];
        for (int j = 0; j < n; j++) p[j] = r.next();
        if (corpus.size() == MAX_CORPUS) corpus.remove(0);
        corpus.add(p);
    }

    /** Coverage keys seen so far. */
    public int covered() {
        return seen.size();
    }

    @Override
    public ChoiceSource replay(String params, ChoiceLog recorded) {
        return new ReplayChoices(recorded);
    }

    @Override
    public String cleanSummary(int tries) {
        return tries + " runs, no failure; " + seen.size() + " branches and interleaving classes covered, corpus of " + corpus.size();
    }
}
