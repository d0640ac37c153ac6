package org.proxytorture.soak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.check.Violation;
import org.proxytorture.config.RunConfig;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.run.RunMode;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.sim.SeededChoices;
import org.proxytorture.torture.Console;

/**
 * One soak run through the run layer: the run {@code explore} makes of the target with the
 * seed's decisions (random strategy, try 0), stopping at its first failure. Wall time is measured
 * here, around the run; the run itself reads no clock.
 */
public final class SoakRun {
    /** A run's start, UTC to the millisecond, always this wide: the ledger's text order is time order (a merge takes min and max). */
    static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private SoakRun() { }

    /** Runs {@code spec}; what the ledger keeps of it. */
    public static RunRecord run(RunSpec spec) {
        TortureTarget t = spec.target();
        String started = STAMP.format(Instant.now());
        long t0 = System.nanoTime();
        // RunConfig's seed is unused when the request brings its decisions; 0 as TortureTarget#run has it
        RunResult r = Runner.run(new RunRequest(new RunConfig(t.cpus(), t.hz(), t.durationNs(), t.bootargs(), 0, null),
                new SeededChoices(spec.seed()), RunMode.EXPLORE, List.of(), List.of(), new Console(null, true)));
        long wallMs = (System.nanoTime() - t0) / 1_000_000L;
        long forced = r.choices().nonZero();
        r.choices().discard(); // the run's choices are not kept: a failure is run again for its files
        List<String> findings = new ArrayList<>();
        for (Violation v : r.findings()) findings.add(v.identity().kind());
        return new RunRecord(spec.seq(), spec.scenario(), spec.seed(), t.cpus(), r.tasks(), t.hz(), t.durationNs(), t.bootargs().toString(),
                started, wallMs, r.events(), r.simNs(), r.hashHex(), r.failure(), forced, findings, r.acquisitions());
    }

    /**
     * The failing run again, as exploration sees it (its recorded choices, for the replay file and
     * the shrinker); a run is deterministic, so it gives the ledger's event hash, or the harness is broken.
     */
    public static Outcome again(RunSpec spec, RunRecord rec) {
        Outcome o = spec.target().run(new SeededChoices(spec.seed()));
        if (!o.hashHex().equals(rec.eventHash()) || !java.util.Objects.equals(o.identity(), rec.identity()))
            throw new IllegalStateException("run " + spec.seq() + " (" + spec.scenario() + " seed " + spec.seed() + ") ran again to event hash "
                    + o.hashHex() + " (" + o.identity() + "), not its recorded " + rec.eventHash() + " (" + rec.identity() + ")");
        return o;
    }
}
