package org.proxytorture.gate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.proxytorture.run.Workers;
import org.proxytorture.check.Identity;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.Timeline;
import org.proxytorture.explore.RandomStrategy;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.SeededChoices;

/**
 * Runs a gate set: every run through the run layer on {@code jobs} worker threads (each run is
 * deterministic and shares nothing, so its result does not depend on the worker or on jobs), each
 * judged against the baseline; a failure that fails the gate gets explore's replay file in
 * {@code failuresDir} (NAME.json) and, shrunk within a wall-clock bound by the shrinker explore
 * uses, NAME.min.json, whose timeline the result carries.
 */
public final class Gate {
    private final Path configDir;
    private final Baseline baseline;
    private final Path failuresDir;
    private final long shrinkMs;

    /** A gate that does not shrink its failures. */
    public Gate(Path configDir, Baseline baseline, Path failuresDir) {
        this(configDir, baseline, failuresDir, 0);
    }

    /** A gate that shrinks each failure that fails it for at most {@code shrinkMs} of wall time (0: not at all). */
    public Gate(Path configDir, Baseline baseline, Path failuresDir, long shrinkMs) {
        this.configDir = configDir;
        this.baseline = baseline;
        this.failuresDir = failuresDir;
        this.shrinkMs = shrinkMs;
    }

    /**
     * Every run's result, in the set's order, each also given to {@code each} as soon as it and
     * the runs before it are done. Bad input (an unknown scenario) before any run.
     */
    public List<GateResult> run(GateSet set, int jobs, java.util.function.Consumer<GateResult> each) {
        List<TortureTarget> targets = set.runs().stream().map(r -> r.target(configDir)).toList();
        try (Workers pool = new Workers("gate-worker", jobs)) {
            List<Future<GateResult>> futures = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                GateRun run = set.runs().get(i);
                TortureTarget target = targets.get(i);
                futures.add(pool.submit(() -> judge(run, target)));
            }
            List<GateResult> out = new ArrayList<>();
            for (Future<GateResult> f : futures) {
                GateResult r = Workers.get(f);
                each.accept(r);
                out.add(r);
            }
            return out;
        }
    }

    /** One run, judged. */
    GateResult judge(GateRun run, TortureTarget target) {
        long t0 = System.nanoTime();
        Outcome o = target.run(new SeededChoices(run.seed()));
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        Identity id = o.identity();
        GateResult.Verdict v = verdict(run, id);
        List<String> timeline = List.of();
        Path replay = null;
        if (v.failsGate && id != null) {
            replay = writeReplay(run.name() + ".json", run, target, o.choices(), o, false);
            timeline = Timeline.render(target, o.choices().toArray(), o);
            if (shrinkMs > 0) {
                Shrinker.Result s = new Shrinker(new RandomStrategy(), "", id, shrinkMs, Shrinker.MAX_STALL).shrink(target, o.choices(), o);
                TortureTarget shrunk = (TortureTarget) s.target();
                replay = writeReplay(run.name() + ".min.json", run, shrunk, ChoiceLog.of(s.choices()), s.outcome(), true);
                timeline = Timeline.render(shrunk, s.choices(), s.outcome());
            }
            writeTrace(run.name(), replay);
        }
        String pinned = baseline.hashes().get(run.name());
        GateResult.HashState hs = !run.pinned() ? GateResult.HashState.UNPINNED
                : pinned == null ? GateResult.HashState.NOT_IN_BASELINE
                : pinned.equals(o.hashHex()) ? GateResult.HashState.SAME : GateResult.HashState.MOVED;
        return new GateResult(run, v, id, o.hashHex(), hs, pinned, o.events(), o.simNs(), wallMs, timeline, replay, o.latencies(), o.acquired());
    }

    private GateResult.Verdict verdict(GateRun run, Identity id) {
        if (run instanceof GateRun.Catalog d && d.injected())
            return id != null && d.bug().matches(id) ? GateResult.Verdict.DETECTED : GateResult.Verdict.NOT_DETECTED;
        if (id == null) return GateResult.Verdict.PASSED;
        return baseline.knows(run.suite(), id.toString()) ? GateResult.Verdict.KNOWN : GateResult.Verdict.NEW_FAILURE;
    }

    /**
     * The failure's trace, from its reproducer (the shrunk one if there is one): NAME.chrome.json
     * (Perfetto and chrome://tracing open it) and NAME.ftrace.txt, beside the replay files.
     */
    private void writeTrace(String name, Path replay) {
        ReplayFile.read(replay).writeTrace(failuresDir.resolve(name + ".ftrace.txt"), failuresDir.resolve(name + ".chrome.json"));
    }

    private Path writeReplay(String name, GateRun run, TortureTarget target, ChoiceLog choices, Outcome o, boolean shrunk) {
        try {
            Files.createDirectories(failuresDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + failuresDir + ": " + e.getMessage(), e);
        }
        Path file = failuresDir.resolve(name);
        ReplayFile.of(target, run.seed(), "random", "", choices, o, shrunk).write(file);
        return file;
    }
}
