package org.proxytorture.trace;

import java.util.List;

/**
 * What a {@link TraceRecorder} kept of a run, for the renderings: the events still in its ring
 * (oldest first), how many were written in all (the kernel's entries-written), the forced choices
 * in the same span, the number of CPUs and the time the recording was taken.
 */
public record RecordedTrace(int nrCpus, List<TraceEvent> events, long entriesWritten, List<ForcedChoice> forced,
        long forcedNoted, long endNs) {

    public RecordedTrace {
        events = List.copyOf(events);
        forced = List.copyOf(forced);
    }

    /** Events the ring overwrote (entries-written minus entries-in-buffer). */
    public long dropped() {
        return entriesWritten - events.size();
    }
}
