package org.proxytorture.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.trace.TraceEvent.Lock.Op;

/**
 * The ftrace text export as Perfetto and a kernel developer read it: the nop tracer's header, the
 * TP_printk lines of include/trace/events/sched.h with exactly four flag characters, and
 * trace_marker B/E lines for lock holds, every line parsed alike by both of Perfetto's systrace
 * line patterns (reference pi-demo-and-latency.md, 5.4).
 */
class FtraceExportTest {
    private static final long MS = TracedRun.MS;

    /** Perfetto's systrace line pattern before 5-flag kernels (reference 5.4, quoted). */
    static final Pattern PERFETTO_OLD = Pattern.compile("-(\\d+)\\s+\\(?\\s*(\\d+|-+)?\\)?\\s?\\[(\\d+)\\]\\s*[a-zA-Z0-9.]{0,4}\\s+(\\d+\\.\\d+):\\s+(\\S+):");
    /** And after: {0,5} flag characters and optional space before the timestamp. */
    static final Pattern PERFETTO_NEW = Pattern.compile("-(\\d+)\\s+\\(?\\s*(\\d+|-+)?\\)?\\s?\\[(\\d+)\\]\\s*[a-zA-Z0-9.]{0,5}\\s*(\\d+\\.\\d+):\\s+(\\S+):");

    /** What Perfetto's tokenizer takes from a line: comm (the text before the match), pid, cpu, ts, event name. */
    record Parsed(String comm, int pid, int cpu, String ts, String event, String args) { }

    static Parsed parse(Pattern p, String line) {
        Matcher m = p.matcher(line);
        if (!m.find()) return null;
        return new Parsed(line.substring(0, m.start()).trim(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), m.group(4),
                m.group(5), line.substring(m.end()).trim());
    }

    private static final TaskRef FG = new TaskRef(1234, "foreground", false);
    private static final TaskRef BG = new TaskRef(1300, "background", false);
    private static final TaskRef IDLE2 = new TaskRef(3, "swapper/2", true);

    @Test
    void theHeaderIsTheNopTracersOfAFourFlagKernel() {
        RecordedTrace t = new RecordedTrace(12, List.of(), 63, List.of(), 0, List.of(), 0, 0);
        List<String> h = FtraceExport.lines(t);
        assertEquals(List.of(
                "# tracer: nop",
                "#",
                "# entries-in-buffer/entries-written: 0/63   #P:12",
                "#",
                "#                              _-----=> irqs-off",
                "#                             / _----=> need-resched",
                "#                            | / _---=> hardirq/softirq",
                "#                            || / _--=> preempt-depth",
                "#                            ||| /     delay",
                "#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION",
                "#              | |       |   ||||       |         |"), h);
    }

    @Test
    void schedEventsPrintTheKernelsTpPrintkText() {
        long t0 = 5075_958_079_123L;
        RecordedTrace t = RecordedTrace.of(4, List.of(
                new TraceEvent.Switch(t0, 2, FG, 120, TaskState.TASK_UNINTERRUPTIBLE, false, BG, 120),
                new TraceEvent.Waking(t0 + 1000, 2, BG, FG, 120, 1),
                new TraceEvent.Wakeup(t0 + 2000, 2, BG, FG, 120, 1),
                new TraceEvent.Migrate(t0 + 3000, 2, BG, FG, 120, 1, 3),
                new TraceEvent.Switch(t0 + 4000, 2, BG, 120, TaskState.TASK_RUNNING, true, IDLE2, 140),
                new TraceEvent.Switch(t0 + 5000, 2, IDLE2, 140, TaskState.TASK_RUNNING, false, FG, 98)), t0 + 5000);
        List<String> lines = FtraceExport.lines(t);
        assertEquals(List.of(
                "      foreground-1234  [002] d..2  5075.958079: sched_switch: prev_comm=foreground prev_pid=1234 prev_prio=120 prev_state=D ==> next_comm=background next_pid=1300 next_prio=120",
                "      background-1300  [002] d..2  5075.958080: sched_waking: comm=foreground pid=1234 prio=120 target_cpu=001",
                "      background-1300  [002] d..2  5075.958081: sched_wakeup: comm=foreground pid=1234 prio=120 target_cpu=001",
                "      background-1300  [002] d..2  5075.958082: sched_migrate_task: comm=foreground pid=1234 prio=120 orig_cpu=1 dest_cpu=3",
                "      background-1300  [002] d..2  5075.958083: sched_switch: prev_comm=background prev_pid=1300 prev_prio=120 prev_state=R+ ==> next_comm=swapper/2 next_pid=0 next_prio=120",
                "          <idle>-0     [002] d..2  5075.958084: sched_switch: prev_comm=swapper/2 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=foreground next_pid=1234 next_prio=98"),
                lines.subList(11, lines.size()));
    }

    @Test
    void prevStateIsTheHighestReportedStateOrRPlusForAPreemption() {
        assertEquals("R+", FtraceExport.prevState(TaskState.TASK_UNINTERRUPTIBLE, true));
        assertEquals("R", FtraceExport.prevState(TaskState.TASK_RUNNING, false)); // sched_yield()
        assertEquals("S", FtraceExport.prevState(TaskState.TASK_INTERRUPTIBLE, false));
        assertEquals("D", FtraceExport.prevState(TaskState.TASK_UNINTERRUPTIBLE, false));
        assertEquals("D", FtraceExport.prevState(TaskState.TASK_UNINTERRUPTIBLE | TaskState.TASK_WAKEKILL, false)); // TASK_KILLABLE
        assertEquals("I", FtraceExport.prevState(TaskState.TASK_IDLE, false));
        assertEquals("X", FtraceExport.prevState(TaskState.TASK_DEAD, false));
        assertEquals("P", FtraceExport.prevState(TaskState.TASK_PARKED, false));
    }

    @Test
    void lockHoldsAreSystraceBeginEndMarkersAndAnEndWithoutItsBeginIsLeftOut() {
        RecordedTrace t = RecordedTrace.of(2, List.of(
                new TraceEvent.Lock(1000, 0, FG, Op.RELEASED, FG, "m0", true), // acquired before the ring's first event
                new TraceEvent.Lock(2000, 0, FG, Op.CONTENDED, FG, "m1", true),
                new TraceEvent.Lock(3000, 0, FG, Op.ACQUIRED, FG, "m1", true),
                new TraceEvent.Proxy(4000, 1, BG, org.proxytorture.kernel.sched.ProxyEvent.parse("proxy_chosen"), FG, BG),
                new TraceEvent.Lock(5000, 0, FG, Op.RELEASED, FG, "m1", true)), 5000);
        List<String> lines = FtraceExport.lines(t);
        assertEquals(List.of(
                "      foreground-1234  [000] ....     0.000003: tracing_mark_write: B|1234|m1",
                "      background-1300  [001] ....     0.000004: tracing_mark_write: I|1300|proxy_chosen donor=foreground-1234 task=background-1300",
                "      foreground-1234  [000] ....     0.000005: tracing_mark_write: E|1234"),
                lines.subList(11, lines.size()));
    }

    @Test
    void everyLineOfAProxyRunIsParsedAlikeByBothPerfettoPatterns() {
        TracedRun run = TracedRun.of(4, 100 * MS, TracedRun.PROXY_BOOTARGS, 2, 150_000); // the ring wraps (orphan E lines must go) and keeps proxy picks (model 16: seed 2; seed 1 has none in its last 150000)
        org.junit.jupiter.api.Assertions.assertTrue(run.trace().entriesWritten() > run.trace().events().size(), "the ring wrapped");
        assertTrue(run.trace().dropped() > 0, "the ring overwrote events");
        List<String> lines = FtraceExport.lines(run.trace());
        Map<String, Integer> byEvent = new TreeMap<>();
        Map<Integer, ArrayDeque<String>> open = new TreeMap<>();
        double prevTs = 0;
        for (String line : lines) {
            if (line.startsWith("#")) continue;
            Parsed old = parse(PERFETTO_OLD, line);
            Parsed neu = parse(PERFETTO_NEW, line);
            assertTrue(old != null && neu != null, () -> "both patterns match: " + line);
            assertEquals(old, neu, () -> "both patterns read the same fields: " + line);
            String[] tok = line.trim().split("\\s+");
            assertEquals(tok[0], old.comm() + "-" + old.pid(), line);
            assertEquals(String.format("[%03d]", old.cpu()), tok[1], line);
            assertEquals(4, tok[2].length(), () -> "exactly four flag characters: " + line);
            assertEquals(tok[3], old.ts() + ":", line);
            double ts = Double.parseDouble(old.ts());
            assertTrue(ts >= prevTs, () -> "lines in timestamp order: " + line);
            prevTs = ts;
            byEvent.merge(old.event(), 1, Integer::sum);
            if (old.event().equals("sched_switch")) {
                // Perfetto splits the args on single spaces, then on '=': seven key=value pairs and the arrow
                List<String> keys = new ArrayList<>();
                for (String a : old.args().split(" ")) if (!a.equals("==>")) keys.add(a.split("=", -1)[0]);
                assertEquals(List.of("prev_comm", "prev_pid", "prev_prio", "prev_state", "next_comm", "next_pid", "next_prio"), keys, line);
                for (String a : old.args().split(" ")) assertTrue(a.equals("==>") || a.split("=", -1).length == 2, line);
            }
            if (old.event().equals("tracing_mark_write")) {
                String m = old.args();
                if (m.startsWith("B|")) open.computeIfAbsent(old.pid(), k -> new ArrayDeque<>()).push(m);
                if (m.startsWith("E|")) {
                    assertEquals("E|" + old.pid(), m);
                    ArrayDeque<String> st = open.get(old.pid());
                    assertFalse(st == null || st.isEmpty(), () -> "an E closes a B of the same thread: " + line);
                    st.pop();
                }
            }
        }
        for (String ev : List.of("sched_switch", "sched_waking", "sched_wakeup", "sched_migrate_task", "tracing_mark_write"))
            assertTrue(byEvent.getOrDefault(ev, 0) > 0, () -> "the run shows " + ev + ": " + byEvent);
        assertTrue(lines.stream().anyMatch(l -> l.contains("|proxy_chosen donor=")), "proxy execution is visible");
        assertTrue(lines.stream().anyMatch(l -> l.contains("prev_state=R+")), "preemptions print R+");
        assertTrue(lines.stream().anyMatch(l -> l.contains("prev_state=D")), "mutex waiters block in D");
    }

    @Test
    void theNewPatternMisreadsALineWithoutFlagsWhichIsWhyFourArePrinted() {
        // reference 5.4: without flags the {0,5} class eats the timestamp's leading digits
        Parsed p = parse(PERFETTO_NEW, "      foreground-1234  [002]  5075.958079: sched_switch: x");
        assertEquals("5.958079", p.ts());
        assertTrue(parse(PERFETTO_OLD, "      foreground-1234  [002] d..2. 5075.958079: sched_switch: x") == null, "the old one rejects five flags");
    }
}
