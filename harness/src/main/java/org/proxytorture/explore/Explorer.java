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
    /** Told about each try as it ends (the CLI's progress line). */
    public interface Progress {
        void tried(int i, Strategy.Try t, Outcome o);
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
        long deadline = wallMs > 0 ? System.nanoTime() + wallMs * 1_000_000L : Long.MAX_VALUE;
        List<Identity> others = new ArrayList<>();
        int i = 0;
        for (; (maxTries <= 0 || i < maxTries) && System.nanoTime() < deadline; i++) {
            Strategy.Try t = strategy.next(seed, i);
            Target target = targets.apply(i);
            Outcome o = target.run(new RecordingChoices(t.source(), false));
            strategy.observe(o);
            if (progress != null) progress.tried(i, t, o);
            if (o.failed()) {
                if (wanted.test(target, o)) return new Result(new Found(i, t.seed(), t.params(), target, o), i + 1, others);
                if (!others.contains(o.identity())) others.add(o.identity());
            }
        }
        return new Result(null, i, others);
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
