package org.proxytorture.explore;

import org.proxytorture.sim.ChoiceSource;

/**
 * A property test's scenario, drawn as choices (CPUs, tasks, locks, nesting, modes, features):
 * the draws come first in the run's choice list, so shrinking them makes the scenario smaller
 * (0 should mean the smallest, or the feature off). The generated scenario then runs on the same
 * source.
 */
@FunctionalInterface
public interface ScenarioGenerator {
    TortureTarget generate(ChoiceSource c);

    /** The target that generates a scenario, then runs it, both from one choice source. */
    static Target target(String name, ScenarioGenerator g) {
        return new Target() {
            @Override
            public String describe() {
                return "property " + name + " (scenario drawn as choices)";
            }

            @Override
            public Outcome run(ChoiceSource choices) {
                RecordingChoices rec = choices instanceof RecordingChoices r ? r : new RecordingChoices(choices, false);
                return g.generate(rec).run(rec);
            }
        };
    }
}
