package org.proxytorture.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytorture.reports.ConsoleSummary;
import org.proxytorture.run.RunSummary;

/** LOCK04 (rw_lock) and LOCK06 (percpu_rwsem_lock) through scripts/torture: both run, with readers, to SUCCESS. */
class RwScenariosTest {
    @TempDir
    Path tmp;

    @Test
    void lock04AndLock06RunToSuccessWithWritesAndReads() throws IOException {
        Path res = tmp.resolve("res");
        Cli.Outcome o = Cli.torture("--configs", "LOCK04 LOCK06", "--duration", "2s", "--jobs", "2", "--seed", "3",
                "--config-dir", ShippedScenariosTest.DIR.toString(), "--results", res.toString());
        assertEquals(TortureMain.EXIT_OK, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("torture: 2 runs: 2 SUCCESS;"), o.out());
        Path date;
        try (var s = Files.list(res)) {
            date = s.toList().get(0);
        }
        for (String[] sc : List.of(new String[] {"LOCK04", "rw_lock"}, new String[] {"LOCK06", "percpu_rwsem_lock"})) {
            String name = sc[0];
            assertTrue(Pattern.compile("(?m)^" + name + " ------- \\d+ acquisitions/releases").matcher(o.out()).find(), o.out());
            assertTrue(Pattern.compile("(?m)^" + name + ": SUCCESS \\(seed 3, 4 CPUs, ").matcher(o.out()).find(), o.out());
            RunSummary s = RunSummary.parse(Files.readString(date.resolve(name).resolve("summary.json")));
            assertEquals("SUCCESS", s.result());
            assertEquals(0, s.fails());
            assertTrue(s.acquisitions() > 0, name);
            assertTrue(s.bootargs().contains("locktorture.torture_type=" + sc[1] + " "), s.bootargs());
            String console = Files.readString(date.resolve(name).resolve("console.log"));
            assertEquals(ConsoleSummary.Verdict.SUCCESS, ConsoleSummary.parse(console).verdict());
            assertTrue(Pattern.compile("(?m)\\] Reads :  Total: [1-9]\\d*  Max/Min: \\d+/\\d+ (\\?\\?\\?)?  Fail: 0 $").matcher(console).find(),
                    name + " prints the readers' line:\n" + console);
        }
    }
}
