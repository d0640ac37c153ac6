package org.proxytorture.gate;

import java.nio.file.Path;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.TortureTarget;

/** One run of a gate set: what to boot, with which seed, and what it must show. */
public sealed interface GateRun permits GateRun.Scenario, GateRun.Catalog {

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

    /**
     * A catalog entry's scenario with its fault injected (detect: the run must fail with one of the
     * entry's identities), or without it (clean: it must pass).
     */
    record Catalog(BugCatalog bug, boolean injected, long seed, long durationNs, boolean pinned) implements GateRun {
        @Override
        public String name() {
            return bug.id + (injected ? "" : ".clean") + ".seed" + seed;
        }

        @Override
        public String suite() {
            return "catalog." + bug.id;
        }

        @Override
        public TortureTarget target(Path configDir) {
            return new TortureTarget(bug.id + (injected ? "" : ".clean"), bug.cpus, 1000, durationNs, bug.commandLine(injected));
        }

        @Override
        public String directive() {
            return (injected ? "detect " : "clean ") + bug.id + " seeds=" + seed + " duration=" + durationNs + "ns pin";
        }
    }
}
