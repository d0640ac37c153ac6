package org.proxytorture.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gate's verdict against the baseline, in three parts: new failures (and catalog entries not
 * detected), which fail the gate; known failures no longer seen, which are reported; and moved
 * pinned hashes, which fail the gate unless MODEL_VERSION changed since the baseline; and cross-JVM
 * differences (a sampled run re-run in another JVM with another hash), which fail it.
 */
public record GateDiff(List<GateResult> newFailures, List<GateResult> notDetected, List<Baseline.Known> knownGone,
        List<GateResult> movedHashes, List<GateResult> unpinned, boolean modelChanged, String baselineModel, String model,
        List<CrossJvm.Sample> crossJvm, List<LatencyCheck.Result> latency, List<FairnessCheck.Result> fairness) {

    /** The same diff with the cross-JVM re-runs' hashes: a difference fails the gate. */
    public GateDiff withCrossJvm(List<CrossJvm.Sample> samples) {
        return new GateDiff(newFailures, notDetected, knownGone, movedHashes, unpinned, modelChanged, baselineModel, model, List.copyOf(samples), latency, fairness);
    }

    /** The same diff with the latency comparisons: a significant change fails the gate where the baseline says fail. */
    public GateDiff withLatency(List<LatencyCheck.Result> results) {
        return new GateDiff(newFailures, notDetected, knownGone, movedHashes, unpinned, modelChanged, baselineModel, model, crossJvm, List.copyOf(results), fairness);
    }

    /** The same diff with the fairness comparisons: a significant change fails the gate where the baseline says fail. */
    public GateDiff withFairness(List<FairnessCheck.Result> results) {
        return new GateDiff(newFailures, notDetected, knownGone, movedHashes, unpinned, modelChanged, baselineModel, model, crossJvm, latency, List.copyOf(results));
    }

    /** The run's cross-JVM difference, if it was sampled and differs. */
    public java.util.Optional<CrossJvm.Sample> crossJvmDifference(GateRun run) {
        return crossJvm.stream().filter(s -> s.run().equals(run.name()) && s.differs()).findFirst();
    }

    public static GateDiff of(List<GateResult> results, Baseline baseline, String model) {
        List<GateResult> nf = new ArrayList<>(), nd = new ArrayList<>(), moved = new ArrayList<>(), unpinned = new ArrayList<>();
        List<Baseline.Known> seen = new ArrayList<>();
        for (GateResult r : results) {
            switch (r.verdict()) {
                case NEW_FAILURE -> nf.add(r);
                case NOT_DETECTED -> nd.add(r);
                case KNOWN -> seen.add(new Baseline.Known(r.run().suite(), r.identity().toString()));
                default -> { }
            }
            if (r.hashState() == GateResult.HashState.MOVED) moved.add(r);
            if (r.hashState() == GateResult.HashState.NOT_IN_BASELINE) unpinned.add(r);
        }
        List<Baseline.Known> gone = baseline.known().stream().filter(k -> !seen.contains(k)).toList();
        boolean changed = baseline.model() != null && !baseline.model().equals(model);
        return new GateDiff(nf, nd, gone, moved, unpinned, changed, baseline.model(), model, List.of(), List.of(), List.of());
    }

    /** Whether the gate fails: a new failure, an undetected entry, or a moved hash under the same model. */
    public boolean fails() {
        return !newFailures.isEmpty() || !notDetected.isEmpty() || (!movedHashes.isEmpty() && !modelChanged)
                || crossJvm.stream().anyMatch(CrossJvm.Sample::differs) || latency.stream().anyMatch(LatencyCheck.Result::failsGate)
                || fairness.stream().anyMatch(FairnessCheck.Result::failsGate);
    }

    /** The baseline --update-baseline writes: this model, the known failures still seen, every pinned run's hash now. */
    public Baseline updated(Baseline old, List<GateResult> results) {
        List<Baseline.Known> known = old.known().stream().filter(k -> !knownGone.contains(k)).toList();
        Map<String, String> hashes = new TreeMap<>(old.hashes());
        for (GateResult r : results) if (r.run().pinned()) hashes.put(r.run().name(), r.hash());
        Map<String, LatencyCheck.Reference> refs = new TreeMap<>(old.latency());
        LatencyCheck.pooled(results).forEach((suite, now) -> refs.put(suite,
                new LatencyCheck.Reference(old.latency().containsKey(suite) ? old.latency().get(suite).mode() : LatencyCheck.Mode.REPORT, now)));
        Map<String, FairnessCheck.Reference> fair = new TreeMap<>(old.fairness());
        FairnessCheck.pooled(results).forEach((suite, now) -> fair.put(suite,
                new FairnessCheck.Reference(old.fairness().containsKey(suite) ? old.fairness().get(suite).mode() : LatencyCheck.Mode.REPORT, now)));
        return new Baseline(model, known, hashes, refs, fair);
    }

    /** The diff as people read it (and CI logs show it). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!newFailures.isEmpty()) {
            out.add("new failures (fail the gate):");
            for (GateResult r : newFailures) out.add(String.format("  %-24s %s%s", r.run().name(), r.identity(), replay(r)));
        }
        if (!notDetected.isEmpty()) {
            out.add("catalog entries not detected (fail the gate):");
            for (GateResult r : notDetected) out.add(String.format("  %-24s %s%s", r.run().name(),
                    r.identity() == null ? "passed" : "failed otherwise: " + r.identity(), replay(r)));
        }
        if (!knownGone.isEmpty()) {
            out.add("known failures no longer seen (gate --update-baseline removes them):");
            for (Baseline.Known k : knownGone) out.add(String.format("  %-24s %s", k.suite(), k.identity()));
        }
        if (!movedHashes.isEmpty()) {
            out.add(modelChanged
                    ? "moved hashes (MODEL_VERSION changed since the baseline, " + baselineModel + " -> " + model + ": run gate --update-baseline to record them):"
                    : "moved hashes (fail the gate: the model changed without a MODEL_VERSION bump, or nondeterminism):");
            for (GateResult r : movedHashes) out.add(String.format("  %-24s %s -> %s", r.run().name(), r.pinnedHash(), r.hash()));
        }
        if (crossJvm.stream().anyMatch(CrossJvm.Sample::differs)) {
            out.add("cross-JVM differences (fail the gate: the same run, another JVM " + String.join(" ", CrossJvm.CHILD_FLAGS) + "):");
            for (CrossJvm.Sample x : crossJvm) if (x.differs()) out.add(String.format("  %-24s %s here, %s there", x.run(), x.hash(), x.childHash()));
        }
        if (!latency.isEmpty()) {
            out.add("latency (the pidemo foreground's lock latency, the gate's seeds pooled, against the baseline's):");
            for (LatencyCheck.Result l : latency) out.add(l.line());
        }
        if (fairness.stream().anyMatch(f -> f.significant() || f.reference() == null)) {
            out.add("fairness (locktorture's writer acquisitions, the gate's seeds pooled, against the baseline's; unchanged suites not shown):");
            for (FairnessCheck.Result f : fairness) if (f.significant() || f.reference() == null) out.add(f.line());
        }
        if (!unpinned.isEmpty()) {
            out.add("pinned runs the baseline has no hash for (gate --update-baseline records them):");
            for (GateResult r : unpinned) out.add(String.format("  %-24s %s", r.run().name(), r.hash()));
        }
        return out;
    }

    private static String replay(GateResult r) {
        return r.replay() == null ? "" : "\n  " + " ".repeat(24) + " replay: scripts/proxytorture replay " + r.replay();
    }
}
