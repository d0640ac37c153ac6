package org.proxytorture.trace;

import java.util.List;

/**
 * What a {@link TraceRecorder} kept of a run, for the renderings: the events still in its ring
 * (oldest first, in the order the machine executed them), how many were written in all (the
 * kernel's entries-written), the number of CPUs and the time the recording was taken.
 *
 * @param forcedBefore per event, how many forced (non-zero) choices were taken since the event before it
 * @param forcedAfterLast forced choices taken after the last event
 * @param forced the last forced choices with their list index, value and time (a bounded ring)
 * @param forcedNoted every forced choice of the run, counted
 */
public record RecordedTrace(int nrCpus, List<TraceEvent> events, long entriesWritten, List<Integer> forcedBefore,
        int forcedAfterLast, List<ForcedChoice> forced, long forcedNoted, long endNs) {

    public RecordedTrace {
        events = List.copyOf(events);
        forcedBefore = List.copyOf(forcedBefore);
        if (forcedBefore.size() != events.size()) throw new IllegalArgumentException("one forced count per event");
        forced = List.copyOf(forced);
    }

    /** A trace without forced-choice marks (tests, hand-built traces). */
    public static RecordedTrace of(int nrCpus, List<TraceEvent> events, long endNs) {
        return new RecordedTrace(nrCpus, events, events.size(), java.util.Collections.nCopies(events.size(), 0), 0, List.of(), 0, endNs);
    }

    /** Events the ring overwrote (entries-written minus entries-in-buffer). */
    public long dropped() {
        return entriesWritten - events.size();
    }
}
