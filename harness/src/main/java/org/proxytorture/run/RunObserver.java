package org.proxytorture.run;

import org.proxytorture.check.Violation;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.sim.ChoiceSource;

/**
 * A read-only observer of a whole run: a trace recorder, an exploration's interleaving-class
 * classifier. It must not change the run: its event hash stays the same with or without it.
 */
public interface RunObserver {
    /** Sees the decision source before the machine is built (a recorder stamps forced choices). */
    default ChoiceSource wrap(ChoiceSource choices) {
        return choices;
    }

    /** Sees the machine before its first task is created (adds trace listeners). */
    default void attach(Core core) { }

    /** Sees the machine once the workload's kthreads are created, before it runs (what the boot did is not observed). */
    default void booted(Core core) { }

    /** The first checker violation was just reported (a recorder pins its window around it). */
    default void firstViolation(Violation v) { }
}
