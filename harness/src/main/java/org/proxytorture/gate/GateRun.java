package org.proxytorture.gate;

import java.nio.file.Path;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.TortureTarget;

/** One run of a gate set: what to boot, with which seed, and what it must show. */
public sealed interface GateRun permits GateRun.Scenario, GateRun.Detect, GateRun.Clean {

    /** The testcase name: SCENARIO.seedN, Bnn.seedN (fault injected), Bnn.clean.seedN. */
    String name();

    /** The JUnit classname: the scenario, or catalog.Bnn. */
    String suite();

    long seed();

    long durationNs();

    /** Whether the baseline pins its event hash. */
    boolean pinned();

    /** The machine and command line, as the run layer takes them. */
    TortureTarget target(Path configDir);

    /** This one run as a gate set line (durations in ns), pinned: what a child JVM re-runs. */
    String directive();

    /** A shipped scenario (configs/lock) as scripts/torture runs it, with extra bootargs; it must pass. */
    record Scenario(String label, String scenario, long seed, long durationNs, BootArgs bootargs, boolean pinned) implements GateRun {
        @Override
        public String name() {
            return label + ".seed" + seed;
        }

        @Override
        public String suite() {
            return label;
        }

        @Override
        public TortureTarget target(Path configDir) {
            return TortureTarget.asScriptsTortureRunsIt(configDir, scenario, bootargs, null, durationNs);
        }

        @Override
        public String directive() {
            return "scenario " + scenario + " label=" + label + " seeds=" + seed + " duration=" + durationNs + "ns bootargs=\"" + bootargs + "\" pin";
        }
    }

    /** A catalog fault injected into its entry's scenario: the run must fail with one of the entry's identities. */
    record Detect(BugCatalog bug, long seed, long durationNs, boolean pinned) implements GateRun {
        @Override
        public String name() {
            return bug.id + ".seed" + seed;
        }

        @Override
        public String suite() {
            return "catalog." + bug.id;
        }

        @Override
        public TortureTarget target(Path configDir) {
            return new TortureTarget(bug.id, bug.cpus, 1000, durationNs, bug.commandLine(true));
        }

        @Override
        public String directive() {
            return "detect " + bug.id + " seeds=" + seed + " duration=" + durationNs + "ns pin";
        }
    }

    /** The same entry's scenario without the fault: it must pass. */
    record Clean(BugCatalog bug, long seed, long durationNs, boolean pinned) implements GateRun {
        @Override
        public String name() {
            return bug.id + ".clean.seed" + seed;
        }

        @Override
        public String suite() {
            return "catalog." + bug.id;
        }

        @Override
        public TortureTarget target(Path configDir) {
            return new TortureTarget(bug.id + ".clean", bug.cpus, 1000, durationNs, bug.commandLine(false));
        }

        @Override
        public String directive() {
            return "clean " + bug.id + " seeds=" + seed + " duration=" + durationNs + "ns pin";
        }
    }
}
