package org.proxytorture.trace;

/**
 * A decision that was not the default: {@code index} is its position in the run's choice list
 * (sim.ChoiceLog), {@code value} what was chosen, {@code time} the simulated time it was taken.
 */
public record ForcedChoice(long time, long index, int value) { }
