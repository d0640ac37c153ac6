package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.check.Identity;

/**
 * What must hold of every try of a property beyond "the run does not fail" (a Hypothesis test
 * body's assertions): the same seed gives the same hash, the checkers only read, every lock is
 * released. {@link PropertyCheck#holds} takes one; a try that breaks it fails as
 * {@code property/NAME[roles]}, and that failure is shrunk (scenario and schedule together, the
 * identity pinned), stored and replayed first like a checker's. A property may run the try's
 * scenario again (from the recorded choices, or from the try's seed); it must not read the wall
 * clock, so that a failure shrinks and replays.
 */
public interface RunProperty {
    /** Its name: letters, digits and '-'; a try that breaks it fails as {@code property/NAME[roles]}. */
    String name();

    /**
     * Whether a try that fails by itself (a checker violation, a WARN, a locktorture Fail, an oops)
     * is a failure of this property. True: "no checker fires" is part of it (a property that
     * re-runs a clean run). False: the property is checked on failing runs too (determinism holds
     * of every run, a failing one most of all, since its replay file is the bug report); such a
     * failure is counted in the statistics, not reported.
     */
    default boolean runMustPass() {
        return true;
    }

    /** Checks one try: null if the property holds, else how it broke. */
    Broken check(Run run);

    /**
     * One try as the property sees it: its scenario, its seed (the try's, as {@code run --seed}
     * takes it; the engine's decisions came from the strategy), and the run the engine made.
     */
    record Run(TortureTarget scenario, long seed, Outcome outcome) { }

    /**
     * How the property broke: the roles of its identity (stable while the failure shrinks: names,
     * never numbers, pids or times) and the report lines the timeline prints.
     */
    record Broken(List<String> roles, List<String> report) {
        public Broken {
            roles = List.copyOf(roles);
            report = List.copyOf(report);
        }

        /** Broken with no roles, for the reasons given. */
        public static Broken because(String... lines) {
            return new Broken(List.of(), List.of(lines));
        }
    }

    /** The identity of a try that broke {@code p} as {@code b} says. */
    static Identity identity(RunProperty p, Broken b) {
        return new Identity("property", p.name(), b.roles());
    }

    /** "For all scenarios, no checker fires": every try passes (what {@link PropertyCheck} checks when given no other property). */
    RunProperty NO_FAILURE = new RunProperty() {
        @Override
        public String name() {
            return "no-failure";
        }

        @Override
        public Broken check(Run run) {
            return null;
        }
    };
}
