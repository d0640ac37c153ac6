package org.proxytorture.scenarios;

import java.nio.file.Path;
import org.proxytorture.config.BootArgs;
import org.proxytorture.torture.Scenario;

/**
 * One run of a scenario: kvm.sh names the first run of LOCK02 "LOCK02" and the next ones
 * "LOCK02.2", "LOCK02.3"; each repeat gets the next seed, so repeats are different runs.
 *
 * @param notModelled null, or why the scenario cannot run yet (it is reported, not run)
 */
record Job(String dirName, Scenario scenario, long seed, int cpus, long durationNs, BootArgs commandLine,
           String notModelled, Path dir) {

    long seconds() {
        return (durationNs + 999_999_999L) / 1_000_000_000L;
    }
}
