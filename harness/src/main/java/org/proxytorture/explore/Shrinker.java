package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.sim.ChoiceLog;

/**
 * Hypothesis-style shrinking of a failing run (its shrinker.py shape): a fixed, named list of
 * small passes run to a fixpoint, with a stall limit (runs without progress) and a wall-time
 * bound, and a per-pass profile. The failure identity is pinned: a candidate counts only if it
 * fails with the same checker, invariant and roles.
 *
 * <p>Scenario passes come first (the target's own {@link Target#simplifications}: fewer CPUs,
 * fewer tasks, fewer locks, shallower nesting, features off, a simpler proxy variant, a shorter
 * run); then the choice passes, on the list of decisions the failing run consumed (which ends at
 * the failure, trailing zeros dropped: an exhausted list reads as zeros): zero_all,
 * resample_sparse (fresh runs with few forced choices, for a failure found with many),
 * drop_forced_preemptions (rare events), drop_window_reorders (which CPU ran first),
 * drop_stale_loads (which store a load saw), zero_spans, delete_spans, lower_values. A scenario pass whose failing list means another
 * schedule in the simpler scenario draws a few fresh runs of it instead. restart_sparse (fresh
 * sparse runs of the simplest scenario so far) runs before everything for a dense failure, at the
 * start of each round of choice passes, and at a local minimum; a local minimum it does not leave
 * gets workload bursts (brief runs whose first few lockset masks are random and the rest default)
 * on each smaller machine. A candidate list is better when it has fewer forced (non-zero)
 * choices, then fewer choices, then smaller values, earliest first.
 */
public final class Shrinker {
    /** How a candidate is run: the strategy replaying the list (PCT keeps its parameters). */
    private final Strategy strategy;
    private final String params;
    private final String identity;
    private final long deadlineNanos;
    private final long timeBoundNanos;
    private final int maxStall;

    private Target target;
    private int[] best;
    private Outcome bestOutcome;
    private int stall;
    private int calls;
    /** Wall time of the last run: a run is not started if it would end past the time bound. */
    private long lastRunNanos;
    /** The longest run so far (a fresh run with room to fail can take far longer than a replayed list). */
    private long maxRunNanos;
    /** Resampling runs drawn so far: the next one's seed. */
    private long resamples;
    private String stopReason = "fixpoint";
    private final Map<String, long[]> profile = new LinkedHashMap<>(); // pass -> calls, shrinks, choices removed, wall ms

    /** Default stall limit: Hypothesis' max_stall. */
    public static final int MAX_STALL = 200;

    public Shrinker(Strategy strategy, String params, String identity, long timeBoundMs, int maxStall) {
        this.strategy = strategy;
        this.params = params;
        this.identity = identity;
        this.timeBoundNanos = timeBoundMs * 1_000_000L;
        this.deadlineNanos = System.nanoTime() + timeBoundNanos;
        this.maxStall = maxStall;
        for (String p : List.of("shorter_duration", "fewer_cpus", "fewer_tasks", "fewer_locks", "shallower_nesting", "features_off",
                "simpler_proxy_variant", "zero_all", "resample_sparse", "drop_forced_preemptions", "drop_window_reorders", "drop_stale_loads", "zero_spans",
                "delete_spans", "lower_values", "restart_sparse"))
            profile.put(p, new long[4]);
    }

    /** The result: the simplest target and choice list found, its run, and how the search went. */
    public record Result(Target target, int[] choices, Outcome outcome, String stopReason, int calls, List<String> profile) {
        public long forced() {
            long n = 0;
            for (int v : choices) if (v != 0) n++;
            return n;
        }
    }

    /** Shrinks the failing run {@code start} of {@code t} from {@code choices}. */
    public Result shrink(Target t, ChoiceLog choices, Outcome start) {
        if (!identity.equals(start.identity())) throw new IllegalArgumentException("the run to shrink fails as " + start.identity() + ", not " + identity);
        target = t;
        best = canonical(choices);
        // once more with the kinds of the decisions noted (an exploration run does not keep them)
        Outcome again = t.run(new RecordingChoices(strategy.replay(params, ChoiceLog.of(best)), true));
        calls++;
        if (!identity.equals(again.identity()))
            throw new IllegalStateException("the failing run does not fail again from its recorded choices (" + again.identity()
                    + "): the run is not deterministic");
        bestOutcome = again;
        // a dense random run's failure: one sparse run per restart density, as long as the failing
        // run but at most FIRST_RESTART_NS, the simplest failure kept if its list is no longer than
        // the failing run's (a long sparse list would slow every pass that follows more than its
        // fewer forced choices help them)
        if (forced(best) > SPARSE_ABOVE) {
            Target t0 = target;
            int[] b0 = best;
            Outcome o0 = bestOutcome;
            if (resample("restart_sparse", target.brief(FIRST_RESTART_NS), RESTART, false)) {
                if (best.length <= b0.length) {
                    shorten();
                } else {
                    target = t0;
                    best = b0;
                    bestOutcome = o0;
                }
            }
        }
        // round 0 tries each simpler scenario with the failing list only (a random run's list is as
        // good as a fresh random run there); from round 1, when the list is short, with resampling
        boolean progress = true;
        for (int round = 0; (progress || round == 1) && !stop(); round++) {
            progress = scenarioPasses(round > 0);
            progress |= choicePasses();
            if (!progress && round > 0 || stall >= maxStall) {
                stall = 0; // a local minimum: the passes have nothing left; a restart may find another way in
                stopReason = "fixpoint";
                progress = !stop() && (restart(maxStall, target.withRoom(bestOutcome)) || burstSmallerMachines(maxStall));
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-24s %6s %7s %9s %8s", "pass", "calls", "shrinks", "removed", "wall_ms"));
        for (var e : profile.entrySet()) {
            long[] v = e.getValue();
            if (v[0] > 0) rows.add(String.format("%-24s %6d %7d %9d %8d", e.getKey(), v[0], v[1], v[2], v[3]));
        }
        return new Result(target, best, bestOutcome, stopReason, calls, rows);
    }

    private boolean stop() {
        if (System.nanoTime() + Math.max(2 * lastRunNanos, maxRunNanos) > deadlineNanos) { // the next run could end past the bound
            stopReason = "time bound";
            return true;
        }
        if (stall >= maxStall) {
            stopReason = "stall limit (" + maxStall + " runs without progress)";
            return true;
        }
        return false;
    }

    /** A consumed list, with the zeros at its end dropped. */
    static int[] canonical(ChoiceLog log) {
        int[] a = log.toArray();
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) n--;
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    static long forced(int[] a) {
        long n = 0;
        for (int v : a) if (v != 0) n++;
        return n;
    }

    /** Shortlex on (forced choices, length, values). */
    static int compare(int[] a, int[] b) {
        int c = Long.compare(forced(a), forced(b));
        if (c != 0) return c;
        c = Integer.compare(a.length, b.length);
        return c != 0 ? c : Arrays.compare(a, b);
    }

    /** Runs a candidate; it is kept if it fails the same way and is simpler (or {@code anyList}, for a simpler scenario). */
    private boolean attempt(String pass, Target t, int[] candidate, boolean anyList) {
        return attempt(pass, t, strategy.replay(params, ChoiceLog.of(candidate)), anyList, false);
    }

    /** The same, for a run drawn from {@code source} ({@code fresh}: a resample, not a replayed list). */
    private boolean attempt(String pass, Target t, org.proxytorture.sim.ChoiceSource source, boolean anyList, boolean fresh) {
        if (stop()) return false;
        long[] prof = profile.computeIfAbsent(pass, k -> new long[4]);
        long t0 = System.nanoTime();
        prof[0]++;
        calls++;
        Outcome o = t.run(new RecordingChoices(source, true));
        lastRunNanos = System.nanoTime() - t0;
        maxRunNanos = Math.max(maxRunNanos, lastRunNanos);
        prof[3] += lastRunNanos / 1_000_000L;
        boolean counts = !fresh; // a fresh run (resampling: a bounded number per round) is not a stalled step
        if (!identity.equals(o.identity())) {
            if (counts) stall++;
            return false;
        }
        int[] c = canonical(o.choices());
        if (!anyList && compare(c, best) >= 0 || fresh && forced(c) > freshBound) {
            if (counts) stall++;
            return false;
        }
        prof[1]++;
        prof[2] += Math.max(0, forced(best) - forced(c));
        stall = 0;
        target = t;
        best = c;
        bestOutcome = o;
        return true;
    }

    private boolean scenarioPasses(boolean resampling) {
        boolean any = false;
        boolean again = true;
        while (again && !stop()) {
            again = false;
            for (Target.Simplification s : target.simplifications(bestOutcome)) {
                if (attempt(s.pass(), s.target(), best, true) || (s.resample() != null && resampleScenario(s, resampling))) {
                    any = again = true;
                    break; // the simplifications of the new scenario
                }
            }
        }
        return any;
    }

    /**
     * How a fresh run is drawn: one choose() in {@code forcedOneIn} forced (the first {@code burst}
     * of them uniform), one window decision in {@code agentOneIn}, rare events {@code rareThin} times rarer.
     */
    record Density(int forcedOneIn, int agentOneIn, int rareThin, int burst) { }

    private static Density[] densities(int... pairs) {
        Density[] out = new Density[pairs.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = new Density(pairs[2 * i], pairs[2 * i], pairs[2 * i + 1], 0);
        return out;
    }

    /** Runs whose workload draws (lockset masks, shuffles) are uniform and window decisions one in 4096. */
    private static final Density WORKLOAD_DENSE = new Density(1, 4096, 16, 0);

    /**
     * A workload burst: the first {@code burst} workload draws uniform, none after, window decisions
     * one in 4096. A failure that needs a rare arrangement of lock chains (B28's two donors behind
     * an owner blocked on another CPU's task) comes from the first few lockset masks, with about
     * as many forced choices as the burst has draws (15-25 at best), in one 10 ms run in 30 (4
     * CPUs, 8 writers) to one in 300 (6 writers); a workload-dense run finds it within
     * milliseconds but with one forced mask per acquisition until then (thousands).
     */
    private static Density burst(int burst) {
        return new Density(1 << 30, 4096, 16, burst);
    }

    /**
     * The first restart's runs are at most this long (simulated): a dense random run that took
     * seconds to fail says little about when a sparse one fails, and a sparse run that does not
     * fail costs its whole duration (seconds of the bound for a 2 s scenario).
     */
    static final long FIRST_RESTART_NS = 500_000_000L;

    /** A burst run's simulated time: its failures come within a few milliseconds of the burst. */
    static final long BURST_NS = 10_000_000L;

    private static Density[] with(Density first, Density[] d, Density last) {
        List<Density> out = new ArrayList<>();
        if (first != null) out.add(first);
        out.addAll(List.of(d));
        if (last != null) out.add(last);
        return out.toArray(new Density[0]);
    }

    /**
     * How sparse the fresh runs are, in turn ((1, 1): the seeded scheduler's uniform draw): for a
     * smaller machine in the first round (before the choices are shrunk, when the failure is a
     * dense random run: two more of those), for a simpler scenario later (once the list is short:
     * sparse runs, which stay short), for a failure with more forced choices than
     * {@link #SPARSE_ABOVE} (each is drawn; the simplest failure is kept), and for the restarts
     * (below). The sparsest thin the rare events too: in a sparse run they are most of what is forced.
     * {@link #WORKLOAD_DENSE} comes last for a simpler scenario (its failures have many forced
     * choices: kept only while the best has many too, see {@link #freshBound}) and first for a
     * restart (kept only if simpler).
     */
    private static final Density[] MACHINE_FIRST = densities(1, 1, 1, 1), SCENARIO = with(null, densities(4096, 16, 256, 4, 16, 1, 64, 1), WORKLOAD_DENSE),
            SPARSE = densities(64, 1, 256, 4, 1024, 4, 4096, 16), RESTART = with(WORKLOAD_DENSE, densities(4096, 16, 1024, 4, 16384, 16, 256, 1, 4096, 64), null);

    /** The workload bursts a simpler scenario gets (a feature off in the first round, fewer tasks later). */
    private static final Density[] BURSTS = bursts(32);

    /** {@code n} bursts of 30, 45, 60 and 45 draws in turn. */
    private static Density[] bursts(int n) {
        int[] sizes = {30, 45, 60, 45};
        Density[] out = new Density[n];
        for (int i = 0; i < n; i++) out[i] = burst(sizes[i % sizes.length]);
        return out;
    }

    static final int SPARSE_ABOVE = 64;
    /**
     * A restart draws fresh runs until one fails the same way with fewer forced choices, or the
     * stall limit's number of them fail to, or the time bound. When the passes stop at a local
     * minimum (every single forced choice matters: dropping one sends the rest of the schedule
     * elsewhere, the usual fate of a schedule found by a dense random run), the shrinker draws
     * sparse runs of the simplest scenario so far and goes on from any that fails the same way with
     * fewer forced choices: a random restart of the local search. Each round of choice passes
     * also starts with a few such runs (one per restart density), since a long pass over a dense
     * run's forced choices may be what a single sparse run makes unnecessary. No restart for a
     * failure with this many forced choices or fewer: a screenful, already readable.
     */
    static final int RESTART_ABOVE = 16;

    /** The most forced choices a fresh run of a simpler scenario may keep (set while resampling one). */
    private long freshBound = Long.MAX_VALUE;

    /** Slack of {@link #freshBound} over twice the best's forced choices: a screenful more. */
    private static final int FRESH_SLACK = 64;

    private static boolean smallerMachine(Target.Simplification s) {
        return s.kind().smallerMachine();
    }

    /**
     * Fresh runs of a simpler scenario, each kept only if it has at most twice the best's forced
     * choices plus {@link #FRESH_SLACK}: a smaller machine whose failure needs a far longer
     * schedule is not simpler to read.
     */
    private boolean resampleSimpler(Target.Simplification s, Density[] densities) {
        freshBound = 2 * forced(best) + FRESH_SLACK;
        try {
            return resample(s.pass(), s.resample(), densities, true);
        } finally {
            freshBound = Long.MAX_VALUE;
        }
    }

    /**
     * Fresh runs of a simpler scenario the target offers them for ({@link Target.Simplification#resample}):
     * in the first round a smaller machine (fewer CPUs, fewer tasks: what makes a timeline short)
     * gets dense runs if they are cheap, and a feature turned off workload bursts while the failure
     * has more than {@link #RESTART_ABOVE} forced choices (brief runs: a second of the bound). Later,
     * once the list is short, the sparse {@link #SCENARIO} runs, and bursts for fewer tasks.
     */
    private boolean resampleScenario(Target.Simplification s, boolean later) {
        boolean machine = smallerMachine(s);
        if (later) return resampleSimpler(s, SCENARIO) || s.kind() == Target.Simplification.Kind.FEWER_TASKS && resampleSimpler(s, BURSTS);
        // dense runs only for a dense failure, and not when a run costs more than 1% of the bound
        // (shrink the choices first, resample on the short failure later)
        if (machine && forced(best) > SPARSE_ABOVE && lastRunNanos * 100 < timeBoundNanos && resampleSimpler(s, MACHINE_FIRST)) return true;
        return !machine && forced(best) > RESTART_ABOVE && resampleSimpler(s, BURSTS);
    }

    /**
     * Draws fresh runs of {@code t}, one per density, (its strategy over {@link SparseChoices}, from
     * seeds fixed by the order of the draws, so a shrink does the same every time), and keeps the
     * first that fails the same way ({@code anyList}: at all; else: more simply than the best).
     * A simpler scenario on which the failing list means another schedule gets its own random
     * schedules this way; a run found by the seeded scheduler gets sparser ones, which fail with
     * far fewer forced choices (syzkaller's and Hypothesis' shrinkers never resample; here a
     * failure found in a long random run would otherwise cost a choice pass per forced choice).
     */
    private boolean resample(String pass, Target t, Density[] densities, boolean anyList) {
        boolean any = false;
        for (Density d : densities) {
            if (stop()) break;
            if (fresh(pass, t, d, anyList)) {
                if (anyList) return true; // a simpler scenario: the first failure there is the new start
                any = true; // the same scenario: each density is drawn, and a later one is kept only if simpler still
            }
        }
        return any;
    }

    /** One fresh run of {@code t} at density {@code d}, from the next seed of the shrink's fixed sequence. */
    private boolean fresh(String pass, Target t, Density d, boolean anyList) {
        long seed = new org.proxytorture.sim.SplitMix64(0x5EEDL ^ (0x9E3779B97F4A7C15L * ++resamples)).nextLong();
        return attempt(pass, d.burst() > 0 ? t.brief(BURST_NS) : t,
                strategy.over(params, new SparseChoices(seed, d.forcedOneIn(), d.agentOneIn(), d.rareThin(), d.burst())), anyList, true);
    }

    /**
     * After a fresh run (which had room to fail late) is kept: the run cut to end soon after its
     * failure, so that the choice passes' candidates that no longer fail end early too.
     */
    private void shorten() {
        for (Target.Simplification s : target.simplifications(bestOutcome))
            if (s.resample() == null && s.kind() == Target.Simplification.Kind.SHORTER_DURATION) attempt(s.pass(), s.target(), best, true);
    }

    /**
     * A random restart: up to {@code runs} sparse fresh runs of the simplest scenario so far
     * ({@code roomy}: with room to fail), each kept only if it fails the same way with
     * fewer forced choices. True if one did (the passes then go on from it).
     */
    private boolean restart(int runs, Target roomy) {
        if (forced(best) <= RESTART_ABOVE) return false;
        for (int i = 0; i < runs; i++) {
            if (stop()) return false;
            if (fresh("restart_sparse", roomy, RESTART[i % RESTART.length], false)) {
                shorten();
                return true;
            }
        }
        return false; // a fixpoint: the profile's restart_sparse row shows the runs it took
    }

    /**
     * At a local minimum no restart left (or none ran: a short list): up to {@code runs} workload
     * bursts for each smaller machine the target offers, the first failure kept (if its list is
     * not much longer). A failure that needs a rare arrangement of chains shows in one burst in
     * hundreds on a smaller machine (B28 on 6 writers), too rarely for the round's few fresh runs;
     * on an entry already small this costs a few seconds once, at the end.
     */
    private boolean burstSmallerMachines(int runs) {
        Density[] bursts = bursts(runs);
        for (Target.Simplification s : target.simplifications(bestOutcome)) {
            if (stop()) return false;
            if (s.resample() != null && smallerMachine(s) && resampleSimpler(s, bursts)) return true;
        }
        return false;
    }

    private boolean choicePasses() {
        boolean any = false;
        if (best.length > 0) any |= attempt("zero_all", target, new int[0], false);
        if (forced(best) > SPARSE_ABOVE && resample("resample_sparse", target.withRoom(bestOutcome), SPARSE, false)) {
            any = true;
            shorten();
        }
        any |= restart(RESTART.length, target.withRoom(bestOutcome)); // a few sparse runs before the long passes: one may leave them little to do
        any |= zeroChunks("drop_forced_preemptions", RecordingChoices.RARE);
        any |= zeroChunks("drop_window_reorders", RecordingChoices.WINDOW);
        any |= zeroChunks("drop_stale_loads", RecordingChoices.LOAD);
        any |= zeroChunks("zero_spans", (byte) 0);
        any |= deleteSpans();
        any |= lowerValues();
        return any;
    }

    /** Positions of forced choices, of one kind (0: any). */
    private int[] forcedPositions(byte kind) {
        byte[] kinds = bestOutcome.kinds();
        int[] out = new int[best.length];
        int n = 0;
        for (int i = 0; i < best.length; i++) {
            if (best[i] == 0) continue;
            if (kind != 0 && (i >= kinds.length || kinds[i] != kind)) continue;
            out[n++] = i;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Zeroes the forced choices of a kind in chunks, halving the chunk size (delta debugging's
     * complement step): O(m log n) runs for m choices that matter among n forced ones.
     */
    private boolean zeroChunks(String pass, byte kind) {
        boolean any = false;
        int[] pos = forcedPositions(kind);
        for (int size = Math.max(1, pos.length / 2); size >= 1 && pos.length > 0 && !stop(); size /= 2) {
            for (int from = 0; from < pos.length && !stop(); ) {
                int[] c = best.clone();
                for (int j = from; j < Math.min(pos.length, from + size); j++) if (pos[j] < c.length) c[pos[j]] = 0;
                if (attempt(pass, target, c, false)) {
                    any = true;
                    pos = forcedPositions(kind); // the list changed; go on from the same place
                } else {
                    from += size;
                }
            }
            if (size == 1) break;
        }
        return any;
    }

    /** Runs delete_spans may take per round (moving forced choices earlier included). */
    static final int DELETE_BUDGET = 64;

    /**
     * Deletes 8, 4, 2 or 1 choices just before each forced choice (moving it earlier), or starting
     * at it (dropping it, and shifting the decisions after it).
     */
    private boolean deleteSpans() {
        long budget = calls + DELETE_BUDGET; // a per-round limit: it rarely pays on schedules, and each try is a whole run
        boolean any = moveForcedEarlier(budget);
        for (int k : new int[] {8, 4, 2, 1}) {
            int[] pos = forcedPositions((byte) 0);
            for (int j = pos.length - 1; j >= 0 && !stop() && calls < budget; j--) {
                int i = pos[j];
                if (i > 0 && i <= best.length) any |= attempt("delete_spans", target, delete(best, Math.max(0, i - k), i), false);
                if (i < best.length && !stop()) any |= attempt("delete_spans", target, delete(best, i, Math.min(best.length, i + k)), false);
            }
        }
        return any;
    }

    /**
     * Hypothesis' adaptive deletion: before each forced choice, deletes the longest run of
     * choices it can (doubling the length while the failure stays, then a binary search), so a
     * forced choice deep in a long run moves to the front in O(log n) runs instead of O(n).
     */
    private boolean moveForcedEarlier(long budget) {
        boolean any = false;
        int[] pos = forcedPositions((byte) 0);
        for (int j = 0; j < pos.length && !stop() && calls < budget; j++) {
            int i = pos[j];
            int prev = j == 0 ? 0 : pos[j - 1] + 1; // only the zeros between this forced choice and the one before
            if (i <= prev || i > best.length) continue;
            int ok = 0, k = 1;
            while (k <= i - prev && !stop() && attempt("delete_spans", target, delete(best, i - ok - k, i - ok), false)) {
                ok += k; // best lost ok choices before position i; the forced one is now at i - ok
                any = true;
                k *= 2;
                if (i - ok - k < prev) k = i - ok - prev;
                if (k <= 0) break;
            }
            int lo = 1, hi = k - 1; // a binary search for what is left below the failed length
            while (lo <= hi && !stop() && i - ok - lo >= prev) {
                int mid = (lo + hi) >>> 1;
                if (attempt("delete_spans", target, delete(best, i - ok - mid, i - ok), false)) {
                    ok += mid;
                    any = true;
                    hi = Math.min(hi - mid, i - ok - prev);
                } else {
                    hi = mid - 1;
                }
            }
            pos = forcedPositions((byte) 0);
        }
        return any;
    }

    private static int[] delete(int[] a, int from, int to) {
        int[] c = new int[a.length - (to - from)];
        System.arraycopy(a, 0, c, 0, from);
        System.arraycopy(a, to, c, from, a.length - to);
        return c;
    }

    /** Lowers each forced value above 1: to 1, else by binary search for the lowest that still fails. */
    private boolean lowerValues() {
        boolean any = false;
        int[] pos = forcedPositions((byte) 0);
        for (int j = 0; j < pos.length && !stop(); j++) {
            int i = pos[j];
            if (i >= best.length || best[i] <= 1) continue;
            int lo = 1, hi = best[i]; // hi fails; find the lowest value that does
            while (lo < hi && !stop()) {
                int mid = (lo + hi) >>> 1;
                int[] c = best.clone();
                c[i] = mid;
                if (attempt("lower_values", target, c, false)) {
                    any = true;
                    if (i >= best.length || best[i] == 0) break;
                    hi = best[i];
                } else {
                    lo = mid + 1;
                }
            }
        }
        return any;
    }
}
