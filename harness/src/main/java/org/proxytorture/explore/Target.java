package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.sim.ChoiceSource;

/**
 * Something the engine can run from a choice source: a torture scenario (bootargs, CPUs, HZ,
 * duration), a property's scenario generator, or a test's hand-built machine. A target run twice
 * from the same decisions gives the same event hash.
 */
public interface Target {
    /** One line: the scenario, so that a report is a complete recipe. */
    String describe();

    /** Runs once; every decision comes from {@code choices}; stops at the first failure. */
    Outcome run(ChoiceSource choices);

    /**
     * Simpler scenarios to try while shrinking (syzkaller's config simplification): fewer CPUs,
     * fewer tasks, fewer locks, features off, a simpler proxy variant. {@code last} is the failing
     * run being shrunk. Each is kept only if the failure identity stays the same.
     */
    default List<Simplification> simplifications(Outcome last) {
        return List.of();
    }

    /** One simpler scenario: the shrink pass it belongs to, what changed, and the target. */
    record Simplification(String pass, String change, Target target) { }
}
