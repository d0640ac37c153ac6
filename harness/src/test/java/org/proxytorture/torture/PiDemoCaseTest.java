package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import org.proxytorture.config.RunConfig;
import org.proxytorture.config.BadInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.proxytorture.run.Checking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.sim.SeededChoices;
import org.junit.jupiter.api.Tag;

/**
 * run.sh's case matrix (pi-demo-and-latency.md section 1.2): each case starts exactly the tasks
 * its row says, in the groups its row says, and a case runs as a scenario's workload.
 */
@Tag("fast")
class PiDemoCaseTest {
    static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0}")
    @EnumSource(PiDemo.Case.class)
    void eachCaseStartsTheTasksOfItsRow(PiDemo.Case c) {
        TortureParams params = TortureParams.fromBootArgs(BootArgs.parse(""), 2);
        PiDemo.Result r = PiDemo.run(c, c.label, 2, 1000, 200 * MS, params, new SeededChoices(1), Checking.forPiDemo(params));
        List<Task> tasks = r.core().tasks.stream().filter(java.util.Objects::nonNull).toList(); // indexed by pid
        List<Task> bg = tasks.stream().filter(t -> t.comm.equals("background")).toList();
        List<Task> busy = tasks.stream().filter(t -> t.comm.equals("busy")).toList();
        Task fg = tasks.stream().filter(t -> t.comm.equals("foreground")).findFirst().orElseThrow();

        assertEquals("root", groupName(fg), "the foreground stays in /");
        assertEquals(c.contention ? 1 : 0, bg.size(), "background rename loop");
        assertEquals(c.schedload ? 4 : 0, busy.size(), "2*CPUs busy tasks");
        for (Task t : bg) assertEquals(c.throttled ? "low" : "root", groupName(t));
        for (Task t : busy) assertEquals(c.throttled ? "medium" : "root", groupName(t));
        assertTrue(r.renames() > 0, "the foreground renamed");
        // Each timed rename is followed by the untimed reset rename; the rest is the background's.
        long fgAcquisitions = 2 * r.renames();
        if (c.contention) assertTrue(r.acquisitions() > fgAcquisitions + 1, "the background took the mutex too: " + r.acquisitions());
        else assertTrue(r.acquisitions() - fgAcquisitions <= 1, "only the foreground took the mutex: " + r.acquisitions());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    private static String groupName(Task t) {
        return t.group.parent == null ? "root" : t.group.name;
    }

    @Test
    void aCaseRunsAsAWorkloadAndIsReportedNotJudged() {
        Console console = new Console(null, true);
        RunConfig cfg = new RunConfig(2, 1000, 100 * MS, "proxytorture.workload=pidemo proxytorture.pidemo_case=schedload-throttled", 3, null);
        TortureParams params = TortureParams.fromBootArgs(cfg.bootargs(), 2);
        TortureResult r = new PiDemoRun(cfg, params, console).checkers(Checking.forPiDemo(params)).run();
        assertTrue(r.success());
        String out = String.join("\n", console.lines());
        assertTrue(out.contains("pidemo case schedload-throttled: foreground nice 0 in /, no background rename, 4 busy tasks in /medium (cpu.shares 512)"), out);
        assertTrue(out.contains("pidemo: proxy full renames "), out);
        assertTrue(out.contains("pidemo: End of test: SUCCESS"), out);
        assertTrue(out.contains("event hash " + r.hashHex()), out);
        assertFalse(r.statsLine().isEmpty());
    }

    @Test
    void anUnknownCaseNamesTheAcceptedOnes() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TortureParams.fromBootArgs(BootArgs.parse("proxytorture.pidemo_case=throttled"), 2));
        assertTrue(e.getMessage().contains("accepted: alone|contention|schedload|schedload-contention|contention-throttled|"
                + "schedload-throttled|schedload-contention-throttled"), e.getMessage());
    }
}
