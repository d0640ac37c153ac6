package org.proxytorture.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.trace.TraceEvent.Lock.Op;

/**
 * The per-CPU timeline: a column per CPU, a row per event in the executing CPU's column, fixed
 * widths, '*' (or '*n') on the row after forced choices, a proxy as owner(donor), and a row budget
 * that holds for any run.
 */
class TimelineTest {
    private static final TaskRef IDLE0 = new TaskRef(1, "swapper/0", true);
    private static final TaskRef IDLE1 = new TaskRef(2, "swapper/1", true);
    private static final TaskRef WR5 = new TaskRef(5, "lock_torture_wr", false);
    private static final TaskRef WR7 = new TaskRef(7, "lock_torture_wr", false);
    private static final TaskRef WR9 = new TaskRef(9, "lock_torture_wr", false);

    /** wr:5 blocks on the mutex wr:7 holds; wr:7 runs as its proxy after two forced choices; CPU1 walks a chain. */
    private static RecordedTrace story() {
        List<TraceEvent> ev = List.of(
                new TraceEvent.Switch(10_000, 0, IDLE0, 140, TaskState.TASK_RUNNING, false, WR5, 120),
                new TraceEvent.Waking(12_000, 1, IDLE1, WR7, 120, 1),
                new TraceEvent.Lock(13_000, 0, WR5, Op.CONTENDED, WR5, "torture_mutex", true),
                new TraceEvent.Switch(14_000, 0, WR5, 120, TaskState.TASK_UNINTERRUPTIBLE, false, WR7, 120),
                new TraceEvent.Proxy(14_000, 0, WR7, org.proxytorture.kernel.sched.ProxyEvent.parse("proxy_chosen"), WR5, WR7),
                new TraceEvent.Proxy(15_000, 1, IDLE1, org.proxytorture.kernel.sched.ProxyEvent.parse("find_proxy_task:chain_step"), WR9, WR7));
        return new RecordedTrace(2, ev, ev.size(), List.of(1, 0, 0, 2, 0, 0), 0, List.of(), 3, 15_000);
    }

    @Test
    void aColumnPerCpuARowPerEventForcedChoicesMarkedAndAProxyAsOwnerOfDonor() {
        assertEquals(List.of(
                "         time ch  | CPU0             | CPU1             |",
                "  0.000010000 *   | idle R > wr:5    |                  |",
                "  0.000012000     |                  | waking wr:7 @1   |",
                "  0.000013000     | wr:5 wait mutex  |                  |",
                "  0.000014000 *2  | wr:5 D > wr:7    |                  |",
                "  0.000014000     | run wr:7(wr:5)   |                  |",
                "  0.000015000     |                  | fpt:chain_step ~ |"),
                Timeline.render(story(), new Timeline.Options(60, -1, 16)));
        List<String> auto = Timeline.render(story(), Timeline.Options.last(60)); // as wide as the widest cell
        assertEquals("  0.000015000     | " + " ".repeat(24) + " | fpt:chain_step wr:9>wr:7 |", auto.get(6));
    }

    @Test
    void theBudgetShowsTheLastRowsOrThoseAroundATimeAndSaysWhatItLeftOut() {
        List<String> last = Timeline.render(story(), new Timeline.Options(2, -1, 16));
        assertEquals(List.of(
                "         time ch  | CPU0             | CPU1             |",
                "          ...     | 4 earlier events not shown (0 overwritten in the ring)",
                "  0.000014000     | run wr:7(wr:5)   |                  |",
                "  0.000015000     |                  | fpt:chain_step ~ |"), last);
        List<String> around = Timeline.render(story(), new Timeline.Options(2, 13_000, 16));
        assertEquals(List.of(
                "         time ch  | CPU0             | CPU1             |",
                "          ...     | 1 earlier events not shown (0 overwritten in the ring)",
                "  0.000012000     |                  | waking wr:7 @1   |",
                "  0.000013000     | wr:5 wait mutex  |                  |",
                "          ...     | 3 later events not shown"), around);
    }

    @Test
    void aRunsTimelineKeepsToItsBudgetWithFixedColumns() {
        TracedRun run = TracedRun.proxy(100 * TracedRun.MS); // the first donors are picked after ~40 ms
        for (long around : new long[] {-1, 0, 5 * TracedRun.MS}) {
            List<String> rows = Timeline.render(run.trace(), new Timeline.Options(57, around, 22));
            assertTrue(rows.size() <= 60, "57 rows + header + two cut lines fit 60 lines: " + rows.size());
            int width = rows.get(0).length();
            for (String r : rows.subList(1, rows.size())) {
                if (r.contains("events not shown")) continue;
                assertEquals(width, r.length(), () -> "fixed columns: '" + r + "'");
                String[] cells = r.split("\\|", -1); // time+mark, CPU0..CPU3, ""
                assertEquals(6, cells.length, r);
                long used = java.util.Arrays.stream(cells, 1, 5).filter(c -> !c.isBlank()).count();
                assertEquals(1, used, () -> "one event, in one CPU's column: '" + r + "'");
            }
        }
        List<String> all = Timeline.render(run.trace(), Timeline.Options.last(Integer.MAX_VALUE));
        assertTrue(all.stream().anyMatch(r -> r.matches(".*\\| run \\w+:\\d+\\(\\w+:\\d+\\) .*")), "a proxy row owner(donor)");
        assertTrue(all.stream().anyMatch(r -> r.substring(14, 18).startsWith("*")), "forced choices are marked");
    }
}
