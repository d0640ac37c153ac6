package org.proxytorture.sim;

/**
 * The one door through which every nondeterministic decision of a run passes.
 *
 * <p>{@code choose(n)} returns 0..n-1 and 0 is always the unforced default: the earliest event
 * first, no preemption, no jitter, the first candidate. A run fed an all-zero list is valid and
 * boring; a shorter list or smaller values is a simpler schedule; an exhausted list reads as 0.
 * Decisions with n <= 1 are not decisions: they are neither consumed nor recorded.
 */
public interface ChoiceSource {

    /** A decision among n alternatives, 0 the default. */
    int choose(int n);

    /**
     * A rare event that happens with probability 1/oneIn when drawn at random. Recorded as one
     * choice of two values: 0 = it did not happen (the default), 1 = it happened.
     */
    boolean oneIn(long oneIn);

    /** Every decision taken so far, in order. */
    ChoiceLog log();

    /** How the source is described in a run's header ("seed 7", "replay of 1234 choices"). */
    String describe();
}
