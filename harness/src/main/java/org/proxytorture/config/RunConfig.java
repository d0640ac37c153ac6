package org.proxytorture.config;

import org.proxytorture.sim.ChoiceLog;

/**
 * Everything that defines a run: machine shape, duration, bootargs, and the decisions (a seed,
 * or a recorded choice list). Printed in full at the start of every run, so any report is a
 * complete recipe.
 */
public record RunConfig(int cpus, int hz, long durationNs, BootArgs bootargs, long seed, ChoiceLog replay) {
    public static final long DEFAULT_DURATION_NS = 10_000_000_000L;

    public RunConfig {
        if (cpus < 1 || cpus > 256) throw new BadInputException("--cpus=" + cpus + ": out of range (accepted: 1..256)");
        if (hz < 100 || hz > 10_000) throw new BadInputException("--hz=" + hz + ": out of range (accepted: 100..10000, e.g. 100 250 300 1000)");
        if (durationNs <= 0) throw new BadInputException("--duration must be positive");
        if (bootargs == null) bootargs = BootArgs.EMPTY;
    }

    /** From the command line's text (the edge: a CLI option, a test's literal). */
    public RunConfig(int cpus, int hz, long durationNs, String bootargs, long seed, ChoiceLog replay) {
        this(cpus, hz, durationNs, BootArgs.parse(bootargs), seed, replay);
    }

    public RunConfig withReplay(ChoiceLog log) {
        return new RunConfig(cpus, hz, durationNs, bootargs, seed, log);
    }

}
