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

    /**
     * The same scenario with room for a fresh run to fail ({@code last} failed at its time):
     * what the shrinker resamples. A torture target runs twice as long as the failure took (a
     * failure in the end phase counts as one at the end of the test), plus 10 ms.
     */
    default Target withRoom(Outcome last) {
        return this;
    }

    /**
     * The same scenario, run at most {@code ns} of simulated time: a fresh run drawn as a workload
     * burst ({@link SparseChoices}) fails soon after its burst or not at all, and the shrinker's
     * first sparse runs need not run as long as a dense random run took to fail. A target without
     * a notion of time runs as it is.
     */
    default Target brief(long ns) {
        return this;
    }

    /**
     * One simpler scenario: the shrink pass it belongs to, what changed, and the target. When the
     * failing list does not fail the same way there (it means another schedule in another
     * scenario), the shrinker draws a few fresh runs of {@code resample} (the same scenario with
     * room to fail: a torture target runs longer than the failure it shrinks); null: never
     * resampled (a shorter run of the same schedule, or a scenario where fresh runs do not pay).
     */
    record Simplification(String pass, String change, Target target, Target resample) {
        public Simplification(String pass, String change, Target target) {
            this(pass, change, target, target);
        }
    }
}
