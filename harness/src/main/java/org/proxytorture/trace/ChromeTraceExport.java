package org.proxytorture.trace;

import java.io.IOException;
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

    private ChromeTraceExport() { }

    /** Writes the JSON document. */
    public static void write(RecordedTrace t, Appendable out) throws IOException {
        new Writer(t, out).run();
    }

    public static String toJson(RecordedTrace t) {
        StringBuilder sb = new StringBuilder();
        try {
            write(t, sb);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringBuilder does not throw
        }
        return sb.toString();
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
        private final Appendable out;
        private boolean first = true;
        private final CpuSlice[] cpu;
        private final TreeMap<Integer, TaskRef> tasks = new TreeMap<>();
        private final TreeMap<Integer, OwnSlice> own = new TreeMap<>();
        private final TreeMap<Integer, ArrayDeque<Hold>> holds = new TreeMap<>();
        private final TreeMap<Integer, Blocked> blocked = new TreeMap<>();
        private long nextId = 1;

        Writer(RecordedTrace t, Appendable out) {
            this.t = t;
            this.out = out;
            this.cpu = new CpuSlice[t.nrCpus()];
        }

        void run() throws IOException {
            out.append("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
            meta(CPUS_PID, 0, "process_name", "CPUs");
            meta(TASKS_PID, 0, "process_name", "tasks");
            for (int c = 0; c < cpu.length; c++) {
                meta(CPUS_PID, CPU_TID_BASE + c, "thread_name", "CPU " + c);
                event("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":" + CPUS_PID + ",\"tid\":" + (CPU_TID_BASE + c)
                        + ",\"args\":{\"sort_index\":" + c + "}}");
            }
            for (TraceEvent e : t.events()) on(e);
            long end = Math.max(t.endNs(), t.events().isEmpty() ? 0 : t.events().get(t.events().size() - 1).time());
            for (int c = 0; c < cpu.length; c++) close(c, end);
            for (var h : holds.entrySet()) {
                while (!h.getValue().isEmpty()) hold(h.getKey(), h.getValue().removeLast(), end, false);
            }
            for (int pid : blocked.keySet().toArray(new Integer[0])) unblock(pid, end);
            for (TaskRef task : tasks.values()) meta(TASKS_PID, task.pid(), "thread_name", task.comm());
            out.append("\n],\"otherData\":{\"entries_written\":").append(Long.toString(t.entriesWritten()))
                    .append(",\"entries_dropped\":").append(Long.toString(t.dropped())).append("}}\n");
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
            switch (p.event()) {
                case "proxy_chosen" -> {
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
                case "donor_changed", "donor_reset" -> { // the same task runs on, on another context
                    if (s != null && s.start != now) {
                        close(c, now);
                        cpu[c] = new CpuSlice(now, s.task);
                    } else if (s != null) {
                        s.donor = null;
                    }
                }
                default -> {
                    StringBuilder name = new StringBuilder(p.event());
                    if (p.donor() != null) name.append(' ').append(p.donor());
                    if (p.task() != null && p.task() != p.donor()) name.append(" > ").append(p.task());
                    event("{\"name\":" + str(name.toString()) + ",\"cat\":\"proxy\",\"ph\":\"i\",\"s\":\"t\",\"ts\":" + us(now)
                            + ",\"pid\":" + CPUS_PID + ",\"tid\":" + (CPU_TID_BASE + c) + "}");
                }
            }
        }

        /** Ends the slice on CPU c at {@code now}: a complete event, and its flow if it has room for one. */
        private void close(int c, long now) throws IOException {
            CpuSlice s = cpu[c];
            cpu[c] = null;
            if (s == null || now <= s.start) return;
            String name = s.donor == null ? s.task.toString() : s.task + " (donor: " + s.donor + ")";
            StringBuilder ev = new StringBuilder("{\"name\":").append(str(name)).append(",\"cat\":\"sched\",\"ph\":\"X\",\"ts\":")
                    .append(us(s.start)).append(",\"dur\":").append(us(now - s.start)).append(",\"pid\":").append(CPUS_PID)
                    .append(",\"tid\":").append(CPU_TID_BASE + c).append(",\"args\":{\"comm\":").append(str(s.task.comm()))
                    .append(",\"pid\":").append(s.task.pid());
            if (s.donor != null) ev.append(",\"donor\":").append(str(s.donor.toString()));
            event(ev.append("}}").toString());
            if (s.donor == null) own.put(s.task.pid(), new OwnSlice(c, s.start, now));
            if (s.flowId != 0 && s.flowFromNs >= 0 && now - s.start >= 2) {
                String name2 = str("donor " + s.donor + " > " + s.task);
                event("{\"name\":" + name2 + ",\"cat\":\"proxy\",\"ph\":\"s\",\"id\":" + s.flowId + ",\"ts\":" + us(s.flowFromNs)
                        + ",\"pid\":" + CPUS_PID + ",\"tid\":" + (CPU_TID_BASE + s.flowFromCpu) + "}");
                event("{\"name\":" + name2 + ",\"cat\":\"proxy\",\"ph\":\"f\",\"bp\":\"e\",\"id\":" + s.flowId + ",\"ts\":"
                        + us(s.start + 1) + ",\"pid\":" + CPUS_PID + ",\"tid\":" + (CPU_TID_BASE + c) + "}");
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
                event("{\"name\":" + str(x.lock()) + ",\"cat\":\"lock_hold\",\"ph\":\"X\",\"ts\":" + us(x.start()) + ",\"dur\":"
                        + us(end - x.start()) + ",\"pid\":" + TASKS_PID + ",\"tid\":" + pid + "}");
            }
        }

        private void async(String ph, String name, String cat, long id, int pid, long ns) throws IOException {
            event("{\"name\":" + str(name) + ",\"cat\":\"" + cat + "\",\"ph\":\"" + ph + "\",\"id\":" + id + ",\"ts\":" + us(ns)
                    + ",\"pid\":" + TASKS_PID + ",\"tid\":" + pid + "}");
        }

        private void meta(int pid, int tid, String what, String name) throws IOException {
            event("{\"name\":\"" + what + "\",\"ph\":\"M\",\"pid\":" + pid + (tid == 0 ? "" : ",\"tid\":" + tid)
                    + ",\"args\":{\"name\":" + str(name) + "}}");
        }

        private void event(String json) throws IOException {
            if (!first) out.append(",\n");
            first = false;
            out.append(json);
        }
    }

    /** Nanoseconds as microseconds with three decimals (the format's unit; exact). */
    static String us(long ns) {
        long f = ns % 1000;
        return ns / 1000 + (f < 10 ? ".00" : f < 100 ? ".0" : ".") + f;
    }

    /** A JSON string; control characters become '?' (older Perfetto readers reject \\u escapes). */
    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
            else if (ch < 0x20) sb.append('?');
            else sb.append(ch);
        }
        return sb.append('"').toString();
    }
}
