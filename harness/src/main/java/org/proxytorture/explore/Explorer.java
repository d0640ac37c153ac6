package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.check.Identity;

/**
 * Runs tries of a target under a strategy from one seed until a failure (of the wanted identity,
 * if one is given: a catalog entry is a target plus the identity it must fail with), the number
 * of tries, or the wall-time budget. Tries are numbered; try i's decisions depend only on the
 * seed, i and the strategy's feedback from tries before it.
 */
public final class Explorer {
    /** Told about each try as it ends, in try order (the CLI's progress line). */
    public interface Progress {
        void tried(int i, Strategy.Try t, Target target, Outcome o);
    }

    /** A failing try: its index, seed, strategy parameters, the target it ran and its run. */
    public record Found(int index, long seed, String params, Target target, Outcome outcome) { }

    /** The result: the failure found (or null), how many tries ran, other failures seen on the way. */
    public record Result(Found found, int tries, List<Identity> otherFailures) { }

    private Explorer() { }

    /**
     * @param want     the failure to look for; null: any failure
     * @param maxTries at most this many tries (0: no limit but the time)
     * @param wallMs   at most this long (0: no limit but the tries)
     */
    public static Result explore(Target target, Strategy strategy, long seed, int maxTries, long wallMs, Want want, Progress progress) {
        return exploreFor(target, strategy, seed, maxTries, wallMs, id -> want == null ? id != null : want.test(id), progress);
    }

    /** The same, for the failures {@code wanted} accepts (a catalog entry's expected checkers); it sees only failing identities. */
    public static Result exploreFor(Target target, Strategy strategy, long seed, int maxTries, long wallMs,
            java.util.function.Predicate<Identity> wanted, Progress progress) {
        return exploreFor(i -> target, strategy, seed, maxTries, wallMs, wanted, progress);
    }

    /** The same over a target per try ({@code targets.apply(i)}: a scenario rotated through the proxy generations). */
    public static Result exploreFor(java.util.function.IntFunction<? extends Target> targets, Strategy strategy, long seed, int maxTries, long wallMs,
            java.util.function.Predicate<Identity> wanted, Progress progress) {
        return exploreWhere(targets, strategy, seed, maxTries, wallMs, (target, o) -> wanted.test(o.identity()), progress);
    }

    /**
     * The same, for the failing tries {@code wanted} accepts, seeing the target and the whole run
     * (the synthetic-fault measurement re-runs a failing try without its fault before it counts it).
     */
    public static Result exploreWhere(java.util.function.IntFunction<? extends Target> targets, Strategy strategy, long seed, int maxTries, long wallMs,
            java.util.function.BiPredicate<Target, Outcome> wanted, Progress progress) {
        return exploreWhere(targets, strategy, seed, maxTries, wallMs, wanted, progress, 1);
    }

    /**
     * The same on {@code jobs} worker threads where the strategy's tries are independent (random):
     * tries start in order, their results are taken in order (observed, reported, judged), so the
     * result for a number of tries does not depend on {@code jobs}; the tries still running when the
     * failure is found are abandoned (daemon threads, run to their end in the background). A strategy that learns from each try runs them one at a time.
     */
    public static Result exploreWhere(java.util.function.IntFunction<? extends Target> targets, Strategy strategy, long seed, int maxTries, long wallMs,
            java.util.function.BiPredicate<Target, Outcome> wanted, Progress progress, int jobs) {
        if (jobs > 1 && strategy.independent()) return new Parallel(targets, strategy, seed, maxTries, wallMs, wanted, progress, jobs).run();
        long deadline = wallMs > 0 ? System.nanoTime() + wallMs * 1_000_000L : Long.MAX_VALUE;
        List<Identity> others = new ArrayList<>();
        int i = 0;
        for (; (maxTries <= 0 || i < maxTries) && System.nanoTime() < deadline; i++) {
            Strategy.Try t = strategy.next(seed, i);
            Target target = targets.apply(i);
            Outcome o = target.run(new RecordingChoices(t.source(), false));
            Found f = take(strategy, progress, wanted, others, i, t, target, o);
            if (f != null) return new Result(f, i + 1, others);
        }
        return new Result(null, i, others);
    }

    /** Try i's outcome, in try order: the strategy observes it, progress is told, and it is the failure looked for (returned) or another one (noted). */
    private static Found take(Strategy strategy, Progress progress, java.util.function.BiPredicate<Target, Outcome> wanted, List<Identity> others,
            int i, Strategy.Try t, Target target, Outcome o) {
        strategy.observe(o);
        if (progress != null) progress.tried(i, t, target, o);
        if (!o.failed()) return null;
        if (wanted.test(target, o)) return new Found(i, t.seed(), t.params(), target, o);
        if (!others.contains(o.identity())) others.add(o.identity());
        return null;
    }

    /** Tries on a pool of workers, at most {@code 2 * jobs} in flight, their results taken in try order. */
    private record Parallel(java.util.function.IntFunction<? extends Target> targets, Strategy strategy, long seed, int maxTries, long wallMs,
            java.util.function.BiPredicate<Target, Outcome> wanted, Progress progress, int jobs) {

        private record Pending(int i, Strategy.Try t, Target target, java.util.concurrent.Future<Outcome> outcome) { }

        Result run() {
            long deadline = wallMs > 0 ? System.nanoTime() + wallMs * 1_000_000L : Long.MAX_VALUE;
            java.util.ArrayDeque<Pending> inFlight = new java.util.ArrayDeque<>();
            List<Identity> others = new ArrayList<>();
            int next = 0, done = 0;
            try (org.proxytorture.run.Workers pool = new org.proxytorture.run.Workers("explore", jobs)) {
                while (true) {
                    for (; inFlight.size() < 2 * jobs && (maxTries <= 0 || next < maxTries) && System.nanoTime() < deadline; next++) {
                        Strategy.Try t = strategy.next(seed, next);
                        Target target = targets.apply(next);
                        inFlight.add(new Pending(next, t, target, pool.submit(() -> target.run(new RecordingChoices(t.source(), false)))));
                    }
                    Pending p = inFlight.poll();
                    if (p == null) return new Result(null, done, others);
                    Outcome o = org.proxytorture.run.Workers.get(p.outcome());
                    done++;
                    Found f = take(strategy, progress, wanted, others, p.i(), p.t(), p.target(), o);
                    if (f != null) return new Result(f, p.i() + 1, others);
                }
            }
        }
    }

    /**
     * The failure {@code explore --want} names: an exact identity ({@code checker/invariant[roles]}),
     * or, written without its roles ({@code checker/invariant}), that invariant with any roles.
     */
    public record Want(Identity identity, boolean anyRoles) {
        /** Reads the option's text; IllegalArgumentException if it is not an identity. */
        public static Want parse(String text) {
            return new Want(Identity.parse(text), !text.endsWith("]"));
        }

        public boolean test(Identity id) {
            if (id == null) return false;
            return anyRoles ? id.checker().equals(identity.checker()) && id.invariant().equals(identity.invariant()) : id.equals(identity);
        }
    }
}
