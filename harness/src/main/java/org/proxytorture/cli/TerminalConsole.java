package org.proxytorture.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;
import org.proxytorture.soak.PlainConsole;
import org.proxytorture.soak.Progress;
import org.proxytorture.soak.SoakConsole;

/**
 * A soak's console on a terminal: the progress line live at the bottom (JLine's {@link Status},
 * redrawn every second), failures and the soak's events scrolling above it; passing runs only in
 * DIR/log. Anywhere else (no terminal, a dumb one): {@link PlainConsole}, a progress line a minute.
 */
final class TerminalConsole implements SoakConsole {
    static final long PLAIN_PERIOD_MS = 60_000;
    private final Terminal terminal;
    private final Status status;
    private ScheduledExecutorService timer;
    private Supplier<Progress> progress;
    private boolean stopped;

    private TerminalConsole(Terminal terminal, Status status) {
        this.terminal = terminal;
        this.status = status;
    }

    /** This console if stdout is a terminal JLine can draw a status line on, else the plain one. */
    static SoakConsole forStdout() {
        SoakConsole plain = new PlainConsole(System.out, PLAIN_PERIOD_MS);
        if (System.console() == null) return plain;
        try {
            Terminal t = TerminalBuilder.builder().system(true).build();
            if (t.getType().startsWith(Terminal.TYPE_DUMB)) {
                t.close();
                return plain;
            }
            return new TerminalConsole(t, Status.getStatus(t));
        } catch (IOException | RuntimeException e) {
            return plain;
        }
    }

    @Override
    public synchronized void line(String text) {
        if (stopped) { // a line after the end (Ctrl-C's hook closed the terminal first)
            System.out.println(text);
            return;
        }
        status.suspend();
        terminal.writer().println(text);
        terminal.flush();
        status.restore();
    }

    @Override
    public void passed(String text) {
        // DIR/log has it; the progress line counts it
    }

    @Override
    public synchronized void start(Supplier<Progress> p) {
        progress = p;
        timer = SoakConsole.progressTimer();
        timer.scheduleAtFixedRate(this::redraw, 0, 1, TimeUnit.SECONDS);
    }

    private synchronized void redraw() {
        status.update(List.of(new AttributedString(progress.get().line())));
    }

    @Override
    public synchronized void stop() {
        if (stopped) return; // the end of run(), or Ctrl-C's shutdown hook: once
        stopped = true;
        if (timer != null) timer.shutdownNow();
        status.close();
        if (progress != null) terminal.writer().println(progress.get().line());
        terminal.flush();
        try {
            terminal.close();
        } catch (IOException e) {
            // the terminal's attributes are restored on a best-effort basis
        }
    }
}
