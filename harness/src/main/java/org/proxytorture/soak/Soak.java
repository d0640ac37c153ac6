package org.proxytorture.soak;

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
    private final SoakConsole console;
    private final LongSupplier clockMs;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong simNs = new AtomicLong();
    private final AtomicReference<Throwable> harnessFailure = new AtomicReference<>();
    private SeedAllocator alloc;
    private long[] before;
    private long startMs;

    public Soak(Path dir, Ledger ledger, SoakPlan plan, int jobs, SoakConsole console, LongSupplier clockMs) {
        this.dir = dir;
        this.ledger = ledger;
        this.plan = plan;
        this.jobs = jobs;
        this.console = console;
        this.clockMs = clockMs;
    }

    /** Runs until the allocator has no more numbers; waits for the shrinks queued (each bounded by the shrink time). */
    public Result run() throws InterruptedException {
        alloc = new SeedAllocator(ledger.committed(), ledger.stop(), ledger.recipe().shard(), clockMs);
        before = ledger.totals();
        startMs = clockMs.getAsLong();
        FailureFiles files = new FailureFiles(dir);
        try (SoakLog log = new SoakLog(dir, console)) {
            Shrinks shrinks = new Shrinks(ledger, files, ledger.recipe().shrinkMs(), log::line, this::failed);
            if (alloc.lostLeft() > 0) log.line("soak: " + alloc.lostLeft() + " run(s) that were in flight when the soak stopped run again first");
            for (Ledger.Unshrunk u : ledger.unshrunk()) shrinks.submitAgain(u.slug(), plan.at(u.firstSeq()), u.identity());
            console.start(this::progress);
            try {
                workers(log, files, shrinks);
                if (!shrinks.finish(ledger.recipe().shrinkMs() * (1 + ledger.unshrunk().size()) + 60_000))
                    log.line("soak: a shrink did not finish in time; soak --resume " + dir + " shrinks it again");
            } finally {
                console.stop();
            }
        }
        return new Result(runs.get(), failures.get(), harnessFailure.get());
    }

    /** The workers, until no number is left; Ctrl-C (a shutdown hook) stops the handing out. */
    private void workers(SoakLog log, FailureFiles files, Shrinks shrinks) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Thread t = new Thread(() -> work(log, files, shrinks), "soak-worker-" + i);
            workers.add(t);
            t.start();
        }
        Thread hook = new Thread(() -> {
            alloc.stop();
            log.line("soak: stopped; runs in flight are lost and run again by soak --resume " + dir);
            console.stop(); // a terminal's status line and modes given back before the JVM goes
        }, "soak-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        for (Thread t : workers) t.join();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook has run
        }
    }

    /** No more runs are handed out (the runs in flight finish). */
    public void stop() {
        if (alloc != null) alloc.stop();
    }

    /** The figures now (the console's progress line). */
    public Progress progress() {
        long now = clockMs.getAsLong();
        long sessionMs = now - startMs;
        long n = runs.get();
        Stop stop = ledger.stop();
        long left = -1;
        if (stop.deadlineMs() != null) left = Math.max(0, stop.deadlineMs() - now);
        if (stop.runs() != null && n > 0) {
            long byRuns = Math.max(0, ledger.recipe().shard().runsBelow(stop.runs()) - before[0] - n) * sessionMs / n;
            left = left < 0 ? byRuns : Math.min(left, byRuns);
        }
        return new Progress(before[0] + n, n, before[1] + failures.get(), before[2] + distinct.get(), before[3] + simNs.get(), events.get(),
                sessionMs, left);
    }

    private void work(SoakLog log, FailureFiles files, Shrinks shrinks) {
        try {
            for (long seq; (seq = alloc.next()) >= 0; ) {
                RunSpec spec = plan.at(seq);
                RunRecord r = SoakRun.run(spec);
                Ledger.Decision d = ledger.record(r);
                count(r, d);
                String slug = r.failed() ? Slug.of(r.identity()) : null;
                log.run(r, d, slug == null ? "" : FailureFiles.DIR + "/" + slug + "/");
                if (d == Ledger.Decision.NEW) {
                    shrinks.submit(slug, spec, SoakRun.again(spec, r));
                } else if (d == Ledger.Decision.SMALLER) {
                    Outcome o = SoakRun.again(spec, r);
                    String f = files.writeRun(slug, "seed" + spec.seed() + ".json", spec, o);
                    ledger.offerReproducer(r.identity(), f, r.size(), false);
                }
            }
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    private void count(RunRecord r, Ledger.Decision d) {
        runs.incrementAndGet();
        events.addAndGet(r.events());
        simNs.addAndGet(r.simNs());
        if (r.failed()) failures.incrementAndGet();
        if (d == Ledger.Decision.NEW) distinct.incrementAndGet();
    }

    private void failed(Throwable e) {
        harnessFailure.compareAndSet(null, e);
        if (alloc != null) alloc.stop();
    }
}
