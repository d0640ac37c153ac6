package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.proxytorture.explore.BugCatalog;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.TortureTarget;
import org.junit.jupiter.api.Tag;

/**
 * The kernel command line is parsed once, at the edge, into a BootArgs value; its text form
 * (banners, replay files, cmd files) parses back to the same value, for every shipped scenario
 * and every catalog entry.
 */
@Tag("fast")
class BootArgsTest {
    private static final Path CONFIGS = Path.of("..", "torture-scenarios", "configs", "lock");

    @Test
    void laterOccurrencesWinAndABareNameMeansOne() {
        BootArgs b = BootArgs.parse("torture.random_shuffle locktorture.nested_locks=4 locktorture.nested_locks=2");
        assertEquals("torture.random_shuffle=1 locktorture.nested_locks=2", b.toString());
        assertEquals(b, BootArgs.parse(b.toString()));
        assertEquals("2", b.get("locktorture.nested_locks"));
    }

    @Test
    void withIsATypedEditThatLeavesTheOriginalAlone() {
        BootArgs b = BootArgs.parse("locktorture.nested_locks=4 torture.random_shuffle=1");
        BootArgs c = b.with("locktorture.nested_locks", "0");
        assertEquals("torture.random_shuffle=1 locktorture.nested_locks=0", c.toString(), "the edit is appended, as a later occurrence");
        assertEquals("4", b.get("locktorture.nested_locks"));
        assertNotEquals(b, c);
        assertEquals(c, BootArgs.parse(b + " locktorture.nested_locks=0"), "the same as appending the text");
    }

    @Test
    void everyShippedScenarioRoundTrips(@org.junit.jupiter.api.io.TempDir Path dir) {
        ScenarioParser parser = new ScenarioParser(CONFIGS);
        int n = 0;
        for (String name : parser.names()) {
            Scenario s = parser.load(name, null);
            if (s.notModelled() != null) continue;
            BootArgs line = s.commandLine(BootArgs.EMPTY, 1_000_000_000L);
            assertEquals(line, BootArgs.parse(line.toString()), name);
            TortureTarget t = new TortureTarget(name, s.cpus(), s.hz(), 1_000_000_000L, line);
            Path file = dir.resolve(name + ".json");
            ReplayFile.of(t, 1, "random", "", org.proxytorture.sim.ChoiceLog.of(new int[0]),
                    new org.proxytorture.explore.Outcome(null, 0, 0, 0, org.proxytorture.sim.ChoiceLog.of(new int[0]), new byte[0], 0,
                            s.cpus(), 0, java.util.List.of(), java.util.List.of()), false).write(file);
            ReplayFile f = ReplayFile.read(file);
            assertEquals(t, f.target(), name + ": through a replay file");
            n++;
        }
        assertTrue(n >= 20, n + " scenarios");
    }

    @Test
    void everyCatalogEntryRoundTripsWithAndWithoutItsFault() {
        for (BugCatalog b : BugCatalog.values()) {
            for (boolean inject : new boolean[] {false, true}) {
                BootArgs line = b.commandLine(inject);
                assertEquals(line, BootArgs.parse(line.toString()), b.id);
                TortureParams.fromBootArgs(line, b.cpus); // valid as it stands
            }
            assertFalse(b.fault() != null && b.bootargs.has("proxytorture.inject"), b.id + ": the fault is not in the scenario");
        }
    }
}
