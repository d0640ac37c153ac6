package org.proxytorture.gate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.proxytorture.check.Identity;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.Timeline;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.sim.SeededChoices;

/**
 * Runs a gate set: every run through the run layer on {@code jobs} worker threads (each run is
 * deterministic and shares nothing, so its result does not depend on the worker or on jobs), each
 * judged against the baseline; a failure that fails the gate gets explore's replay file in
 * {@code failuresDir}.
 */
public final class Gate {
    private final Path configDir;
    private final Baseline baseline;
    private final Path failuresDir;

    public Gate(Path configDir, Baseline baseline, Path failuresDir) {
        this.configDir = configDir;
        this.baseline = baseline;
        this.failuresDir = failuresDir;
    }

    /**
     * Every run's result, in the set's order, each also given to {@code each} as soon as it and
     * the runs before it are done. Bad input (an unknown scenario) before any run.
     */
    public List<GateResult> run(GateSet set, int jobs, java.util.function.Consumer<GateResult> each) {
        List<TortureTarget> targets = set.runs().stream().map(r -> r.target(configDir)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "gate-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<GateResult>> futures = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                GateRun run = set.runs().get(i);
                TortureTarget target = targets.get(i);
                futures.add(pool.submit(() -> judge(run, target)));
            }
            List<GateResult> out = new ArrayList<>();
            for (Future<GateResult> f : futures) {
                GateResult r = get(f);
                each.accept(r);
                out.add(r);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static GateResult get(Future<GateResult> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("gate interrupted", e);
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
            int[] choices = o.choices().toArray();
            timeline = Timeline.render(target, choices, o);
            replay = writeReplay(run, target, o);
        }
        String pinned = baseline.hashes().get(run.name());
        GateResult.HashState hs = !run.pinned() ? GateResult.HashState.UNPINNED
                : pinned == null ? GateResult.HashState.NOT_IN_BASELINE
                : pinned.equals(o.hashHex()) ? GateResult.HashState.SAME : GateResult.HashState.MOVED;
        return new GateResult(run, v, id, o.hashHex(), hs, pinned, o.events(), o.simNs(), wallMs, timeline, replay, o.latencies());
    }

    private GateResult.Verdict verdict(GateRun run, Identity id) {
        if (run instanceof GateRun.Detect d)
            return id != null && d.bug().matches(id) ? GateResult.Verdict.DETECTED : GateResult.Verdict.NOT_DETECTED;
        if (id == null) return GateResult.Verdict.PASSED;
        return baseline.knows(run.suite(), id.toString()) ? GateResult.Verdict.KNOWN : GateResult.Verdict.NEW_FAILURE;
    }

    private Path writeReplay(GateRun run, TortureTarget target, Outcome o) {
        try {
            Files.createDirectories(failuresDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + failuresDir + ": " + e.getMessage(), e);
        }
        Path file = failuresDir.resolve(run.name() + ".json");
        ReplayFile.of(target, run.seed(), "random", "", o.choices(), o, false).write(file);
        return file;
    }
}
