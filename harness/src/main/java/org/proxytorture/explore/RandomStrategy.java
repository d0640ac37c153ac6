package org.proxytorture.explore;

import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;

/** Uniform random decisions from each try's seed: the torture default (torture_random()). */
public final class RandomStrategy implements Strategy {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public Try next(long seed, int i) {
        long s = Strategy.trySeed(seed, i);
        return new Try(s, new SeededChoices(s), "");
    }

    @Override
    public boolean independent() {
        return true;
    }

    @Override
    public ChoiceSource replay(String params, ChoiceLog recorded) {
        return new ReplayChoices(recorded);
    }
}
