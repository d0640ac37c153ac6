package org.proxytorture.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RtMutex;
import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.locking.RwSemaphore;
import org.proxytorture.kernel.locking.SpinLock;
import org.proxytorture.kernel.sched.Task;

/**
 * Who holds each sleeping reader/writer lock (rw_semaphore, percpu_rw_semaphore), task by task,
 * as lockdep's held-lock stacks see it (lock_acquired / lock_release). The kernel's own rwsem
 * keeps only a writer or the last reader in sem->owner, and a percpu_rw_semaphore only per-CPU
 * counts, so without lockdep's view a read-held lock would give the wait-for graph no edge.
 * O(1) per acquisition, O(readers) per release.
 */
final class RwHolders {
    private final Map<Lock, Task> writers = new LinkedHashMap<>();
    private final Map<Lock, List<Task>> readers = new LinkedHashMap<>();

    /** A sleeping reader/writer lock: its waiters sleep, so its holders are in the wait-for graph. */
    static boolean tracked(Lock lock) {
        return lock.sleeps() && lock.rw() != null;
    }

    /** Whether p's lock_acquired() of a tracked lock is a write acquisition. */
    private static final class WriteAcquired implements Lock.Visitor<Boolean> {
        private Task p;

        @Override
        public Boolean mutex(Mutex m) {
            throw new IllegalArgumentException("not a reader/writer lock: " + m);
        }

        @Override
        public Boolean rtMutex(RtMutex m) {
            throw new IllegalArgumentException("not a reader/writer lock: " + m);
        }

        /** The rwsem's owner word names p as its writer. */
        @Override
        public Boolean rwSemaphore(RwSemaphore s) {
            return s.writer() == p;
        }

        /** The writer sees no reader left in the per-CPU sum. */
        @Override
        public Boolean percpuRwSemaphore(PercpuRwSemaphore s) {
            return s.readSum() == 0;
        }

        @Override
        public Boolean spinLock(SpinLock l) {
            throw new IllegalArgumentException("not a sleeping lock: " + l);
        }

        @Override
        public Boolean rwLock(RwLock l) {
            throw new IllegalArgumentException("not a sleeping lock: " + l);
        }
    }

    private final WriteAcquired writeAcquired = new WriteAcquired();

    /** lock_acquired() */
    void acquired(Task p, Lock lock) {
        writeAcquired.p = p;
        if (lock.accept(writeAcquired)) writers.put(lock, p);
        else readers.computeIfAbsent(lock, k -> new ArrayList<>(4)).add(p);
    }

    /** lock_release() */
    void released(Task p, Lock lock) {
        if (writers.get(lock) == p) {
            writers.remove(lock);
            return;
        }
        List<Task> r = readers.get(lock);
        if (r != null) r.remove(p);
    }

    /** The task that write-acquired {@code lock} and has not released it, or null. */
    Task writer(Lock lock) {
        return writers.get(lock);
    }

    /** The tasks holding {@code lock} for read (a task twice if it took it twice). */
    List<Task> readers(Lock lock) {
        List<Task> r = readers.get(lock);
        return r == null ? List.of() : r;
    }
}
