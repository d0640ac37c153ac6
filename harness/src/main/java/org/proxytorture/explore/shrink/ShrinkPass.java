package org.proxytorture.explore.shrink;

/**
 * One shrink pass (a function of Hypothesis' shrink pass list): its name, which is its row in
 * the profile, and what it does to the shrinker's best failure so far. True if it kept a
 * simpler one.
 */
record ShrinkPass(String name, Step step) {

    /** The pass's work; {@code pass} is its name, under which its runs are profiled. */
    @FunctionalInterface
    interface Step {
        boolean run(Shrinker s, String pass);
    }

    boolean run(Shrinker s) {
        return step.run(s, name);
    }
}
