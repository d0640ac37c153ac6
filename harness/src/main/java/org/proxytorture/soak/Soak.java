package org.proxytorture.soak;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.proxytorture.explore.Outcome;

/**
 * Drives a soak: {@code jobs} worker threads take run numbers from the {@link SeedAllocator}, run
 * them ({@link SoakRun}), commit each to the {@link Ledger} and its line to DIR/log; a run with a
 * new identity is run again for its replay file and shrunk on the shrink thread ({@link Shrinks}).
 * A resumed soak first re-shrinks the failures whose shrink had not finished.
 */
public final class Soak {
    /** What this session ran: runs committed, failing runs among them; the harness's own failure, or null. */
    public record Result(long runs, long failures, Throwable harnessFailure) { }

    private final Path dir;
    private final Ledger ledger;
    private final SoakPlan plan;
    private final int jobs;
    private final PrintStream out;
    private final LongSupplier clockMs;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Throwable> harnessFailure = new AtomicReference<>();
    private SeedAllocator alloc;

    public Soak(Path dir, Ledger ledger, SoakPlan plan, int jobs, PrintStream out, LongSupplier clockMs) {
        this.dir = dir;
        this.ledger = ledger;
        this.plan = plan;
        this.jobs = jobs;
        this.out = out;
        this.clockMs = clockMs;
    }

    /** Runs until the allocator has no more numbers; waits for the shrinks queued (each bounded by the shrink time). */
    public Result run() throws InterruptedException {
        alloc = new SeedAllocator(ledger.committed(), ledger.stop(), clockMs);
        FailureFiles files = new FailureFiles(dir);
        try (SoakLog log = new SoakLog(dir, out)) {
            Shrinks shrinks = new Shrinks(ledger, files, ledger.recipe().shrinkMs(), log::line, this::failed);
            if (alloc.lostLeft() > 0) log.line("soak: " + alloc.lostLeft() + " run(s) that were in flight when the soak stopped run again first");
            for (Ledger.Unshrunk u : ledger.unshrunk()) shrinks.submitAgain(u.slug(), plan.at(u.firstSeq()), u.identity());
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                Thread t = new Thread(() -> work(log, files, shrinks), "soak-worker-" + i);
                workers.add(t);
                t.start();
            }
            Thread hook = new Thread(() -> {
                alloc.stop();
                log.line("soak: stopped; runs in flight are lost and run again by soak --resume " + dir);
            }, "soak-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            for (Thread t : workers) t.join();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run
            }
            if (!shrinks.finish(ledger.recipe().shrinkMs() * (1 + ledger.unshrunk().size()) + 60_000))
                log.line("soak: a shrink did not finish in time; soak --resume " + dir + " shrinks it again");
        }
        return new Result(runs.get(), failures.get(), harnessFailure.get());
    }

    /** No more runs are handed out (the runs in flight finish). */
    public void stop() {
        if (alloc != null) alloc.stop();
    }

    private void work(SoakLog log, FailureFiles files, Shrinks shrinks) {
        try {
            for (long seq; (seq = alloc.next()) >= 0; ) {
                RunSpec spec = plan.at(seq);
                RunRecord r = SoakRun.run(spec);
                Ledger.Decision d = ledger.record(r);
                runs.incrementAndGet();
                String slug = r.failed() ? Slug.of(r.identity()) : null;
                if (r.failed()) failures.incrementAndGet();
                log.run(r, d, slug == null ? "" : FailureFiles.DIR + "/" + slug + "/");
                if (d == Ledger.Decision.NEW) {
                    shrinks.submit(slug, spec, SoakRun.again(spec, r));
                } else if (d == Ledger.Decision.SMALLER) {
                    Outcome o = SoakRun.again(spec, r);
                    String f = files.writeRun(slug, "seed" + spec.seed() + ".json", spec, o);
                    ledger.offerReproducer(r.identity(), f, o.choices().nonZero(), false);
                }
            }
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    private void failed(Throwable e) {
        harnessFailure.compareAndSet(null, e);
        if (alloc != null) alloc.stop();
    }
}
