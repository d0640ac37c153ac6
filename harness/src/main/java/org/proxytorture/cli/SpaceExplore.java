package org.proxytorture.cli;

import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.Explorer;
import org.proxytorture.explore.Strategies;
import org.proxytorture.explore.Strategy;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.explore.space.ScenarioSpace;
import org.proxytorture.explore.space.Statistics;

/**
 * {@code explore --space}: each try draws its scenario from the scenario space (edge cases first,
 * pinned dimensions kept), runs it under the strategy, and at the end prints what was generated
 * (the statistics tables); a failure is written and shrunk as explore does for one scenario.
 */
final class SpaceExplore {
    private SpaceExplore() { }

    static int run(ExploreCommand cmd, ScenarioSpace space) {
        if (cmd.scenario.scenario != null) throw new BadInputException("--space draws its scenarios; --scenario names one (accepted: one of them)");
        Explorer.Want want = ExploreCommand.want(cmd.expect);
        Strategy st = Strategies.byName(cmd.strategy, cmd.depth);
        long wallMs = cmd.time == null ? 0 : Durations.parse("--time", cmd.time) / 1_000_000L;
        int n = cmd.tries != null ? cmd.tries : cmd.time == null ? 100 : 0;
        if (cmd.tries != null && cmd.tries < 1) throw new BadInputException("--tries=" + cmd.tries + ": out of range (accepted: 1 or more)");
        long shrinkMs = Durations.parse("--shrink-time", cmd.shrinkTime) / 1_000_000L;
        String pins = space.describePins();
        System.out.println("proxytorture explore --space: strategy " + cmd.strategy + ", seed " + cmd.seed + ", "
                + (n > 0 ? n + " tries" : "") + (n > 0 && wallMs > 0 ? " or " : "") + (wallMs > 0 ? cmd.time + " wall" : "")
                + "; scenarios drawn from the space, the first " + ScenarioSpace.edgeTries() + " tries its edge cases"
                + (pins.isEmpty() ? "" : "; pinned: " + pins) + (space.injected().isEmpty() ? "" : "; injected: " + space.injected()));
        Statistics stats = new Statistics();
        long[] failed = new long[1];
        Explorer.Result r = Explorer.exploreWhere(i -> space.draw(cmd.seed, i), st, cmd.seed, n, wallMs, (t, o) -> want == null || want.test(o.identity()), (i, t, tried, o) -> {
            TortureTarget drawn = (TortureTarget) tried;
            stats.add(drawn, o);
            if (o.failed()) failed[0]++;
            if (cmd.verbose || o.failed())
                System.out.printf("explore: try %d (seed %d): %s; %s%n", i + 1, t.seed(), o.failed() ? "FAILURE " + o.identity() : "passed", drawn.describe());
            else if ((i + 1) % 10 == 0) System.out.printf("explore: %d tries, %d failed%n", i + 1, failed[0]);
        }, cmd.jobs);
        System.out.println("explore --space: what was generated");
        stats.render().forEach(System.out::println);
        System.out.println("explore --space: " + stats.unreached());
        if (r.found() == null) {
            System.out.println("explore: " + st.cleanSummary(r.tries()) + (r.otherFailures().isEmpty() ? "" : "; other failures seen: " + r.otherFailures()));
            return Main.EXIT_OK;
        }
        System.out.println("explore: the failing try's scenario: " + r.found().target().describe());
        return cmd.writeAndShrink(r.found(), st, shrinkMs);
    }
}
