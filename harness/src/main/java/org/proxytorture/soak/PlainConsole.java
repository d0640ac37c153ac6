package org.proxytorture.soak;

import java.io.PrintStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A soak's console when stdout is not a terminal (a log file, a CI job, a pipe): every line as it
 * comes, and the progress line every {@code periodMs} (a minute) and at the end.
 */
public final class PlainConsole implements SoakConsole {
    private final PrintStream out;
    private final long periodMs;
    private ScheduledExecutorService timer;
    private Supplier<Progress> progress;
    private boolean stopped;

    public PlainConsole(PrintStream out, long periodMs) {
        this.out = out;
        this.periodMs = periodMs;
    }

    @Override
    public synchronized void line(String text) {
        out.println(text);
    }

    @Override
    public void passed(String text) {
        line(text);
    }

    @Override
    public synchronized void start(Supplier<Progress> p) {
        progress = p;
        timer = SoakConsole.progressTimer();
        timer.scheduleAtFixedRate(() -> line(p.get().line()), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (stopped) return; // the end of run(), or Ctrl-C's shutdown hook: once
        stopped = true;
        if (timer != null) timer.shutdownNow();
        if (progress != null) out.println(progress.get().line());
    }
}
