package org.proxytorture.trace;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.proxytorture.kernel.sched.TaskState;

/**
 * /sys/kernel/tracing/trace as the kernel prints it with the nop tracer and the sched and lock
 * events enabled, so that Perfetto (and a kernel developer) opens it as a real trace: the
 * {@code # tracer: nop} header of kernel/trace/trace.c, then one line per event with the
 * TP_printk text of include/trace/events/sched.h.
 *
 * <p>Four flag characters (irqs-off, need-resched, hardirq/softirq, preempt-depth), as kernels
 * before the migrate-disable column printed them: both of Perfetto's systrace line patterns accept
 * exactly four (reference pi-demo-and-latency.md, 5.4), so the header is that era's too.
 * Lock hold spans and proxy events are trace_marker lines ({@code tracing_mark_write}) in the
 * systrace convention: {@code B|pid|lock} when the lock is acquired, {@code E|pid} at its release,
 * {@code I|pid|event ...} for a proxy event.
 */
public final class FtraceExport {
    private FtraceExport() { }

    /**
     * The flag characters are fixed per event, not computed from the model's preempt count:
     * scheduler events under the rq lock or pi_lock with interrupts off, lock events and markers
     * in plain task context.
     */
    static final String SCHED_FLAGS = "d..2";
    static final String TASK_FLAGS = "....";

    /** Writes the whole trace file. */
    public static void write(RecordedTrace t, Appendable out) throws IOException {
        for (String h : header(t)) out.append(h).append('\n');
        Lines lines = new Lines();
        // the kernel merges its per-CPU buffers by timestamp; the model may execute a section up
        // to window_ns before an earlier-stamped one on another CPU (a stable sort keeps each CPU's order)
        List<TraceEvent> byTime = new ArrayList<>(t.events());
        byTime.sort(java.util.Comparator.comparingLong(TraceEvent::time));
        for (TraceEvent e : byTime) {
            for (String l : lines.of(e)) out.append(l).append('\n');
        }
    }

    /** The text as a list of lines (tests, short traces). */
    public static List<String> lines(RecordedTrace t) {
        StringBuilder sb = new StringBuilder();
        try {
            write(t, sb);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringBuilder does not throw
        }
        return sb.toString().lines().toList();
    }

    /** print_trace_header()/print_event_info()/print_func_help_header_irq() of a 4-flag kernel. */
    static List<String> header(RecordedTrace t) {
        return List.of(
                "# tracer: nop",
                "#",
                String.format("# entries-in-buffer/entries-written: %d/%d   #P:%d", t.events().size(), t.entriesWritten(), t.nrCpus()),
                "#",
                "#                              _-----=> irqs-off",
                "#                             / _----=> need-resched",
                "#                            | / _---=> hardirq/softirq",
                "#                            || / _--=> preempt-depth",
                "#                            ||| /     delay",
                "#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION",
                "#              | |       |   ||||       |         |");
    }

    /** Turns events into lines; keeps the open lock hold spans so that an E always has its B. */
    static final class Lines {
        /** pid -> locks whose B line was written and whose E was not, innermost last. */
        private final TreeMap<Integer, ArrayDeque<String>> held = new TreeMap<>();

        List<String> of(TraceEvent e) {
            List<String> out = new ArrayList<>(1);
            if (e instanceof TraceEvent.Switch s) {
                out.add(line(e, SCHED_FLAGS, "sched_switch", "prev_comm=" + comm(s.prev()) + " prev_pid=" + pid(s.prev())
                        + " prev_prio=" + prio(s.prev(), s.prevPrio()) + " prev_state=" + prevState(s.prevState(), s.preempt())
                        + " ==> next_comm=" + comm(s.next()) + " next_pid=" + pid(s.next()) + " next_prio=" + prio(s.next(), s.nextPrio())));
            } else if (e instanceof TraceEvent.Waking w) {
                out.add(line(e, SCHED_FLAGS, "sched_waking", wakeup(w.p(), w.prio(), w.targetCpu())));
            } else if (e instanceof TraceEvent.Wakeup w) {
                out.add(line(e, SCHED_FLAGS, "sched_wakeup", wakeup(w.p(), w.prio(), w.targetCpu())));
            } else if (e instanceof TraceEvent.Migrate m) {
                out.add(line(e, SCHED_FLAGS, "sched_migrate_task", "comm=" + comm(m.p()) + " pid=" + pid(m.p()) + " prio="
                        + prio(m.p(), m.prio()) + " orig_cpu=" + m.origCpu() + " dest_cpu=" + m.destCpu()));
            } else if (e instanceof TraceEvent.Lock l) {
                lock(l, out);
            } else if (e instanceof TraceEvent.Proxy p) {
                StringBuilder sb = new StringBuilder("I|").append(pid(p.common())).append('|').append(p.event().text());
                if (p.donor() != null) sb.append(" donor=").append(comm(p.donor())).append('-').append(pid(p.donor()));
                if (p.task() != null && !p.task().equals(p.donor())) sb.append(" task=").append(comm(p.task())).append('-').append(pid(p.task()));
                out.add(line(e, TASK_FLAGS, "tracing_mark_write", sb.toString()));
            }
            return out;
        }

        /** sched_wakeup_template's "comm=%s pid=%d prio=%d target_cpu=%03d". */
        private static String wakeup(TaskRef p, int prio, int targetCpu) {
            String cpu = Integer.toString(targetCpu);
            return "comm=" + comm(p) + " pid=" + pid(p) + " prio=" + prio(p, prio) + " target_cpu=" + "000".substring(Math.min(3, cpu.length())) + cpu;
        }

        private void lock(TraceEvent.Lock l, List<String> out) {
            int pid = pid(l.p());
            switch (l.op()) {
                case ACQUIRED -> {
                    held.computeIfAbsent(pid, k -> new ArrayDeque<>()).addLast(l.lock());
                    out.add(line(l, TASK_FLAGS, "tracing_mark_write", "B|" + pid + "|" + sanitize(l.lock())));
                }
                case RELEASED -> {
                    // systrace's E closes the innermost open slice of the thread; locktorture
                    // releases in reverse order, so it is this lock's B unless the ring lost it
                    ArrayDeque<String> h = held.get(pid);
                    if (h != null && h.removeLastOccurrence(l.lock())) out.add(line(l, TASK_FLAGS, "tracing_mark_write", "E|" + pid));
                }
                case CONTENDED -> { } // the thread state (D after sched_switch) shows the wait
            }
        }
    }

    /** "comm-pid [cpu] flags secs.usecs: event: text": print_trace_fmt()'s "%16s-%-5d [%03d] " and "%5lu.%06lu: ". */
    static String line(TraceEvent e, String flags, String event, String text) {
        TaskRef c = e.common();
        StringBuilder sb = new StringBuilder(96 + text.length());
        padLeft(sb, c.idle() ? "<idle>" : comm(c), 16).append('-');
        int mark = sb.length();
        sb.append(pid(c));
        while (sb.length() < mark + 5) sb.append(' ');
        sb.append(" [");
        padLeft(sb, Integer.toString(e.cpu()), 3, '0').append("] ").append(flags).append(' ');
        padLeft(sb, Long.toString(e.time() / 1_000_000_000L), 5).append('.');
        padLeft(sb, Long.toString(e.time() / 1000 % 1_000_000), 6, '0');
        return sb.append(": ").append(event).append(": ").append(text).toString();
    }

    private static StringBuilder padLeft(StringBuilder sb, String s, int w) {
        return padLeft(sb, s, w, ' ');
    }

    private static StringBuilder padLeft(StringBuilder sb, String s, int w, char fill) {
        for (int i = s.length(); i < w; i++) sb.append(fill);
        return sb.append(s);
    }

    /** The idle tasks are pid 0 in the kernel (the model numbers them 1..nr_cpus). */
    static int pid(TaskRef t) {
        return t.idle() ? 0 : t.pid();
    }

    /** Perfetto splits args on spaces and '=': a comm may contain neither. */
    static String comm(TaskRef t) {
        return sanitize(t.comm());
    }

    static String sanitize(String s) {
        return s.replace(' ', '_').replace('=', '_').replace('|', '_');
    }

    /** The idle task prints prio 120 (its static prio), as swapper does. */
    static int prio(TaskRef t, int prio) {
        return t.idle() ? 120 : prio;
    }

    /**
     * __trace_sched_switch_state(): R+ for a preemption (TASK_REPORT_MAX set), else the letter of
     * __task_state_index(), the highest TASK_REPORT bit (TASK_IDLE reads I), or R when none is set.
     */
    static String prevState(int state, boolean preempt) {
        if (preempt) return "R+";
        if (state == TaskState.TASK_IDLE) return "I";
        if ((state & TaskState.TASK_PARKED) != 0) return "P";
        if ((state & TaskState.TASK_DEAD) != 0) return "X"; // exit_state EXIT_DEAD
        if ((state & TaskState.TASK_UNINTERRUPTIBLE) != 0) return "D";
        if ((state & TaskState.TASK_INTERRUPTIBLE) != 0) return "S";
        return "R";
    }
}
