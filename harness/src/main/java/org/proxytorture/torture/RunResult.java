package org.proxytorture.torture;

import java.util.List;
import org.proxytorture.sim.ChoiceLog;

/** What a run produced: verdict, counts, the recorded decisions and the event hash. */
public record RunResult(
        boolean success,
        List<String> failures,
        List<String> warnings,
        long acquisitions,
        long fails,
        long events,
        long simNs,
        long eventHash,
        ChoiceLog choices,
        String statsLine) {

    public String hashHex() {
        return String.format("%016x", eventHash);
    }
}
