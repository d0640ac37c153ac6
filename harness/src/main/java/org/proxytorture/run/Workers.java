package org.proxytorture.run;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker threads for runs that share nothing (the gate's, bugs', explore's independent tries):
 * a fixed pool of daemon threads named NAME-1, NAME-2, ...; results are taken in submission
 * order with {@link #get}, so what a command prints does not depend on the number of workers.
 * Closing abandons what is still running (daemon threads do not keep the JVM alive).
 */
public final class Workers implements AutoCloseable {
    private final ExecutorService pool;

    public Workers(String name, int jobs) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public <T> Future<T> submit(Callable<T> run) {
        return pool.submit(run);
    }

    /** The run's result; its exception (a harness failure) rethrown as it was thrown. */
    public static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a run", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
