package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;

/**
 * PCT (Burckhardt et al., ASPLOS'10) over the event loop's window: each emulated CPU gets a
 * priority, the highest-priority CPU among the concurrent ones runs first, and at each of d-1
 * change points (window steps in [1,k]) the CPU that just ran drops below every initial
 * priority. Unlike the usual seeded PCT, the priorities and the change points are themselves
 * drawn as choices from the underlying source, so they are recorded, replayed and shrunk like any
 * decision: a change point of 0 is no change point (a shallower depth), and an insertion
 * position of 0 ranks a CPU below those seen before it (all zeros: CPUs in order of first
 * appearance). Window decisions consume no choice; every other decision passes through.
 * The model simplifies: PCT's threads are the emulated CPUs, and it only reorders sections due
 * within proxytorture.window_ns, so a low-priority CPU is delayed, never starved.
 */
final class PctChoices implements ChoiceSource {
    private static final long DEMOTED = 1L << 40;

    private final ChoiceSource in;
    private final int depth;
    private final long k;
    private long[] changePoints;
    /** CPUs in initial priority order, highest first. */
    private final List<Integer> order = new ArrayList<>();
    /** For a demoted CPU, DEMOTED + the change point's index; else 0. */
    private long[] demoted = new long[0];
    private long step;

    PctChoices(ChoiceSource in, int depth, long k) {
        this.in = in;
        this.depth = depth;
        this.k = k;
    }

    @Override
    public int choose(int n) {
        return in.choose(n);
    }

    @Override
    public boolean oneIn(long oneIn) {
        return in.oneIn(oneIn);
    }

    @Override
    public int chooseLoad(int n) {
        return in.chooseLoad(n);
    }

    @Override
    public boolean readsAgentIds() {
        return true;
    }

    @Override
    public int chooseAgent(int[] agents, int n) {
        if (changePoints == null) {
            changePoints = new long[Math.max(0, depth - 1)];
            int bound = (int) Math.min(Integer.MAX_VALUE, k + 1);
            for (int i = 0; i < changePoints.length; i++) changePoints[i] = in.choose(bound); // 0: none
        }
        for (int i = 0; i < n; i++) rank(agents[i]);
        step++;
        int best = 0;
        long bestPrio = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int a = agents[i];
            long prio = demoted[a] != 0 ? demoted[a] : order.indexOf(a);
            if (prio < bestPrio) {
                bestPrio = prio;
                best = i;
            }
        }
        for (int i = 0; i < changePoints.length; i++) {
            if (changePoints[i] == step) demoted[agents[best]] = DEMOTED + i; // priority d-i: later change points lower
        }
        return best;
    }

    /** A CPU seen for the first time gets its initial priority: an insertion position drawn as a choice. */
    private void rank(int agent) {
        if (agent >= demoted.length) demoted = java.util.Arrays.copyOf(demoted, agent + 1);
        if (order.contains(agent)) return;
        int m = order.size();
        int pos = in.choose(m + 1); // 0: below every CPU ranked so far
        order.add(m - pos, agent);
    }

    /** CPUs ranked so far (PCT's n). */
    int agents() {
        return order.size();
    }

    @Override
    public ChoiceLog log() {
        return in.log();
    }

    @Override
    public String describe() {
        return "PCT depth " + depth + " k " + k + " over " + in.describe();
    }
}
