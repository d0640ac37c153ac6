package org.proxytorture.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.run.Acquisitions;

/**
 * The gate's fairness check (issue 19): LOCK02's writers over 2 seeds are their own reference
 * (the same commit shows no change: the counts are deterministic, the check cannot flake); the
 * same runs with one writer starved are a significant change, reported, and a gate failure only
 * where the baseline says fail, on the suite's first testcase in the XML.
 */
class FairnessCheckTest {
    private static final Path CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock");

    @TempDir
    Path dir;

    private List<GateResult> run() {
        GateSet s = GateSet.parse("T", List.of("scenario LOCK02 seeds=1-2 duration=100ms"), v -> Long.parseLong(v.replace("ms", "")) * 1_000_000L);
        return new Gate(CONFIGS, Baseline.EMPTY, dir).run(s, 2, r -> { });
    }

    /** The same results with the first run's second writer starved (n_lock_acquired 0). */
    private static List<GateResult> starved(List<GateResult> rs) {
        List<GateResult> out = new ArrayList<>(rs);
        GateResult r = rs.get(0);
        long[] w = r.acquired().writers();
        w[1] = 0;
        out.set(0, new GateResult(r.run(), r.verdict(), r.identity(), r.hash(), r.hashState(), r.pinnedHash(), r.events(), r.simNs(), r.wallMs(),
                r.timeline(), r.replay(), r.latencies(), new Acquisitions(w, r.acquired().readers())));
        return out;
    }

    @Test
    void aStarvedWriterIsASignificantChangeAndTheSameCommitIsNone() throws Exception {
        List<GateResult> now = run();
        assertTrue(now.get(0).acquired().writers().length >= 2, "LOCK02 has writers: " + now.get(0).acquired());
        Baseline base = GateDiff.of(now, Baseline.EMPTY, ReplayFile.MODEL_VERSION).updated(Baseline.EMPTY, now);
        FairnessCheck.Reference ref = base.fairness().get("LOCK02");
        assertEquals(LatencyCheck.Mode.REPORT, ref.mode(), "--update-baseline writes report");
        assertEquals(2, ref.runs().size(), "one word per seed");
        assertEquals(base, Baseline.parse("b", base.text().lines().toList()), "the reference survives the file");

        FairnessCheck.Result same = FairnessCheck.compare(run(), base.fairness()).get(0);
        assertFalse(same.significant(), same.line());
        assertTrue(same.line().endsWith("no change"), same.line());

        List<GateResult> bad = starved(now);
        FairnessCheck.Result changed = FairnessCheck.compare(bad, base.fairness()).get(0);
        assertTrue(changed.significant(), changed.line());
        assertTrue(changed.line().contains("inf (a writer starved)") && changed.line().contains("significant change (reported)"), changed.line());
        assertFalse(GateDiff.of(bad, base, ReplayFile.MODEL_VERSION).withFairness(List.of(changed)).fails(), "report: not a gate failure");

        var failing = Map.of("LOCK02", new FairnessCheck.Reference(LatencyCheck.Mode.FAIL, ref.runs()));
        FairnessCheck.Result fails = FairnessCheck.compare(bad, failing).get(0);
        GateDiff diff = GateDiff.of(bad, base, ReplayFile.MODEL_VERSION).withFairness(List.of(fails));
        assertTrue(diff.fails());
        assertTrue(String.join("\n", diff.lines()).contains("SIGNIFICANT CHANGE (fails the gate)"), String.join("\n", diff.lines()));
        Path xml = dir.resolve("gate.xml");
        JUnitXml.write(xml, "T", bad, diff, 1.0);
        String text = Files.readString(xml, StandardCharsets.UTF_8);
        assertEquals(1, text.split("type=\"fairness\"", -1).length - 1, "one fairness failure, on the suite's first run: " + text);
        assertTrue(text.indexOf("type=\"fairness\"") < text.indexOf("LOCK02.seed2"), "on LOCK02.seed1");
    }

    @Test
    void theWorstMaxMinMovesWhenItsExcessOverFairDoublesByAtLeastAFifth() {
        assertTrue(FairnessCheck.moved(1.30, 1.10), "locktorture's 1.1 to 1.3");
        assertTrue(FairnessCheck.moved(1.10, 1.40));
        assertFalse(FairnessCheck.moved(1.03, 1.01), "1.01 to 1.03: excess tripled, but by less than 0.2");
        assertFalse(FairnessCheck.moved(1.50, 1.35), "excess up by less than 2x");
        assertTrue(FairnessCheck.moved(Double.POSITIVE_INFINITY, 1.2), "a writer starved");
        assertFalse(FairnessCheck.moved(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertEquals(1.0, FairnessCheck.brownForsythe(new double[] {1, 1}, new double[] {1, 1}), "no spread at all: no evidence");
    }

    @Test
    void aMalformedFairnessLineIsOneLineNamingWhatIsAccepted() {
        BadInputException e = assertThrows(BadInputException.class, () -> Baseline.parse("b", List.of("fairness LOCK02 report 12/x 10/11")));
        assertEquals("baseline b line 1: fairness LOCK02: '12/x' is not writer counts such as 1203/1180/1199 (fairness takes a suite, report or fail,"
                + " and each run's writer counts, e.g. fairness LOCK01 report 1203/1180 1100/1120 (gate --update-baseline writes them))", e.getMessage());
        assertThrows(BadInputException.class, () -> Baseline.parse("b", List.of("fairness LOCK02 sometimes 12/10")));
    }
}
