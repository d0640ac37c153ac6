package org.proxytorture.trace;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.sched.ProxyEvent;

/**
 * A run as a table a human reads at a glance (TigerBeetle's one-line-per-event log, in per-CPU
 * columns): time | forced | CPU0 | CPU1 | ..., one row per event, the event written in the column of
 * the CPU that executed it. A '*' in the forced column marks the first row after a forced
 * (non-zero) choice, '*3' after three; a task running on a donor's scheduling context reads
 * {@code owner(donor)}. Task names are short: the comm's last '_' word and the pid ({@code wr:5}
 * for lock_torture_wr 5), {@code idle} for swapper/N. Rows are in the order the machine executed
 * them, so a time may step back by up to proxytorture.window_ns from one CPU to another.
 *
 * <pre>
 *          time ch   | CPU0                 | CPU1                 |
 *   0.001234567 *    | wr:5 D > re:9        |                      |
 *   0.001236000      |                      | run wr:7(wr:5)       |
 * </pre>
 */
public final class Timeline {
    /** The widest a CPU column grows when its width is automatic. */
    public static final int MAX_AUTO_WIDTH = 28;

    /**
     * What to show: at most {@code rows} event rows, either the last ones or those around
     * {@code aroundNs} (half before, half after; -1 = the end), each CPU column {@code width} wide
     * (0: as wide as the widest cell shown, at most {@link #MAX_AUTO_WIDTH}).
     */
    public record Options(int rows, long aroundNs, int width) {
        public static Options last(int rows) {
            return new Options(rows, -1, 0);
        }

        public Options around(long timeNs) {
            return new Options(rows, timeNs, width);
        }
    }

    private Timeline() { }

    /** The table, header first; at most {@code rows} + 3 lines (header, rule, a line per cut). */
    public static List<String> render(RecordedTrace t, Options o) {
        List<TraceEvent> ev = t.events();
        int from;
        int to;
        if (o.aroundNs() < 0) {
            to = ev.size();
            from = Math.max(0, to - o.rows());
        } else {
            int mid = firstAtOrAfter(ev, o.aroundNs());
            from = Math.max(0, mid - o.rows() / 2);
            to = Math.min(ev.size(), from + o.rows());
            from = Math.max(0, to - o.rows());
        }
        long before = from + t.dropped();
        return table(t, from, to, -1, before > 0 ? before + " earlier events not shown (" + t.dropped() + " overwritten in the ring)" : null,
                to < ev.size() ? (ev.size() - to) + " later events not shown" : null, o.width());
    }

    /**
     * The window a recorder pinned at the first violation: its rows, a line where the violation
     * was reported, and what was left out on each side (at most the window's rows + 4 lines).
     */
    public static List<String> render(TraceRecorder.Window w, int width) {
        RecordedTrace t = w.trace();
        int n = t.events().size();
        long later = w.written() - (w.first() + n);
        String earlier = w.first() == 0 ? null : w.first() + " earlier events not shown"
                + (w.lost() > 0 ? " (" + w.lost() + " of the window among them: the ring had overwritten them)" : "");
        return table(t, 0, n, (int) (w.at() - w.first()), earlier, later > 0 ? later + " later events not shown" : null, width);
    }

    /** Header, the cut line before, rows [from, to) (a marker line before row {@code violationAt}, if >= 0), the cut line after. */
    private static List<String> table(RecordedTrace t, int from, int to, int violationAt, String earlier, String later, int w) {
        List<TraceEvent> ev = t.events();
        int width = w;
        if (width <= 0) {
            width = 4; // "CPUn"
            for (int i = from; i < to; i++) width = Math.max(width, cell(ev.get(i)).length());
            width = Math.min(width, MAX_AUTO_WIDTH);
        }
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format("%13s %-4s", "time", "ch"));
        for (int c = 0; c < t.nrCpus(); c++) head.append("| ").append(pad("CPU" + c, width)).append(' ');
        out.add(head.append('|').toString());
        if (earlier != null) out.add(String.format("%13s %-4s| %s", "...", "", earlier));
        for (int i = from; i <= to; i++) {
            if (i == violationAt) out.add(String.format("%13s %-4s| %s", ">>>", "", "the first violation was reported here"));
            if (i == to) break;
            TraceEvent e = ev.get(i);
            int marks = t.forcedBefore().get(i);
            String mark = marks == 0 ? "" : marks == 1 ? "*" : marks < 1000 ? "*" + marks : "*1k+";
            StringBuilder row = new StringBuilder(String.format("%3d.%09d %-4s", e.time() / 1_000_000_000L, e.time() % 1_000_000_000L, mark));
            for (int c = 0; c < t.nrCpus(); c++) row.append("| ").append(pad(c == e.cpu() ? cell(e) : "", width)).append(' ');
            out.add(row.append('|').toString());
        }
        if (later != null) out.add(String.format("%13s %-4s| %s", "...", "", later));
        return out;
    }

    private static int firstAtOrAfter(List<TraceEvent> ev, long t) {
        int lo = 0;
        int hi = ev.size();
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (ev.get(m).time() < t) lo = m + 1;
            else hi = m;
        }
        return lo;
    }

    /** The event as one short cell. */
    static String cell(TraceEvent e) {
        if (e instanceof TraceEvent.Switch s)
            return name(s.prev()) + " " + FtraceExport.prevState(s.prevState(), s.preempt()) + " > " + name(s.next());
        if (e instanceof TraceEvent.Waking w) return "waking " + name(w.p()) + " @" + w.targetCpu();
        if (e instanceof TraceEvent.Wakeup w) return "wakeup " + name(w.p()) + " @" + w.targetCpu();
        if (e instanceof TraceEvent.Migrate m) return "migrate " + name(m.p()) + " " + m.origCpu() + ">" + m.destCpu();
        if (e instanceof TraceEvent.Lock l) {
            String op = switch (l.op()) {
                case CONTENDED -> " wait ";
                case ACQUIRED -> " got ";
                case RELEASED -> " put ";
            };
            return name(l.p()) + op + lockName(l.lock());
        }
        TraceEvent.Proxy p = (TraceEvent.Proxy) e;
        if (p.event().kind() == ProxyEvent.Kind.PROXY_CHOSEN) return "run " + name(p.task()) + "(" + name(p.donor()) + ")";
        String ev = p.event().kind() == ProxyEvent.Kind.FIND_PROXY_TASK ? "fpt:" + p.event().branch() : p.event().text();
        String who = p.donor() == null ? "" : " " + name(p.donor());
        if (p.task() != null && p.task() != p.donor()) who += ">" + name(p.task());
        return ev + who;
    }

    /** "wr:5" for lock_torture_wr pid 5, "idle" for swapper/N. */
    static String name(TaskRef t) {
        if (t == null) return "-";
        if (t.idle()) return "idle";
        String c = t.comm();
        int u = c.lastIndexOf('_');
        if (u >= 0 && u < c.length() - 1) c = c.substring(u + 1);
        if (c.length() > 8) c = c.substring(0, 8);
        return c + ":" + t.pid();
    }

    /** Without locktorture's "torture_" prefix, at most 12 characters, an array index kept: nested_m~[1]. */
    static String lockName(String lock) {
        String s = lock.startsWith("torture_") ? lock.substring("torture_".length()) : lock;
        if (s.length() <= 12) return s;
        int b = s.lastIndexOf('[');
        String tail = b > 0 && s.endsWith("]") && s.length() - b <= 5 ? s.substring(b) : "";
        return s.substring(0, 11 - tail.length()) + "~" + tail;
    }

    private static String pad(String s, int w) {
        if (s.length() > w) return s.substring(0, w - 1) + "~";
        return s + " ".repeat(w - s.length());
    }
}
