package org.proxytorture.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.proxytorture.config.BadInputException;
import org.proxytorture.trace.ChromeTraceExport;
import org.proxytorture.trace.FtraceExport;
import org.proxytorture.trace.RecordedTrace;
import org.proxytorture.trace.Timeline;
import org.proxytorture.trace.TraceRecorder;

/**
 * What a run leaves of its trace (run's and replay's --ftrace FILE, --chrome-trace FILE,
 * --timeline N, --trace-entries N): a recorder observes the run when one of the first three is
 * asked for. Paths are checked before the run, and each file is written next to its target and
 * moved over it, so bad input or a failed write never truncates a file already there.
 */
public final class TraceOutput {
    /** Events the trace ring keeps by default. */
    public static final int DEFAULT_ENTRIES = TraceRecorder.DEFAULT_ENTRIES;
    static final int MAX_ENTRIES = 1 << 26;

    private final Path ftrace;
    private final Path chromeTrace;
    private final Integer timeline;
    private final int entries;
    private final TraceRecorder rec;

    /** Bad values and unwritable paths are bad input, here, before anything runs; null: not asked for. */
    public TraceOutput(Path ftrace, Path chromeTrace, Integer timeline, int entries) {
        this.ftrace = ftrace;
        this.chromeTrace = chromeTrace;
        this.timeline = timeline;
        this.entries = entries;
        validate();
        this.rec = enabled() ? new TraceRecorder(entries) : null;
    }

    /** A recorder observes the run. */
    public boolean enabled() {
        return ftrace != null || chromeTrace != null || timeline != null;
    }

    /** Bad values and unwritable paths, before anything runs. */
    private void validate() {
        if (timeline != null && (timeline < 1 || timeline > 1_000_000))
            throw new BadInputException("--timeline: bad row count " + timeline + " (accepted: 1..1000000)");
        if (entries < 1 || entries > MAX_ENTRIES)
            throw new BadInputException("--trace-entries: bad value " + entries + " (accepted: 1.." + MAX_ENTRIES + ")");
        checkPath("--ftrace", ftrace);
        checkPath("--chrome-trace", chromeTrace);
        if (ftrace != null && chromeTrace != null && ftrace.toAbsolutePath().normalize().equals(chromeTrace.toAbsolutePath().normalize()))
            throw new BadInputException("--ftrace and --chrome-trace name the same file " + ftrace + " (accepted: two different files)");
    }

    private static void checkPath(String option, Path p) {
        if (p == null) return;
        if (Files.isDirectory(p)) throw new BadInputException(option + ": " + p + " is a directory (accepted: a file path in a writable directory)");
        Path dir = p.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir))
            throw new BadInputException(option + ": directory " + dir + " does not exist (accepted: a file path in a writable directory)");
        if (!Files.isWritable(dir) || (Files.exists(p) && !Files.isWritable(p)))
            throw new BadInputException(option + ": " + p + " is not writable (accepted: a file path in a writable directory)");
    }

    /** After the run: the files, and the timeline on stdout ({@code violationNs}: the run's first violation, -1 if none). */
    public void write(long violationNs) {
        if (rec == null) return;
        RecordedTrace t = rec.snapshot();
        try {
            if (ftrace != null) writeFile(ftrace, w -> FtraceExport.write(t, w));
            if (chromeTrace != null) writeFile(chromeTrace, w -> ChromeTraceExport.write(t, w));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace: " + e.getMessage(), e);
        }
        if (timeline != null) {
            TraceRecorder.Window w = rec.pinned();
            List<String> rows;
            if (w != null) {
                System.out.println("proxytorture: timeline around the first violation (" + seconds(w.atNs()) + " s)");
                rows = Timeline.render(w, 0);
            } else if (violationNs >= 0 && !t.events().isEmpty() && t.events().get(0).time() <= violationNs) {
                System.out.println("proxytorture: timeline around the first violation (" + seconds(violationNs) + " s)");
                rows = Timeline.render(t, Timeline.Options.last(timeline).around(violationNs));
            } else {
                if (violationNs >= 0) System.out.println("proxytorture: the trace ring (--trace-entries " + entries + ") no longer holds the events around the first violation ("
                        + seconds(violationNs) + " s)");
                System.out.println("proxytorture: timeline of the last " + timeline + " events");
                rows = Timeline.render(t, Timeline.Options.last(timeline));
            }
            for (String r : rows) System.out.println(r);
        }
    }

    /**
     * The recorder as the run's observer (none without one). With --timeline it keeps the rows
     * around the first violation as it is reported (half before, half after), so that the end of
     * a long run cannot overwrite them in the ring.
     */
    public List<RunObserver> observers() {
        return rec == null ? List.of() : List.of(Recording.of(rec, timeline == null ? 0 : timeline));
    }

    private static String seconds(long ns) {
        return String.format("%d.%09d", ns / 1_000_000_000L, ns % 1_000_000_000L);
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static void writeFile(Path target, Body body) throws IOException {
        // next to the target (so the move is a rename), created with the umask's permissions as the target would be
        Path tmp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".proxytorture-tmp");
        try {
            try (Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
                body.write(w);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
