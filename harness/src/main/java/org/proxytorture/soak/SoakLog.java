package org.proxytorture.soak;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * DIR/log: one line per finished run and per soak event, for people who grep (kvm.sh's log).
 * Appended, flushed per line; the same lines go to the console (a terminal's may leave out passing runs).
 *
 * <pre>
 * 2026-12-07T02:41:07Z run 17 PROXY01 seed 9: SUCCESS, 409123 events, 0.060 s simulated, hash 4f0ddad1c6201a74, wall 5.0 s
 * 2026-12-07T02:41:09Z run 18 PROXY01 seed 10: FAILURE lost-wakeup/INV-P8[task=lock_torture_wr] (new: failures/lost-wakeup_INV-P8_...), ...
 * </pre>
 */
final class SoakLog implements AutoCloseable {
    static final String FILE = "log";
    private final BufferedWriter w;
    private final SoakConsole console;

    SoakLog(Path dir, SoakConsole console) {
        this.console = console;
        try {
            this.w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** A soak event ("soak: resumed ...", "shrunk ..."). */
    void line(String text) {
        append(text);
        console.line(text);
    }

    private synchronized void append(String text) {
        String l = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + text;
        try {
            w.write(l);
            w.newLine();
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the soak's log: " + e.getMessage(), e);
        }
    }

    /** A finished run, and what the ledger decided about it. */
    void run(RunRecord r, Ledger.Decision d, String failureDir) {
        String verdict = switch (d) {
            case PASSED -> "SUCCESS";
            case NEW -> "FAILURE " + r.identity() + " (new: " + failureDir + ")";
            case SMALLER -> "FAILURE " + r.identity() + " (seen before; a smaller reproducer: " + failureDir + ")";
            case COUNTED -> "FAILURE " + r.identity() + " (seen before)";
        };
        String text = String.format("run %d %s seed %d: %s, %d events, %d.%03d s simulated, %d forced choices, hash %s, wall %.1f s%s", r.seq(),
                r.scenario(), r.seed(), verdict, r.events(), r.simNs() / 1_000_000_000L, r.simNs() / 1_000_000L % 1000, r.forcedChoices(),
                r.eventHash(), r.wallMs() / 1000.0, r.findings().isEmpty() ? "" : ", soft findings " + String.join(" ", r.findings()));
        append(text);
        if (r.failed()) console.line(text);
        else console.passed(text);
    }

    @Override
    public synchronized void close() {
        try {
            w.close();
        } catch (IOException e) {
            // the lines written were flushed
        }
    }
}
