package org.proxytorture.explore.shrink;

/**
 * One shrink pass (a function of Hypothesis' shrink pass list): its name, which is its row in
 * the profile, the share of the time left it may take each time it runs ({@link Budget}), and
 * what it does to the shrinker's best failure so far. True if it kept a simpler one.
 */
record ShrinkPass(String name, double share, Step step) {

    /** The pass's work; {@code pass} is its name, under which its runs are profiled. */
    @FunctionalInterface
    interface Step {
        boolean run(Shrinker s, String pass);
    }

    boolean run(Shrinker s) {
        return s.within(share, () -> step.run(s, name));
    }
}
