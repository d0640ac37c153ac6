package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.Explorer;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.Strategies;
import org.proxytorture.explore.Strategy;
import org.proxytorture.explore.TargetedStrategy;
import org.proxytorture.explore.Timeline;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.explore.space.ScenarioSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Searches for a failure: tries of one scenario under a strategy (random, pct, coverage) from one
 * seed, each stopping at its first failure; on one, shrinks it and writes the replay files.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:a failure was found: its replay files are written and its timeline printed", Main.EXIT_2, Main.EXIT_3},
        description = "Explore schedules of a scenario for a failure; shrink it; write replay files.")
public final class ExploreCommand implements Callable<Integer> {
    @Option(names = "--strategy", paramLabel = "random|pct|coverage", defaultValue = "random",
            description = "random: a fresh seed per try; pct: PCT over the CPUs, --depth d; coverage: mutates the tries that reached a new"
                    + " proxy branch or interleaving class (default ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "3", description = "PCT's bug depth d, 1..10 (default ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--target", paramLabel = "SCORE",
            description = "targeted search: after a warm-up, every other try mutates the best-scoring try's choices to raise SCORE"
                    + " (proxy_chain|lock_wait_ns|donor_migrations|pidemo_max_latency_ns)")
    String target;

    @Option(names = "--score", paramLabel = "SCORE",
            description = "report SCORE of every try and the best found, without climbing: plain search's figure to set against --target's"
                    + " (proxy_chain|lock_wait_ns|donor_migrations|pidemo_max_latency_ns)")
    String score;

    @Option(names = "--tries", paramLabel = "N", description = "number of runs (default 100 unless --time is given)")
    Integer tries;

    @Option(names = "--time", paramLabel = "TIME", description = "wall-clock budget of the search, e.g. 60s, 10m (the shrink has its own)")
    String time;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "seed of the exploration (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--expect", paramLabel = "IDENTITY",
            description = "look for this failure identity (checker/invariant[roles], or checker/invariant for any roles); others are noted and passed over")
    String expect;

    @Option(names = "--shrink-time", paramLabel = "TIME", defaultValue = "60s", description = "bound of the shrink, " + Shrinker.BOUND_HELP + " (default ${DEFAULT-VALUE})")
    String shrinkTime;

    @Option(names = "--no-shrink", description = "write the failure as found, do not shrink it")
    boolean noShrink;

    @Option(names = "--out", defaultValue = "proxytorture-failures", paramLabel = "DIR", description = "where replay files go (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--verbose", description = "one line per try, and the shrinker's per-pass profile")
    boolean verbose;

    @picocli.CommandLine.Mixin
    ScenarioOptions scenario;

    @Option(names = "--space", description = "draw each try's scenario from the whole scenario space (edge cases first), not one scenario")
    boolean space;

    @Option(names = "--inject", split = ",", paramLabel = "BUG",
            description = "inject bug-catalog faults into every try, e.g. --inject B05 (proxytorture.inject=; see 'bugs')")
    java.util.List<String> inject = java.util.List.of();

    @Option(names = "--fix", paramLabel = "KEY=VALUE", description = "with --space: pin a dimension, e.g. --fix cpus=4 --fix torture_type=rwsem_lock")
    java.util.List<String> fix = java.util.List.of();

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "worker threads for the tries, 1..256 (default ${DEFAULT-VALUE}); random's tries only (coverage, pct and --target learn from"
                    + " each try in turn); the result for a number of tries does not depend on it")
    int jobs;

    @Override
    public Integer call() {
        if (jobs < 1 || jobs > 256) throw new BadInputException("--jobs=" + jobs + ": out of range (accepted: 1..256)");
        if (!fix.isEmpty() && !space) throw new BadInputException("--fix pins a dimension of --space (accepted: --space --fix KEY=VALUE)");
        if (space && this.target != null) throw new BadInputException("--target searches one scenario (accepted: --target without --space)");
        if (score != null && !org.proxytorture.run.Scores.NAMES.contains(score))
            throw new BadInputException("--score=" + score + ": unknown score (accepted: " + String.join("|", org.proxytorture.run.Scores.NAMES) + ")");
        if (score != null && this.target != null && !score.equals(this.target))
            throw new BadInputException("--score=" + score + " with --target=" + this.target + ": a targeted search reports its own score (accepted: one of them)");
        if (space) return SpaceExplore.run(this, ScenarioSpace.fixed(fix).injecting(inject));
        TortureTarget target = inject.isEmpty() ? scenario.target()
                : scenario.target().withBootArgs(BootArgs.EMPTY.with("proxytorture.inject", String.join(",", inject)));
        Explorer.Want want = want(expect);
        Strategy st = this.target == null ? Strategies.byName(strategy, depth) : Strategies.targeted(Strategies.byName(strategy, depth), this.target);
        long wallMs = time == null ? 0 : Durations.parse("--time", time) / 1_000_000L;
        int n = tries != null ? tries : time == null ? 100 : 0;
        if (tries != null && tries < 1) throw new BadInputException("--tries=" + tries + ": out of range (accepted: 1 or more)");
        long shrinkMs = Durations.parse("--shrink-time", shrinkTime) / 1_000_000L;
        // a climb runs the best try's choices again, so a targeted search keeps one scenario for every try
        boolean rotate = target.rotates() && this.target == null;
        System.out.println("proxytorture explore: strategy " + strategy + (strategy.equals("pct") ? " depth " + depth : "")
                + (this.target != null ? ", target " + this.target : "") + ", seed " + seed
                + ", " + (n > 0 ? n + " tries" : "") + (n > 0 && wallMs > 0 ? " or " : "") + (wallMs > 0 ? time + " wall" : "") + "; " + target.describe()
                + (rotate ? "; each try in turn under proxy_variant full, migrate, single-rq, then the three with NO_DELAY_DEQUEUE"
                        + " (pin proxytorture.proxy_variant or proxytorture.sched_feat to keep one)"
                : target.rotates() ? "; --target runs every try as given, not rotated through the proxy generations" : ""));
        long[] failed = new long[1];
        String shown = this.target != null ? this.target : score;
        long[] best = {-1, -1}; // --score: the best value and its try
        if (jobs > 1 && !st.independent())
            System.out.println("explore: --jobs " + jobs + ": " + st.name() + " learns from each try in turn, so its tries run one at a time");
        Explorer.Result r = Explorer.exploreWhere(i -> rotate ? target.rotated(i) : target, st, seed, n, wallMs, (tt, o) -> want == null || want.test(o.identity()), (i, t, tried, o) -> {
            if (o.failed()) failed[0]++;
            if (score != null && o.scores().get(score) > best[0]) {
                best[0] = o.scores().get(score);
                best[1] = i + 1;
            }
            if (verbose || o.failed() || (i + 1) % 10 == 0)
                System.out.printf("explore: try %d (seed %d): %s, %d events, %d.%03d s simulated, %d choices (%d forced)%s%n", i + 1, t.seed(),
                        o.failed() ? "FAILURE " + o.identity() : "passed", o.events(), o.simNs() / 1_000_000_000L, o.simNs() / 1_000_000 % 1000,
                        o.choices().size(), o.choices().nonZero(), shown == null ? "" : ", " + shown + " " + o.scores().get(shown));
        }, jobs);
        if (st instanceof TargetedStrategy ts) System.out.println("explore: " + ts.bestLine());
        else if (score != null) System.out.println("explore: best " + score + " " + best[0] + " at try " + best[1] + " (" + strategy + ", no climbing)");
        if (r.found() == null) {
            System.out.println("explore: " + st.cleanSummary(r.tries()) + (r.otherFailures().isEmpty() ? "" : "; other failures seen: " + r.otherFailures()));
            return Main.EXIT_OK;
        }
        Explorer.Found f = r.found();
        TortureTarget tried = (TortureTarget) f.target();
        if (rotate) System.out.println("explore: the failing try ran " + tried.describe());
        return writeAndShrink(f, st, shrinkMs);
    }

    /** The failure as found (a replay file), then shrunk (scenario and schedule together) unless --no-shrink. */
    int writeAndShrink(Explorer.Found f, Strategy st, long shrinkMs) {
        TortureTarget tried = (TortureTarget) f.target();
        String base = "failure-" + st.name().replace(':', '-') + "-seed" + seed + "-try" + (f.index() + 1);
        Path found = out.resolve(base + ".json");
        ReplayFile.of(tried, f.seed(), st.name(), f.params(), f.outcome().choices(), f.outcome(), false).write(found);
        System.out.println("explore: found " + f.outcome().identity() + " at try " + (f.index() + 1) + "; replay file " + found);
        if (noShrink) {
            Timeline.render(tried, f.outcome().choices().toArray(), f.outcome()).forEach(System.out::println);
            return Main.EXIT_FAILURE;
        }
        Path min = out.resolve(base + ".min.json");
        ShrinkCommand.shrinkAndWrite(tried, st, f.seed(), st.name(), f.params(), f.outcome(), min, shrinkMs, verbose);
        return Main.EXIT_FAILURE;
    }

    /** --expect's identity, or null for any failure; bad input if it is not one. */
    static Explorer.Want want(String text) {
        if (text == null) return null;
        try {
            return Explorer.Want.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--expect=" + text + ": not a failure identity (accepted: checker/invariant[roles], e.g."
                    + " migration/INV-P1[donor=lock_torture_wr], or checker/invariant for any roles)");
        }
    }
}
