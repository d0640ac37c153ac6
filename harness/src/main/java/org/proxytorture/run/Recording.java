package org.proxytorture.run;

import org.proxytorture.check.Violation;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.trace.TraceRecorder;

/** A trace recorder as a run's observer. */
public final class Recording {
    private Recording() { }

    /**
     * {@code rec} records the whole run (it stamps forced choices on the decision source and
     * listens to every tracepoint). With {@code pinRows} > 0 it keeps that many events around the
     * first violation as it is reported (half before, half after), so that the end of a long run
     * cannot overwrite them in the ring.
     */
    public static RunObserver of(TraceRecorder rec, int pinRows) {
        return new RunObserver() {
            @Override
            public ChoiceSource wrap(ChoiceSource choices) {
                return rec.wrap(choices);
            }

            @Override
            public void attach(Core core) {
                rec.install(core);
            }

            @Override
            public void firstViolation(Violation v) {
                if (pinRows > 0) rec.pin(pinRows / 2, pinRows - pinRows / 2);
            }
        };
    }
}
