package org.proxytorture.explore;

import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;
import org.proxytorture.config.BadInputException;

/**
 * Probabilistic concurrency testing at depth d: {@link PctChoices} over each try's seed. The
 * number of steps k is discovered as Coyote and Fray do it: the largest number of window
 * decisions seen so far (the first try, with k unknown, has no change point).
 */
public final class PctStrategy implements Strategy {
    private final int depth;
    private long k;
    private int agents;
    private int runsAtDepth;

    public PctStrategy(int depth) {
        if (depth < 1 || depth > 10) throw new BadInputException("--depth=" + depth + ": out of range (accepted: 1..10)");
        this.depth = depth;
    }

    @Override
    public String name() {
        return "pct";
    }

    @Override
    public Try next(long seed, int i) {
        long s = Strategy.trySeed(seed, i);
        if (k > 0 || depth == 1) runsAtDepth++;
        return new Try(s, new PctChoices(new SeededChoices(s), depth, k), params(depth, k));
    }

    static String params(int depth, long k) {
        return "d=" + depth + " k=" + k;
    }

    @Override
    public void observe(Outcome o) {
        k = Math.max(k, o.windowSteps());
        agents = Math.max(agents, o.cpus());
    }

    @Override
    public ChoiceSource replay(String params, ChoiceLog recorded) {
        return over(params, new ReplayChoices(recorded));
    }

    @Override
    public ChoiceSource over(String params, ChoiceSource decisions) {
        var m = java.util.regex.Pattern.compile("d=(\\d+) k=(\\d+)").matcher(params == null ? "" : params.trim());
        if (!m.matches()) throw new BadInputException("strategy_params \"" + params + "\": not PCT's (accepted: \"d=<depth> k=<steps>\")");
        return new PctChoices(decisions, Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
    }

    /**
     * PCT's guarantee for what was not found: one run finds a given depth-d bug with probability
     * at least 1/(n k^(d-1)), so N runs all miss it with probability at most (1 - 1/(n k^(d-1)))^N.
     */
    @Override
    public String cleanSummary(int tries) {
        double p = Math.pow(1 - 1 / (agents * Math.pow(Math.max(1, k), depth - 1)), runsAtDepth);
        return String.format("%d runs at depth %d, %d tasks, %d steps: a depth-%d bug is missed with probability <= "
                + "(1 - 1/(%d * %d^%d))^%d = %.6f (PCT's tasks are the emulated CPUs; k is the most window decisions seen in one run)",
                runsAtDepth, depth, agents, k, depth, agents, k, depth - 1, runsAtDepth, p);
    }
}
