package org.proxytorture.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.sched.Task;

/**
 * Who holds each sleeping reader/writer lock (rw_semaphore, percpu_rw_semaphore), task by task,
 * as lockdep's held-lock stacks see it (lock_acquired / lock_release). The kernel's own rwsem
 * keeps only a writer or the last reader in sem->owner, and a percpu_rw_semaphore only per-CPU
 * counts, so without lockdep's view a read-held lock would give the wait-for graph no edge.
 * O(1) per acquisition, O(readers) per release.
 */
final class RwHolders {
    private final Map<Object, Task> writers = new LinkedHashMap<>();
    private final Map<Object, List<Task>> readers = new LinkedHashMap<>();

    static boolean tracked(Object lock) {
        return lock instanceof RwSemaphore || lock instanceof PercpuRwSemaphore;
    }

    /** lock_acquired(): a writer is the rwsem's owner word / sees no reader left in the per-CPU sum. */
    void acquired(Task p, Object lock) {
        boolean write = lock instanceof RwSemaphore s ? s.writer() == p : ((PercpuRwSemaphore) lock).readSum() == 0;
        if (write) writers.put(lock, p);
        else readers.computeIfAbsent(lock, k -> new ArrayList<>(4)).add(p);
    }

    /** lock_release() */
    void released(Task p, Object lock) {
        if (writers.get(lock) == p) {
            writers.remove(lock);
            return;
        }
        List<Task> r = readers.get(lock);
        if (r != null) r.remove(p);
    }

    /** The task that write-acquired {@code lock} and has not released it, or null. */
    Task writer(Object lock) {
        return writers.get(lock);
    }

    /** The tasks holding {@code lock} for read (a task twice if it took it twice). */
    List<Task> readers(Object lock) {
        List<Task> r = readers.get(lock);
        return r == null ? List.of() : r;
    }
}
