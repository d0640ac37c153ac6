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
     * One simpler scenario: its kind (which shrink pass it belongs to, and what the shrinker's
     * control decisions go by), what changed (text, for a reader), and the target. When the
     * failing list does not fail the same way there (it means another schedule in another
     * scenario), the shrinker draws a few fresh runs of {@code resample} (the same scenario with
     * room to fail: a torture target runs longer than the failure it shrinks); null: never
     * resampled (a shorter run of the same schedule, or a scenario where fresh runs do not pay).
     */
    record Simplification(Kind kind, String change, Target target, Target resample) {
        public Simplification(Kind kind, String change, Target target) {
            this(kind, change, target, target);
        }

        /** The shrink pass it belongs to: its row in the shrinker's profile. */
        public String pass() {
            return kind.pass;
        }

        /** The same simplification, its fresh runs drawn from {@code resample} (null: none). */
        public Simplification resampledFrom(Target resample) {
            return new Simplification(kind, change, target, resample);
        }

        /**
         * What a simplification does, in the order of the shrinker's scenario passes (a target
         * offers its simplifications in this order). Several kinds may share a pass.
         */
        public enum Kind {
            SHORTER_DURATION("shorter_duration"),
            FEWER_CPUS("fewer_cpus"),
            FEWER_TASKS("fewer_tasks"),
            FEWER_LOCKS("fewer_locks"),
            SHALLOWER_NESTING("shallower_nesting"),
            /** torture.random_shuffle off: torture.c's shuffler then draws no decision. */
            RANDOM_SHUFFLE_OFF("features_off"),
            /** Another feature off (stutter, CPU hotplug, rt_boost, long_hold). */
            FEATURE_OFF("features_off"),
            SIMPLER_PROXY_VARIANT("simpler_proxy_variant");

            /** The shrink pass (profile row) of this kind. */
            public final String pass;

            Kind(String pass) {
                this.pass = pass;
            }

            /** Fewer CPUs or fewer tasks: what makes a timeline short. */
            public boolean smallerMachine() {
                return this == FEWER_CPUS || this == FEWER_TASKS;
            }
        }
    }
}
