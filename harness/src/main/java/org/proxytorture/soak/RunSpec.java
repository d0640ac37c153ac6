package org.proxytorture.soak;

import org.proxytorture.explore.TortureTarget;

/**
 * One run of a soak: its number in the soak's sequence, the scenario and seed that number stands
 * for, and the machine and command line it boots.
 */
public record RunSpec(long seq, String scenario, long seed, TortureTarget target) { }
