package org.proxytorture.soak;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.proxytorture.check.Identity;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.Strategies;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.sim.SeededChoices;

/**
 * Shrinks each new failure on its own thread while the workers go on (syzkaller minimizes a
 * crash's first occurrence while fuzzing continues): the existing shrinker, identity pinned,
 * bounded in wall time; then the files and the ledger's reproducer. One shrink at a time, in the
 * order the identities were first seen.
 */
final class Shrinks {
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "soak-shrink");
        t.setDaemon(true); // a soak stopped by Ctrl-C does not wait for a shrink: resume shrinks it again
        return t;
    });
    private final Ledger ledger;
    private final FailureFiles files;
    private final long shrinkMs;
    private final Consumer<String> log;
    private final Consumer<Throwable> failed;

    Shrinks(Ledger ledger, FailureFiles files, long shrinkMs, Consumer<String> log, Consumer<Throwable> failed) {
        this.ledger = ledger;
        this.files = files;
        this.shrinkMs = shrinkMs;
        this.log = log;
        this.failed = failed;
    }

    /** The first failing run {@code o} of its identity: its found file and reproducer now, its shrink on the shrink thread. */
    void submit(String slug, RunSpec spec, Outcome o) {
        found(slug, spec, o);
        pool.execute(() -> shrink(slug, spec, o));
    }

    /**
     * A failure a resumed soak had not finished shrinking: its first run again (deterministic, so
     * the same failure), its found file, and its shrink, all on the shrink thread.
     */
    void submitAgain(String slug, RunSpec spec, Identity id) {
        pool.execute(() -> {
            Outcome o;
            try {
                o = spec.target().run(new SeededChoices(spec.seed()));
                if (!id.equals(o.identity()))
                    throw new IllegalStateException("run " + spec.seq() + " ran again to " + o.identity() + ", not its recorded " + id);
                found(slug, spec, o);
            } catch (RuntimeException | Error e) {
                failed.accept(e);
                return;
            }
            shrink(slug, spec, o);
        });
    }

    private void found(String slug, RunSpec spec, Outcome o) {
        String f = files.writeRun(slug, FailureFiles.FOUND, spec, o);
        ledger.offerReproducer(o.identity(), f, new Size(o.cpus(), o.tasks(), o.choices().nonZero()), false);
    }

    private void shrink(String slug, RunSpec spec, Outcome o) {
        try {
            long t0 = System.nanoTime();
            Shrinker.Result r = new Shrinker(Strategies.byName(FailureFiles.STRATEGY, 1), "", o.identity(), shrinkMs, Shrinker.MAX_STALL)
                    .shrink(spec.target(), o.choices(), o);
            String min = files.writeShrunk(slug, spec, r);
            ledger.offerReproducer(o.identity(), min, new Size(r.outcome().cpus(), r.outcome().tasks(), r.forced()), true);
            log.accept(String.format("shrunk %s: %d CPUs, %d tasks, %d forced choices -> %d CPUs, %d tasks, %d forced choices"
                    + " (%d runs, %d ms, stopped at: %s): %s", o.identity(), o.cpus(), o.tasks(), o.choices().nonZero(), r.outcome().cpus(),
                    r.outcome().tasks(), r.forced(), r.calls(), (System.nanoTime() - t0) / 1_000_000L, r.stopReason(), min));
        } catch (RuntimeException | Error e) {
            failed.accept(e);
        }
    }

    /** Waits for the shrinks queued (each is bounded by its time); false if {@code ms} passed first. */
    boolean finish(long ms) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(ms, TimeUnit.MILLISECONDS);
    }
}
