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
            stored = s.toList();
        }
        assertEquals(1, stored.size());
        ReplayFile f = ReplayFile.read(stored.get(0));
        assertEquals("property:no_failure", f.scenario());
        assertTrue(f.choices().startsWith("z1 1"), f.choices());
        assertTrue(f.forcedChoices() == 1 || f.forcedChoices() == 2, f.choices());

        var again = new ByteArrayOutputStream();
        AssertionError e2 = assertThrows(AssertionError.class, () -> p.tries(0).log(new PrintStream(again, true, StandardCharsets.UTF_8)).check());
        assertTrue(e2.getMessage().startsWith("property no_failure: a stored failure still fails: warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)"), e2.getMessage());

        // the same property name over a fixed scenario: the stored failure no longer fails and is dropped
        var fixed = new ByteArrayOutputStream();
        PropertyCheck.forAll("no_failure", c -> new TortureTarget(null, 1 + c.choose(2), 1000, 10 * MS, "locktorture.torture_type=mutex_lock"))
                .tries(2).database(db).log(new PrintStream(fixed, true, StandardCharsets.UTF_8)).check();
        assertTrue(fixed.toString(StandardCharsets.UTF_8).contains("no longer fails; removed"), fixed.toString());
        try (var s = Files.list(db.resolve("no_failure"))) {
            assertEquals(0, s.count());
        }
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
}
