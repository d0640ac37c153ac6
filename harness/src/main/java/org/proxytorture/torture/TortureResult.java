package org.proxytorture.torture;

import java.util.List;
import org.proxytorture.sim.ChoiceLog;

/** What a locktorture or pidemo run produced, as the workload reports it: verdict, counts, the recorded decisions and the event hash (the run layer, org.proxytorture.run, adds the failure identity and the rest). */
public record TortureResult(
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
