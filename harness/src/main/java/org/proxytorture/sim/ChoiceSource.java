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

    /**
     * Which of {@code n} concurrent agents (emulated CPUs) executes its next section first:
     * {@code agents[0..n-1]} are their ids in (time, id) order, and the answer is an index into
     * them, 0 the earliest. A plain {@link #choose} by default; an exploration strategy that
     * orders agents itself (PCT) overrides it.
     */
    default int chooseAgent(int[] agents, int n) {
        return choose(n);
    }

    /**
     * Whether {@link #chooseAgent} reads the candidates' ids (PCT ranks agents by id). When it
     * does not, the event loop passes {@code agents == null} and finds the chosen position in
     * (time, id) order itself, without sorting every window (the same agent either way).
     */
    default boolean readsAgentIds() {
        return false;
    }

    /**
     * Which of {@code n} stores a load of the memory model sees (kernel.mem), 0 the newest: a
     * plain {@link #choose} by default; sources that thin decisions by kind draw it as the
     * ordering decision it is, not as a workload draw.
     */
    default int chooseLoad(int n) {
        return choose(n);
    }

    /** Every decision taken so far, in order. */
    ChoiceLog log();

    /** How the source is described in a run's header ("seed 7", "replay of 1234 choices"). */
    String describe();
}
