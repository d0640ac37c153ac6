package org.proxytorture.explore.shrink;

import static org.proxytorture.explore.shrink.ChoiceLists.canonical;
import static org.proxytorture.explore.shrink.ChoiceLists.compare;
import static org.proxytorture.explore.shrink.ChoiceLists.forced;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.check.Identity;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.RecordingChoices;
import org.proxytorture.explore.SparseChoices;
import org.proxytorture.explore.Strategy;
import org.proxytorture.explore.Target;
import org.proxytorture.explore.Target.Simplification;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.SplitMix64;

/**
 * Hypothesis-style shrinking of a failing run (its shrinker.py shape): a fixed, named list of
 * small passes run to a fixpoint, with a stall limit (runs without progress) and a bound counted in
 * work ({@link Budget}: the same shrink on any machine), and a per-pass profile. The failure
 * identity is pinned: a candidate counts only if it fails with the same checker, invariant and
 * roles.
 *
 * <p>Each round runs the scenario passes first (the target's own {@link Target#simplifications},
 * one pass per {@link Simplification.Kind}: fewer CPUs, fewer tasks, fewer locks, shallower
 * nesting, features off, a simpler proxy variant, a shorter run), then {@link #ROUND}, the choice
 * passes over the list of decisions the failing run consumed (which ends at the failure, trailing
 * zeros dropped). A candidate list is better when it has fewer forced (non-zero) choices, then
 * fewer choices, then smaller values, earliest first ({@link ChoiceLists}).
 *
 * <p>Beside the passes, fresh runs (resampling, which Hypothesis does not do: a schedule found by
 * a dense random run would otherwise cost a choice pass per forced choice), each strategy in its
 * own class with the failure shape it exists for: {@link SparseResample}, {@link Restarts},
 * {@link SmallerMachines}, {@link WorkloadBursts}. Their seeds are fixed by the order of the
 * draws, so a shrink does the same every time.
 */
public final class Shrinker {
    /** How a shrink's bound is counted, for the commands' --help. */
    public static final String BOUND_HELP = "counted in emulated work at a nominal 2.5 M events/s, so a shrink ends the same on any machine; the wall clock stops it there too";

    /** A run's cost in nominal nanoseconds, as a shrink's bound counts it ({@link Budget#cost}). */
    public static long work(Outcome o) {
        return Budget.cost(o.events());
    }

    /** Default stall limit: Hypothesis' max_stall. */
    public static final int MAX_STALL = 200;

    /**
     * The shrink pass list: what one round runs after the scenario passes, in this order, each
     * within its share of the time left ({@link Budget}). Each pass runs, whatever the ones before
     * it did; the round made progress if any kept a candidate.
     */
    static final List<ShrinkPass> ROUND = List.of(
            // a failure that does not need its schedule at all: one run
            new ShrinkPass("zero_all", 1.0, ChoicePasses::zeroAll),
            // a dense random run's failure: a few sparse fresh runs may replace thousands of forced choices
            new ShrinkPass("resample_sparse", 0.25, SparseResample::pass),
            // a local minimum of a dense run's schedule: fresh sparse runs of the simplest scenario so far
            Restarts.EARLY,
            // extra long holds and preemptions (locktorture draws one at every acquisition) the failure does not need
            new ShrinkPass("drop_forced_preemptions", 0.5, (s, pass) -> ChoicePasses.zeroChunks(s, pass, RecordingChoices.RARE)),
            // CPUs run in another order than the default where the order does not matter
            new ShrinkPass("drop_window_reorders", 0.5, (s, pass) -> ChoicePasses.zeroChunks(s, pass, RecordingChoices.WINDOW)),
            // stale loads of the memory model that are not the ones the failure reads
            new ShrinkPass("drop_stale_loads", 0.5, (s, pass) -> ChoicePasses.zeroChunks(s, pass, RecordingChoices.LOAD)),
            // whatever forced choices are left, of any kind, in blocks of halving size
            new ShrinkPass("zero_spans", 0.5, (s, pass) -> ChoicePasses.zeroChunks(s, pass, (byte) 0)),
            // forced choices that matter but come later than they need to (the decisions before them shift)
            new ShrinkPass("delete_spans", 0.5, ChoicePasses::deleteSpans),
            // forced choices that matter with a smaller value (CPU 1 instead of CPU 3 first)
            new ShrinkPass("lower_values", 0.5, ChoicePasses::lowerValues));

    /**
     * The share of the time left the fresh runs of one round's scenario passes may take together:
     * a scenario pass replays the failing list once per simplification, but the fresh runs of a
     * simplification whose replay did not fail (up to 32 workload bursts each, for each of a
     * dozen features) are many, each costing a whole test when it does not fail. Smaller
     * machines come first in the simplifications, so they get the share first.
     */
    static final double SCENARIO_RESAMPLE_SHARE = 0.25;

    /** The share of the time left a local minimum's restarts and bursts may take. */
    static final double LOCAL_MINIMUM_SHARE = 0.5;

    /** Why a shrink stopped. */
    public enum Stop {
        /** No pass, restart or burst made progress. */
        FIXPOINT,
        /** The stall limit's number of runs in a row without progress. */
        STALL_LIMIT,
        /** The next run could end past the bound (counted in work: {@link Budget}). */
        TIME_BOUND,
        /** A round without progress in which a pass stopped at its share of the time ({@link Budget}): no fixpoint, no time for another. */
        TIME_SHARES,
        /** The wall clock reached the bound first: a machine slower than the bound's nominal rate (a busy one); the result may differ from a quicker machine's. */
        WALL_BOUND;

        /** One word, for a table column. */
        public String brief() {
            return switch (this) {
                case FIXPOINT -> "fixpoint";
                case STALL_LIMIT -> "stall";
                case TIME_BOUND -> "time";
                case TIME_SHARES -> "shares";
                case WALL_BOUND -> "wall";
            };
        }
    }

    /** The result: the simplest target and choice list found, its run, and how the search went. */
    public record Result(Target target, int[] choices, Outcome outcome, Stop stop, int maxStall, int calls, List<String> profile) {
        public long forced() {
            return ChoiceLists.forced(choices);
        }

        /** Why it stopped, as a line says it. */
        public String stopReason() {
            return switch (stop) {
                case FIXPOINT -> "fixpoint";
                case STALL_LIMIT -> "stall limit (" + maxStall + " runs without progress)";
                case TIME_BOUND -> "time bound";
                case TIME_SHARES -> "a round without progress, a pass stopped at its share of the time";
                case WALL_BOUND -> "wall-time bound (a machine slower than the bound's nominal rate: another machine may shrink further)";
            };
        }
    }

    /** The best failure so far: a scenario, its choice list and its run. */
    record Best(Target target, int[] choices, Outcome outcome) { }

    /** No bound on the forced choices of a fresh run that is kept. */
    static final long ANY_FORCED = Long.MAX_VALUE;

    /** How a candidate is run: the strategy replaying the list (PCT keeps its parameters). */
    private final Strategy strategy;
    private final String params;
    private final Identity identity;
    private final Budget budget;
    private final long timeBoundNanos;
    private final int maxStall;

    Target target;
    int[] best;
    Outcome bestOutcome;
    /** Runs so far (delete_spans budgets by it). */
    int calls;
    private int stall;
    /** Work of the last run ({@link Budget#cost}): a run is not started if it could end past the bound. */
    private long lastRunWork;
    /** The costliest run so far (a fresh run with room to fail can take far longer than a replayed list). */
    private long maxRunWork;
    /** The same on the wall clock, for the backstop. */
    private long lastRunNanos;
    private long maxRunNanos;
    /** Resampling runs drawn so far: the next one's seed. */
    private long resamples;
    private Stop stop = Stop.FIXPOINT;
    /** A pass of this round stopped at its allotment (the round's lack of progress is no fixpoint). */
    private boolean passCut;
    /** The first restart's sparse failure and the dense failure's scenario, until round 0's scenario passes end ({@link Restarts#first}). */
    private Best carried;
    private Target carriedDense;
    private final Map<String, PassStats> profile = new LinkedHashMap<>();

    /** A shrink bounded by {@code timeBoundMs} of work ({@link Budget}), the wall clock stopping it at the same bound. */
    public Shrinker(Strategy strategy, String params, Identity identity, long timeBoundMs, int maxStall) {
        this(strategy, params, identity, timeBoundMs, maxStall, timeBoundMs);
    }

    /** The same with the wall clock's backstop at {@code wallBoundMs}. */
    public Shrinker(Strategy strategy, String params, Identity identity, long timeBoundMs, int maxStall, long wallBoundMs) {
        this.strategy = strategy;
        this.params = params;
        this.identity = identity;
        this.timeBoundNanos = timeBoundMs * 1_000_000L;
        this.budget = new Budget(timeBoundNanos, wallBoundMs * 1_000_000L);
        this.maxStall = maxStall;
        for (String pass : profileRows()) profile.put(pass, PassStats.NONE);
    }

    /**
     * The profile's rows: the scenario passes, then the round's passes, restart_sparse last (it
     * also runs before the first round and at each local minimum).
     */
    private static List<String> profileRows() {
        List<String> rows = new ArrayList<>();
        for (Simplification.Kind k : Simplification.Kind.values()) if (!rows.contains(k.pass)) rows.add(k.pass);
        for (ShrinkPass p : ROUND) if (p != Restarts.EARLY) rows.add(p.name());
        rows.add(Restarts.PASS);
        return rows;
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
        lastRunWork = maxRunWork = Budget.cost(again.events());
        budget.charge(lastRunWork);
        Restarts.first(this);
        rounds();
        List<String> rows = new ArrayList<>();
        rows.add(PassStats.header());
        for (var e : profile.entrySet()) if (e.getValue().calls() > 0) rows.add(e.getValue().row(e.getKey()));
        return new Result(target, best, bestOutcome, stop, maxStall, calls, rows);
    }

    /**
     * Rounds to a fixpoint. Round 0 tries each simpler scenario with the failing list only (a
     * random run's list is as good as a fresh random run there); from round 1, when the list is
     * short, with resampling. At a local minimum (a round without progress, or the stall limit)
     * a restart or workload bursts may find another way in.
     */
    private void rounds() {
        boolean progress = true;
        for (int round = 0; (progress || round == 1) && !stop(); round++) {
            passCut = false;
            progress = scenarioPasses(round > 0);
            if (round == 0 && carried != null) progress |= takeCarried();
            for (ShrinkPass p : ROUND) progress |= p.run(this);
            if (!progress && round > 0 || stall >= maxStall) {
                stall = 0;
                stop = passCut ? Stop.TIME_SHARES : Stop.FIXPOINT;
                progress = !stop() && within(LOCAL_MINIMUM_SHARE,
                        () -> Restarts.atLocalMinimum(this, maxStall) || WorkloadBursts.onSmallerMachines(this, maxStall));
            }
        }
    }

    /**
     * Whether to stop before the next run: the shrink (and why: {@link #stop} is set when it says
     * so), or only the current pass, at the end of its allotment.
     */
    boolean stop() {
        if (budget.boundSpent(Math.max(2 * lastRunWork, maxRunWork))) { // the next run could end past the bound
            stop = Stop.TIME_BOUND;
            return true;
        }
        if (budget.wallSpent(Math.max(2 * lastRunNanos, maxRunNanos))) {
            stop = Stop.WALL_BOUND;
            return true;
        }
        if (stall >= maxStall) {
            stop = Stop.STALL_LIMIT;
            return true;
        }
        boolean spent = budget.allotmentSpent(lastRunWork); // a pass may end one run past its allotment, never past the bound
        passCut |= spent;
        return spent;
    }

    /** Runs {@code pass} within {@code share} of the time left ({@link Budget#within}). */
    boolean within(double share, java.util.function.BooleanSupplier pass) {
        return budget.within(share, pass);
    }

    /** Whether the last run cost less than 1% of the bound (dense fresh runs are worth drawing). */
    boolean runsAreCheap() {
        return lastRunWork * 100 < timeBoundNanos;
    }

    /** The scenario passes: the first simplification that keeps the failure, then those of the new scenario, until none does. */
    private boolean scenarioPasses(boolean resampling) {
        boolean any = false;
        boolean again = true;
        long freshRunsEnd = budget.endOf(SCENARIO_RESAMPLE_SHARE);
        while (again && !stop()) {
            again = false;
            for (Simplification s : target.simplifications(bestOutcome)) {
                if (attempt(s.pass(), s.target(), best, true)
                        || s.resample() != null && budget.until(freshRunsEnd, () -> SmallerMachines.resampleScenario(this, s, resampling))) {
                    any = again = true;
                    break; // the simplifications of the new scenario
                }
            }
        }
        return any;
    }

    /** Carries {@code sparse} (a failure of the first restart) past round 0's scenario passes, which start from {@code dense}'s failure. */
    void carry(Best sparse, Target dense) {
        carried = sparse;
        carriedDense = dense;
    }

    private boolean takeCarried() {
        Best sparse = carried;
        carried = null;
        return Restarts.takeCarried(this, sparse, carriedDense);
    }

    Best best() {
        return new Best(target, best, bestOutcome);
    }

    void restore(Best b) {
        target = b.target();
        best = b.choices();
        bestOutcome = b.outcome();
    }

    /**
     * After a fresh run (which had room to fail late) is kept: the run cut to end soon after its
     * failure, so that the choice passes' candidates that no longer fail end early too.
     */
    void shorten() {
        for (Simplification s : target.simplifications(bestOutcome))
            if (s.resample() == null && s.kind() == Simplification.Kind.SHORTER_DURATION) attempt(s.pass(), s.target(), best, true);
    }

    /** Runs a replayed candidate list; it is kept if it fails the same way and is simpler (or {@code anyList}, for a simpler scenario). */
    boolean attempt(String pass, Target t, int[] candidate, boolean anyList) {
        return attempt(pass, t, strategy.replay(params, ChoiceLog.of(candidate)), anyList, false, ANY_FORCED);
    }

    /**
     * Runs a candidate drawn from {@code source} ({@code fresh}: a resample, not a replayed list,
     * kept only with at most {@code maxForced} forced choices). A fresh run (resampling: a bounded
     * number per round) is not a stalled step.
     */
    private boolean attempt(String pass, Target t, ChoiceSource source, boolean anyList, boolean fresh, long maxForced) {
        if (stop()) return false;
        long t0 = System.nanoTime();
        calls++;
        Outcome o = t.run(new RecordingChoices(source, true));
        lastRunNanos = System.nanoTime() - t0;
        maxRunNanos = Math.max(maxRunNanos, lastRunNanos);
        lastRunWork = Budget.cost(o.events());
        maxRunWork = Math.max(maxRunWork, lastRunWork);
        budget.charge(lastRunWork);
        profile.merge(pass, PassStats.run(lastRunWork, lastRunNanos), PassStats::plus);
        boolean counts = !fresh;
        if (!identity.equals(o.identity())) {
            if (counts) stall++;
            return false;
        }
        int[] c = canonical(o.choices());
        if (!anyList && compare(c, best) >= 0 || fresh && forced(c) > maxForced) {
            if (counts) stall++;
            return false;
        }
        profile.merge(pass, PassStats.shrink(Math.max(0, forced(best) - forced(c))), PassStats::plus);
        stall = 0;
        target = t;
        best = c;
        bestOutcome = o;
        return true;
    }

    /**
     * Draws fresh runs of {@code t}, one per density, and keeps the first that fails the same way
     * ({@code anyList}: at all, a simpler scenario's new start; else: more simply than the best,
     * each density drawn and a later one kept only if simpler still).
     */
    boolean resample(String pass, Target t, Density[] densities, boolean anyList, long maxForced) {
        boolean any = false;
        for (Density d : densities) {
            if (stop()) break;
            if (fresh(pass, t, d, anyList, maxForced)) {
                if (anyList) return true;
                any = true;
            }
        }
        return any;
    }

    /** The same, with no bound on the forced choices. */
    boolean resample(String pass, Target t, Density[] densities, boolean anyList) {
        return resample(pass, t, densities, anyList, ANY_FORCED);
    }

    /**
     * One fresh run of {@code t} at density {@code d} (the strategy over {@link SparseChoices}),
     * from the next seed of the shrink's fixed sequence; a burst runs {@link WorkloadBursts#BURST_NS}.
     */
    boolean fresh(String pass, Target t, Density d, boolean anyList, long maxForced) {
        long seed = new SplitMix64(0x5EEDL ^ (0x9E3779B97F4A7C15L * ++resamples)).nextLong();
        return attempt(pass, d.burst() > 0 ? t.brief(WorkloadBursts.BURST_NS) : t,
                strategy.over(params, new SparseChoices(seed, d.forcedOneIn(), d.agentOneIn(), d.rareThin(), d.burst())), anyList, true, maxForced);
    }
}
