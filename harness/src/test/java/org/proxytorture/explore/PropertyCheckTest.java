package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property engine: scenarios drawn as choices, tries from a printed seed, a failure shrunk
 * (the scenario's draws with it) and stored, stored failures replayed first, fixed ones dropped.
 */
class PropertyCheckTest {
    private static final long MS = 1_000_000L;

    /** 1..4 CPUs; mutex_lock or (draw 1) lock_busted; nested_locks 0..3; random_shuffle off or on. */
    static TortureTarget mutexOrBusted(org.proxytorture.sim.ChoiceSource c) {
        int cpus = 1 + c.choose(4);
        String type = c.choose(2) == 0 ? "mutex_lock" : "lock_busted";
        return new TortureTarget(null, cpus, 1000, 30 * MS, "locktorture.torture_type=" + type
                + " locktorture.nested_locks=" + c.choose(4) + " torture.random_shuffle=" + c.choose(2));
    }

    @Test
    void aFailingPropertyIsShrunkStoredAndReplayedFirstNextTime(@TempDir Path db) throws Exception {
        var out = new ByteArrayOutputStream();
        PropertyCheck p = PropertyCheck.forAll("no_failure", PropertyCheckTest::mutexOrBusted).tries(20).seed(5).database(db)
                .shrinkTimeMs(20_000).log(new PrintStream(out, true, StandardCharsets.UTF_8));
        AssertionError e = assertThrows(AssertionError.class, p::check);
        String msg = e.getMessage();
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("proxytorture property no_failure: seed 5, 20 tries"), out.toString());
        assertTrue(msg.startsWith("property no_failure failed: warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[] (seed 5, try "), msg);
        // the draws shrink to 1 CPU (0), lock_busted (1), the rest 0; on one CPU the two writers
        // overlap only if one is preempted between its two halves: by the tick (model 8: no forced
        // rare event needed) or by one forced rare event
        var m = java.util.regex.Pattern.compile("machine: 1 CPUs, 2 tasks; (\\d+) decisions, [12] forced").matcher(msg);
        assertTrue(m.find(), msg);
        assertTrue(msg.contains("forced decisions (#index kind=value; W which CPU first, R rare event, M which store a load saw, C other): #1 C=1"), msg);
        assertTrue(msg.contains(", fixpoint)"), msg);
        List<Path> stored;
        try (var s = Files.list(db.resolve("no_failure"))) {
            stored = s.filter(f -> f.toString().endsWith(".json")).toList();
        }
        assertEquals(1, stored.size());
        ReplayFile f = ReplayFile.read(stored.get(0));
        assertEquals("property:no_failure", f.scenario());
        assertTrue(f.choices().startsWith("z1 1"), f.choices());
        assertTrue(f.forcedChoices() == 1 || f.forcedChoices() == 2, f.choices());
        // beside it, for scripts/proxytorture replay: the drawn scenario (1 CPU, lock_busted) and the decisions after the draws
        Path plain = db.resolve("no_failure").resolve("replay").resolve(stored.get(0).getFileName());
        assertTrue(msg.contains("replay: scripts/proxytorture replay " + plain), msg);
        ReplayFile r = ReplayFile.read(plain);
        assertEquals(null, r.scenario());
        assertEquals(1, r.cpus());
        assertTrue(r.bootargs().contains("torture_type=lock_busted"), r.bootargs());
        assertEquals(f.eventHash(), r.eventHash());
        assertEquals(r.eventHash(), r.replay().hashHex(), "the plain file replays to the failure's hash");

        var again = new ByteArrayOutputStream();
        AssertionError e2 = assertThrows(AssertionError.class, () -> p.tries(0).log(new PrintStream(again, true, StandardCharsets.UTF_8)).check());
        assertTrue(e2.getMessage().startsWith("property no_failure: a stored failure still fails: warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)"), e2.getMessage());

        // the same property name over a fixed scenario: the stored failure no longer fails and is dropped
        var fixed = new ByteArrayOutputStream();
        PropertyCheck.forAll("no_failure", c -> new TortureTarget(null, 1 + c.choose(2), 1000, 10 * MS, "locktorture.torture_type=mutex_lock"))
                .tries(2).database(db).log(new PrintStream(fixed, true, StandardCharsets.UTF_8)).check();
        assertTrue(fixed.toString(StandardCharsets.UTF_8).contains("no longer fails; removed"), fixed.toString());
        try (var s = Files.list(db.resolve("no_failure"))) {
            assertEquals(0, s.filter(x -> x.toString().endsWith(".json")).count());
        }
        assertTrue(!Files.exists(plain), "its plain replay file is removed with it");
    }

    @Test
    void aPassingPropertyReportsItsSeedAndStoresNothing(@TempDir Path db) {
        var out = new ByteArrayOutputStream();
        PropertyCheck.forAll("mutex_ok", c -> new TortureTarget(null, 1 + c.choose(3), 1000, 20 * MS,
                "locktorture.torture_type=mutex_lock locktorture.nested_locks=" + c.choose(3)))
                .tries(4).seed(9).strategy("coverage", 3).database(db).log(new PrintStream(out, true, StandardCharsets.UTF_8)).check();
        String s = out.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("seed 9, 4 tries, strategy coverage") && s.contains("4 runs, no failure"), s);
        assertTrue(!Files.exists(db.resolve("mutex_ok")));
    }

    /** Breaks whenever the machine has more than one CPU: a property failure the shrinker can make smaller. */
    static final RunProperty ONE_CPU_ONLY = new RunProperty() {
        @Override
        public String name() {
            return "one-cpu-only";
        }

        @Override
        public Broken check(Run run) {
            return run.scenario().cpus() == 1 ? null : Broken.because(run.scenario().cpus() + " CPUs");
        }
    };

    @Test
    void aPropertyOverTheSpaceShrinksTheScenarioAndStoresAPlainReplayFile(@TempDir Path db) throws Exception {
        var out = new ByteArrayOutputStream();
        var space = org.proxytorture.explore.space.ScenarioSpace.fixed(List.of("cpus=4", "duration=10", "workload=locktorture"));
        PropertyCheck p = PropertyCheck.forAllScenarios("one_cpu", space).holds(ONE_CPU_ONLY).tries(3).seed(2).database(db)
                .shrinkTimeMs(20_000).log(new PrintStream(out, true, StandardCharsets.UTF_8));
        AssertionError e = assertThrows(AssertionError.class, p::check);
        String msg = e.getMessage();
        assertTrue(msg.startsWith("property one_cpu failed: property/one-cpu-only[] (seed 2, try 1 of 3, try seed 2; shrunk in "), msg);
        assertTrue(msg.contains("machine: 2 CPUs"), "fewer_cpus takes it to the smallest machine that still fails: " + msg);
        assertTrue(msg.contains("2 CPUs"), msg);
        assertTrue(msg.contains("shrunk scenario as a run: scripts/proxytorture run --cpus 2 --hz 1000 --duration 10ms --bootargs \"locktorture.torture_type=mutex_lock "), msg);
        assertEquals("failed: property/one-cpu-only[]", p.report().verdict());
        assertEquals(1, p.report().triesRun());
        Path file;
        try (var s = Files.list(db.resolve("one_cpu"))) {
            file = s.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        assertTrue(msg.contains("replay: scripts/proxytorture replay " + file), msg);
        ReplayFile f = ReplayFile.read(file);
        assertEquals(null, f.scenario(), "a plain file: scripts/proxytorture replay runs it");
        assertEquals(2, f.cpus());
        assertEquals(f.eventHash(), f.replay().hashHex());

        var again = new ByteArrayOutputStream();
        AssertionError e2 = assertThrows(AssertionError.class, () -> p.log(new PrintStream(again, true, StandardCharsets.UTF_8)).check());
        assertTrue(e2.getMessage().startsWith("property one_cpu: a stored failure still fails: property/one-cpu-only[] (" + file), e2.getMessage());
        assertEquals("failed: property/one-cpu-only[] (stored)", p.report().verdict());
    }

    @Test
    void statisticsCoverageAndTheReport(@TempDir Path db) {
        var space = org.proxytorture.explore.space.ScenarioSpace.fixed(List.of("duration=10", "cpus=2"));
        var out = new ByteArrayOutputStream();
        PropertyCheck ok = PropertyCheck.forAllScenarios("cover_ok", space).tries(30).seed(4).database(db).cover("cpus", "2 CPUs", 1.0)
                .log(new PrintStream(out, true, StandardCharsets.UTF_8));
        ok.check();
        PropertyCheck.Report r = ok.report();
        assertEquals(4, r.seed());
        assertEquals(30, r.triesRun());
        assertEquals("passed", r.verdict());
        assertTrue(r.statistics().contains("[torture type] (30 tries)"), r.statistics().toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("    2 CPUs      30  (100.0 %)"), out.toString());

        AssertionError e = assertThrows(AssertionError.class, () -> PropertyCheck.forAllScenarios("cover_missed", space).tries(30).seed(4)
                .database(db).cover("generation", "full", 0.9).log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).check());
        assertTrue(e.getMessage().startsWith("property cover_missed: coverage (seed 4, 30 tries): generation full: "), e.getMessage());
        assertTrue(e.getMessage().contains("under its minimum 90.0 %"), e.getMessage());
    }

    @Test
    void runsThatFailByThemselvesAreCountedNotReportedByAPropertyThatDoesNotJudgeThem(@TempDir Path db) {
        var space = org.proxytorture.explore.space.ScenarioSpace.fixed(List.of("cpus=2", "torture_type=mutex_lock", "writers=2", "duration=100", "meddlers=none")); // lock_busted takes no sleeping-lock meddler (hold_yield)
        var out = new ByteArrayOutputStream();
        PropertyCheck p = PropertyCheck.forAllScenarios("busted_but_deterministic", space).withBootargs("locktorture.torture_type=lock_busted")
                .holds(RunProperties.replaySameHash()).tries(3).database(db).log(new PrintStream(out, true, StandardCharsets.UTF_8));
        p.check();
        assertEquals(1, p.report().otherFailures().size(), p.report().otherFailures().toString());
        assertTrue(p.report().otherFailures().get(0).matches("warn/lock_torture_writer: WARN_ON_ONCE\\(lock_is_write_held\\)\\[\\]: [123] tries"), p.report().otherFailures().toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("runs that failed by themselves (not judged by replay-same-hash)"), out.toString());
    }
}
