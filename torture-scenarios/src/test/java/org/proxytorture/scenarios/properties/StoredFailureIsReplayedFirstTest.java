package org.proxytorture.scenarios.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.proxytorture.cli.Main;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.property.PropertyContext;
import org.proxytorture.explore.property.TortureProperty;
import org.proxytorture.explore.space.ScenarioSpace;

/**
 * A property's failure, stored in the database, is replayed first the next time the test runs,
 * and the test fails again with the same identity (issue 16 item 2; Hypothesis' example
 * database). The property is a {@link TortureProperty} test whose scenarios run locktorture's
 * deliberately broken lock (torture_type=lock_busted: two writers in the critical section at
 * once, caught by locktorture's own WARN_ON_ONCE); it is run through the JUnit launcher twice, as
 * two {@code mvn test} runs would run it.
 */
class StoredFailureIsReplayedFirstTest {
    static final String DB = "target/proxytorture-db-selftest";
    static final String IDENTITY = "warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]";

    /** Set while the test below runs {@link BustedLockProperty}. */
    private static volatile boolean launching;

    static boolean launching() {
        return launching;
    }

    /**
     * Run only by the test below, through the launcher (surefire leaves nested classes out, but a
     * -Dtest pattern may select it).
     */
    static class BustedLockProperty {
        @EnabledIf("org.proxytorture.scenarios.properties.StoredFailureIsReplayedFirstTest#launching")
        @TortureProperty(tries = 20, seed = 7, database = DB, shrinkSeconds = 30)
        void noCheckerFiresWithTheBustedLock(PropertyContext p) {
            p.forAllScenarios(ScenarioSpace.fixed(List.of("cpus=2", "torture_type=mutex_lock", "writers=2", "duration=100")))
                    .withBootargs("locktorture.torture_type=lock_busted").check();
        }
    }

    /** One launcher run of {@link BustedLockProperty}: its failure and its report entries. */
    record Outcome(Throwable failure, List<Map<String, String>> entries, String out) { }

    static Outcome runProperty() {
        List<Map<String, String>> entries = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        Launcher launcher = LauncherFactory.create();
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            launching = true;
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(BustedLockProperty.class)).build(), new TestExecutionListener() {
                @Override
                public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                    entries.add(entry.getKeyValuePairs());
                }

                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    if (id.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) failure[0] = result.getThrowable().orElseThrow();
                }
            });
        } finally {
            System.setOut(saved);
            launching = false;
        }
        return new Outcome(failure[0], entries, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStoredFailureIsReplayedFirstAndTheTestFailsWithTheSameIdentity() throws IOException {
        Path db = Path.of(DB);
        deleteTree(db);

        Outcome first = runProperty();
        assertNotNull(first.failure(), "the busted lock fails the property\n" + first.out());
        String msg = first.failure().getMessage();
        assertTrue(msg.startsWith("property BustedLockProperty.noCheckerFiresWithTheBustedLock failed: " + IDENTITY + " (seed 7, try "), msg);
        assertTrue(msg.contains("failure: " + IDENTITY) && msg.contains("forced decisions"), "the shrunk timeline: " + msg);
        assertTrue(msg.contains("shrunk scenario as a run: scripts/proxytorture run --cpus "), msg);
        Matcher m = Pattern.compile("replay: scripts/proxytorture replay (\\S+\\.json)").matcher(msg);
        assertTrue(m.find(), msg);
        Path file = Path.of(m.group(1));
        assertTrue(file.isAbsolute() && file.startsWith(db.toAbsolutePath().resolve("BustedLockProperty.noCheckerFiresWithTheBustedLock")), file.toString());
        assertTrue(first.out().contains("proxytorture property BustedLockProperty.noCheckerFiresWithTheBustedLock: seed 7, 20 tries"), first.out());
        assertEquals(1, first.entries().size(), "one report entry");
        Map<String, String> e = first.entries().get(0);
        assertEquals("7", e.get("proxytorture.seed"));
        assertEquals("failed: " + IDENTITY, e.get("proxytorture.verdict"));
        assertTrue(e.get("proxytorture.statistics").contains("[torture type]"), e.toString());

        // the stored file is a plain replay file: scripts/proxytorture replay reproduces the failure (exit 1)
        ReplayFile rf = ReplayFile.read(file);
        assertEquals(IDENTITY, rf.identity().toString());
        assertTrue(rf.bootargs().contains("torture_type=lock_busted"), rf.bootargs());
        assertEquals(1, replay(file));

        Outcome second = runProperty();
        assertNotNull(second.failure(), "the stored failure fails the next run\n" + second.out());
        String msg2 = second.failure().getMessage();
        assertTrue(msg2.startsWith("property BustedLockProperty.noCheckerFiresWithTheBustedLock: a stored failure still fails: " + IDENTITY + " (" + file), msg2);
        assertTrue(!second.out().contains("20 tries"), "no try ran: the stored failure came first\n" + second.out());
        assertEquals("failed: " + IDENTITY + " (stored)", second.entries().get(0).get("proxytorture.verdict"));
    }

    private static int replay(Path file) {
        PrintStream saved = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.execute("replay", file.toString());
        } finally {
            System.setOut(saved);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
