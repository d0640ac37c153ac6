package org.proxytorture.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * The Chrome trace-event JSON of a run ({@code {"traceEvents":[...]}}, times in microseconds),
 * which Perfetto and chrome://tracing open:
 * <ul>
 *   <li>process "CPUs" (pid 1), a thread per CPU (tid 1000 + cpu: tid 0 means the idle task to
 *       some readers): complete slices (ph X) named by the task running, {@code "owner (donor: X)"}
 *       while it runs on a donor's scheduling context; the idle task leaves a gap; other proxy
 *       events are instants;</li>
 *   <li>process "tasks" (pid 2), a thread per task (tid = pid): lock hold spans as complete slices
 *       (a hold released out of order is an async span instead, so that slices on the track nest),
 *       and the blocked_on interval as an async span (ph b/e, cat "blocked_on") from contention to
 *       acquisition (for a spinlock, "spinning on L", cat "spin");</li>
 *   <li>a flow (ph s/f) from the donor's last slice of its own to each slice where an owner runs for it.</li>
 * </ul>
 */
public final class ChromeTraceExport {
    static final int CPUS_PID = 1;
    static final int TASKS_PID = 2;
    static final int CPU_TID_BASE = 1000;

    /** The caller's writer stays open: it closes it (TraceOptions renames the file into place after). */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private ChromeTraceExport() { }

    /**
     * Writes the JSON document, one event per line, as it goes (a full trace ring is tens of MB).
     * java.io.Writer spelled out: Writer below is the event writer.
     */
    public static void write(RecordedTrace t, java.io.Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new OneEventPerLine());
            new Writer(t, g).run();
        }
        out.write('\n');
    }

    public static String toJson(RecordedTrace t) {
        StringWriter sw = new StringWriter();
        try {
            write(t, sw);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not throw
        }
        return sw.toString();
    }

    /**
     * Compact JSON with a line break before each element of traceEvents (the arrays two levels
     * down: root object, then the array), so that the file reads and greps one event a line.
     */
    private static final class OneEventPerLine extends MinimalPrettyPrinter {
        private static boolean events(JsonGenerator g) {
            return g.getOutputContext().getNestingDepth() == 2;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (events(g)) g.writeRaw('\n');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(events(g) ? ",\n" : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            g.writeRaw(events(g) ? "\n]" : "]");
        }
    }

    /** A slice being built on a CPU track. */
    private static final class CpuSlice {
        final long start;
        final TaskRef task;
        TaskRef donor;
        /** The flow ending here (0 = none) and where it started. */
        long flowId;
        int flowFromCpu;
        long flowFromNs;

        CpuSlice(long start, TaskRef task) {
            this.start = start;
            this.task = task;
        }
    }

    /** The last slice where a task ran as itself. */
    private record OwnSlice(int cpu, long start, long end) { }

    private record Hold(String lock, long start) { }

    private record Blocked(String name, String cat, long id) { }

    private static final class Writer {
        private final RecordedTrace t;
        private final JsonGenerator g;
        private final CpuSlice[] cpu;
        private final TreeMap<Integer, TaskRef> tasks = new TreeMap<>();
        private final TreeMap<Integer, OwnSlice> own = new TreeMap<>();
        private final TreeMap<Integer, ArrayDeque<Hold>> holds = new TreeMap<>();
        private final TreeMap<Integer, Blocked> blocked = new TreeMap<>();
        private long nextId = 1;

        Writer(RecordedTrace t, JsonGenerator g) {
            this.t = t;
            this.g = g;
            this.cpu = new CpuSlice[t.nrCpus()];
        }

        void run() throws IOException {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeArrayFieldStart("traceEvents");
            meta(CPUS_PID, 0, "process_name", "CPUs");
            meta(TASKS_PID, 0, "process_name", "tasks");
            for (int c = 0; c < cpu.length; c++) {
                meta(CPUS_PID, CPU_TID_BASE + c, "thread_name", "CPU " + c);
                start("thread_sort_index", null, "M");
                track(CPUS_PID, CPU_TID_BASE + c);
                g.writeObjectFieldStart("args");
                g.writeNumberField("sort_index", c);
                g.writeEndObject();
                g.writeEndObject();
            }
            for (TraceEvent e : t.events()) on(e);
            long end = Math.max(t.endNs(), t.events().isEmpty() ? 0 : t.events().get(t.events().size() - 1).time());
            for (int c = 0; c < cpu.length; c++) close(c, end);
            for (var h : holds.entrySet()) {
                while (!h.getValue().isEmpty()) hold(h.getKey(), h.getValue().removeLast(), end, false);
            }
            for (int pid : blocked.keySet().toArray(new Integer[0])) unblock(pid, end);
            for (TaskRef task : tasks.values()) meta(TASKS_PID, task.pid(), "thread_name", task.comm());
            g.writeEndArray();
            g.writeObjectFieldStart("otherData");
            g.writeNumberField("entries_written", t.entriesWritten());
            g.writeNumberField("entries_dropped", t.dropped());
            g.writeEndObject();
            g.writeEndObject();
        }

        private void on(TraceEvent e) throws IOException {
            long now = e.time();
            if (e instanceof TraceEvent.Switch s) {
                close(s.cpu(), now);
                if (!s.next().idle()) cpu[s.cpu()] = new CpuSlice(now, s.next());
            } else if (e instanceof TraceEvent.Proxy p) {
                proxy(p, now);
            } else if (e instanceof TraceEvent.Lock l) {
                int pid = l.p().pid();
                tasks.put(pid, l.p());
                switch (l.op()) {
                    case CONTENDED -> {
                        unblock(pid, now);
                        Blocked b = new Blocked(l.sleeping() ? "blocked on " + l.lock() : "spinning on " + l.lock(),
                                l.sleeping() ? "blocked_on" : "spin", nextId++);
                        blocked.put(pid, b);
                        async("b", b.name(), b.cat(), b.id(), pid, now);
                    }
                    case ACQUIRED -> {
                        unblock(pid, now);
                        holds.computeIfAbsent(pid, k -> new ArrayDeque<>()).addLast(new Hold(l.lock(), now));
                    }
                    case RELEASED -> {
                        unblock(pid, now);
                        release(pid, l.lock(), now);
                    }
                }
            }
        }

        private void proxy(TraceEvent.Proxy p, long now) throws IOException {
            int c = p.cpu();
            CpuSlice s = cpu[c];
            switch (p.event().kind()) {
                case PROXY_CHOSEN -> {
                    if (s == null || s.task.pid() != p.task().pid() || s.start != now) {
                        close(c, now);
                        s = cpu[c] = new CpuSlice(now, p.task());
                    }
                    s.donor = p.donor();
                    OwnSlice o = own.get(p.donor().pid());
                    if (o != null) {
                        s.flowId = nextId++;
                        s.flowFromCpu = o.cpu();
                        s.flowFromNs = o.end() - o.start() >= 2 ? o.end() - 1 : -1;
                    }
                }
                case DONOR_CHANGED, DONOR_RESET -> { // the same task runs on, on another context
                    if (s != null && s.start != now) {
                        close(c, now);
                        cpu[c] = new CpuSlice(now, s.task);
                    } else if (s != null) {
                        s.donor = null;
                    }
                }
                default -> {
                    StringBuilder name = new StringBuilder(p.event().text());
                    if (p.donor() != null) name.append(' ').append(p.donor());
                    if (p.task() != null && p.task() != p.donor()) name.append(" > ").append(p.task());
                    start(name.toString(), "proxy", "i");
                    g.writeStringField("s", "t");
                    ts(now);
                    track(CPUS_PID, CPU_TID_BASE + c);
                    g.writeEndObject();
                }
            }
        }

        /** Ends the slice on CPU c at {@code now}: a complete event, and its flow if it has room for one. */
        private void close(int c, long now) throws IOException {
            CpuSlice s = cpu[c];
            cpu[c] = null;
            if (s == null || now <= s.start) return;
            String name = s.donor == null ? s.task.toString() : s.task + " (donor: " + s.donor + ")";
            start(name, "sched", "X");
            ts(s.start);
            g.writeFieldName("dur");
            g.writeNumber(us(now - s.start));
            track(CPUS_PID, CPU_TID_BASE + c);
            g.writeObjectFieldStart("args");
            g.writeStringField("comm", clean(s.task.comm()));
            g.writeNumberField("pid", s.task.pid());
            if (s.donor != null) g.writeStringField("donor", clean(s.donor.toString()));
            g.writeEndObject();
            g.writeEndObject();
            if (s.donor == null) own.put(s.task.pid(), new OwnSlice(c, s.start, now));
            if (s.flowId != 0 && s.flowFromNs >= 0 && now - s.start >= 2) {
                String flow = "donor " + s.donor + " > " + s.task;
                start(flow, "proxy", "s");
                g.writeNumberField("id", s.flowId);
                ts(s.flowFromNs);
                track(CPUS_PID, CPU_TID_BASE + s.flowFromCpu);
                g.writeEndObject();
                start(flow, "proxy", "f");
                g.writeStringField("bp", "e");
                g.writeNumberField("id", s.flowId);
                ts(s.start + 1);
                track(CPUS_PID, CPU_TID_BASE + c);
                g.writeEndObject();
            }
        }

        private void unblock(int pid, long now) throws IOException {
            Blocked b = blocked.remove(pid);
            if (b != null) async("e", b.name(), b.cat(), b.id(), pid, now);
        }

        /** A release: the innermost hold is a slice; one released out of order becomes an async span. */
        private void release(int pid, String lock, long now) throws IOException {
            ArrayDeque<Hold> h = holds.get(pid);
            if (h == null) return; // acquired before the ring's first event
            boolean innermost = !h.isEmpty() && h.peekLast().lock().equals(lock);
            for (Iterator<Hold> it = h.descendingIterator(); it.hasNext(); ) {
                Hold x = it.next();
                if (x.lock().equals(lock)) {
                    it.remove();
                    hold(pid, x, now, !innermost);
                    return;
                }
            }
        }

        private void hold(int pid, Hold x, long end, boolean async) throws IOException {
            if (async) {
                long id = nextId++;
                async("b", x.lock(), "lock_hold", id, pid, x.start());
                async("e", x.lock(), "lock_hold", id, pid, end);
            } else {
                start(x.lock(), "lock_hold", "X");
                ts(x.start());
                g.writeFieldName("dur");
                g.writeNumber(us(end - x.start()));
                track(TASKS_PID, pid);
                g.writeEndObject();
            }
        }

        private void async(String ph, String name, String cat, long id, int pid, long ns) throws IOException {
            start(name, cat, ph);
            g.writeNumberField("id", id);
            ts(ns);
            track(TASKS_PID, pid);
            g.writeEndObject();
        }

        private void meta(int pid, int tid, String what, String name) throws IOException {
            start(what, null, "M");
            g.writeNumberField("pid", pid);
            if (tid != 0) g.writeNumberField("tid", tid);
            g.writeObjectFieldStart("args");
            g.writeStringField("name", clean(name));
            g.writeEndObject();
            g.writeEndObject();
        }

        /** Opens an event object: name, cat (if any) and ph; the caller writes the rest and closes it. */
        private void start(String name, String cat, String ph) throws IOException {
            g.writeStartObject();
            g.writeStringField("name", clean(name));
            if (cat != null) g.writeStringField("cat", cat);
            g.writeStringField("ph", ph);
        }

        private void ts(long ns) throws IOException {
            g.writeFieldName("ts");
            g.writeNumber(us(ns));
        }

        private void track(int pid, int tid) throws IOException {
            g.writeNumberField("pid", pid);
            g.writeNumberField("tid", tid);
        }
    }

    /** Nanoseconds as microseconds with three decimals (the format's unit; exact). */
    static BigDecimal us(long ns) {
        return BigDecimal.valueOf(ns, 3);
    }

    /** Control characters become '?' (older Perfetto readers reject \\u escapes, which Jackson would write). */
    static String clean(String s) {
        char[] cs = s.toCharArray();
        boolean changed = false;
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] < 0x20) {
                cs[i] = '?';
                changed = true;
            }
        }
        return changed ? new String(cs) : s;
    }
}
