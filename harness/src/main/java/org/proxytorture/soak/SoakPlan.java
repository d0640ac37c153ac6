package org.proxytorture.soak;

import java.util.List;
import org.proxytorture.explore.TortureTarget;

/**
 * What a soak runs, as numbered runs: run {@code seq} is slot {@code seq % slots} of round
 * {@code seq / slots}. A scenario named N times ({@code 3*PROXY01}, or three times in a list)
 * has N slots, and its seeds are consecutive from the base seed across its slots and rounds, as
 * kvm.sh gives a repeat the next seed: PROXY01 runs seeds s, s+1, s+2 in round 0, s+3.. in round 1.
 * So a run's scenario and seed are a function of its number alone.
 */
public record SoakPlan(List<Slot> slots, long baseSeed) {

    /**
     * One place in a round.
     *
     * @param ordinal which of its scenario's slots this is (0-based)
     * @param repeats how many slots its scenario has
     */
    public record Slot(String scenario, TortureTarget target, int ordinal, int repeats) { }

    public SoakPlan {
        slots = List.copyOf(slots);
        if (slots.isEmpty()) throw new IllegalArgumentException("a soak plan needs a scenario");
    }

    /** Run number {@code seq} (0, 1, 2, ...). */
    public RunSpec at(long seq) {
        if (seq < 0) throw new IllegalArgumentException("negative run number " + seq);
        int n = slots.size();
        Slot s = slots.get((int) (seq % n));
        long round = seq / n;
        return new RunSpec(seq, s.scenario(), baseSeed + round * s.repeats() + s.ordinal(), s.target());
    }
}
