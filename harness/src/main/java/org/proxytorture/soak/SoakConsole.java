package org.proxytorture.soak;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Where a soak talks to its user (DIR/log has every line whatever the console): failing runs and
 * the soak's own events always; passing runs as the console sees fit; a progress line, live on a
 * terminal ({@code cli}'s, through JLine's status line), a plain line every minute elsewhere
 * ({@link PlainConsole}).
 */
public interface SoakConsole {
    /** A failing run, a new failure, a shrink, a resume, a stop. */
    void line(String text);

    /** A passing run's line. */
    void passed(String text);

    /** The soak has started: its progress from {@code progress}, as often as this console shows it. */
    void start(Supplier<Progress> progress);

    /** The soak has ended: the progress stops, the last figures shown. */
    void stop();

    /** The thread a console redraws its progress on (a daemon: it never keeps the JVM up). */
    static ScheduledExecutorService progressTimer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-progress");
            t.setDaemon(true);
            return t;
        });
    }
}
