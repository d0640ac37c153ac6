package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;

/**
 * rw_lock and percpu_rwsem_lock run 10 s on 4 CPUs to SUCCESS with the Writes and Reads lines;
 * an rwlock holder, reader or writer, is never switched out; percpu_rwsem waiters sleep.
 */
class RwTortureTypesTest {
    static final long SEC = 1_000_000_000L;

    /** Tasks holding {@code lock} (from the tracepoints), and any switched out while holding it. */
    private static final class Holding implements Trace.Listener {
        final Object lock;
        final List<Task> holders = new ArrayList<>();
        final List<String> switchedOut = new ArrayList<>();
        int maxReaders;

        Holding(Object lock) {
            this.lock = lock;
        }

        @Override
        public void lockAcquired(long now, int cpu, Task p, Lock l) {
            if (l != lock) return;
            holders.add(p);
            if (p.comm.equals("lock_torture_re")) maxReaders = Math.max(maxReaders, (int) holders.stream().filter(t -> t.comm.equals(p.comm)).count());
        }

        @Override
        public void lockReleased(long now, int cpu, Task p, Lock l) {
            if (l == lock) holders.remove(p);
        }

        @Override
        public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
            if (holders.contains(prev) && switchedOut.size() < 10) switchedOut.add(now + ": " + prev + " switched out holding " + lock);
        }
    }

    private static void assertSuccessWithWritesAndReads(TortureRun run, TortureResult r, String type) {
        List<String> lines = run.console().lines();
        assertTrue(r.success(), type + ": " + r.failures() + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        assertEquals(0, r.fails());
        String writes = TortureTypesTest.last(lines, "Writes:  Total: ");
        assertTrue(writes != null && writes.matches(".*Writes:  Total: \\d+  Max/Min: \\d+/\\d+ (\\?\\?\\?)?  Fail: 0 $"), writes);
        String reads = lines.get(lines.indexOf(writes) + 1);
        assertTrue(reads.matches(".*\\] Reads :  Total: \\d+  Max/Min: \\d+/\\d+ (\\?\\?\\?)?  Fail: 0 $"), "the Reads line follows the Writes line: " + reads);
        assertTrue(lines.stream().anyMatch(l -> l.contains(type + "-torture:--- Start of test: acq_writer_lim=0")));
        assertTrue(lines.stream().anyMatch(l -> l.contains(type + "-torture:--- End of test: SUCCESS: ")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("nreaders_stress=4 nwriters_stress=4")), "with readers, writers default to num_online_cpus()");
        assertEquals(4, run.torture().writers().size());
        assertEquals(4, run.torture().readers().size());
    }

    @Test
    void rwLockRunsTenSecondsOnFourCpusAndNoHolderIsEverSwitchedOut() {
        TortureRun run = TortureTypesTest.boot(4, 10 * SEC, "locktorture.torture_type=rw_lock torture.random_shuffle=1 locktorture.stat_interval=5", 1);
        RwLock lock = ((RwLockOps) run.torture().ops()).lock();
        Holding h = new Holding(lock);
        run.core().trace.add(h);
        TortureResult r = run.run();
        assertSuccessWithWritesAndReads(run, r, "rw_lock");
        assertTrue(r.acquisitions() > 100_000, "writers made progress: " + r.acquisitions());
        assertTrue(run.torture().totalReadAcquisitions() > 100_000, "readers too: " + run.torture().totalReadAcquisitions());
        assertTrue(h.switchedOut.isEmpty(), String.join("\n", h.switchedOut));
        assertTrue(h.maxReaders > 1, "readers shared it: " + h.maxReaders);
        assertTrue(run.core().coverage.count("queued_read_lock_slowpath") > 1000, "readers queued behind waiting writers");
        assertEquals(0, lock.cnts(), "free at the end");
    }

    @Test
    void percpuRwsemRunsTenSecondsOnFourCpusWithSleepingWaiters() {
        TortureRun run = TortureTypesTest.boot(4, 10 * SEC, "locktorture.torture_type=percpu_rwsem_lock torture.random_shuffle=1 locktorture.stat_interval=5", 1);
        PercpuRwSemaphore sem = ((PercpuRwSemLockOps) run.torture().ops()).sem(run.torture());
        Holding h = new Holding(sem);
        run.core().trace.add(h);
        TortureResult r = run.run();
        assertSuccessWithWritesAndReads(run, r, "percpu_rwsem_lock");
        assertTrue(r.acquisitions() > 100, "writers made progress: " + r.acquisitions());
        assertTrue(run.torture().totalReadAcquisitions() > 100, "readers too: " + run.torture().totalReadAcquisitions());
        assertTrue(h.maxReaders > 1, "readers shared it: " + h.maxReaders);
        assertTrue(run.core().coverage.count("percpu_rwsem_wait") > 100, "readers and writers slept on the wait queue");
        assertTrue(sem.rss.gracePeriods > 0, "writers waited for grace periods");
        assertEquals(0, sem.readers(), "no reader left inside");
        assertFalse(sem.writeLocked());
    }

    /** The same seed twice, and a replay of the recorded choices, execute the same events. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rw_lock", "percpu_rwsem_lock"})
    void aRunIsReproducedBySeedAndByItsChoiceList(String type) {
        RunConfig c = new RunConfig(3, 1000, SEC / 2, "locktorture.torture_type=" + type + " torture.random_shuffle=1 locktorture.long_hold=5", 7, null);
        TortureResult a = Checking.checked(c, new Console(null, false)).run();
        TortureResult b = Checking.checked(c, new Console(null, false)).run();
        TortureResult replay = Checking.checked(c.withReplay(a.choices()), new Console(null, false)).run();
        assertTrue(a.success(), String.valueOf(a.failures()));
        assertEquals(a.hashHex(), b.hashHex(), "the same seed twice");
        assertEquals(a.hashHex(), replay.hashHex(), "replayed from its recorded choices");
        assertTrue(a.choices().nonZero() > 0, "the run made forced choices");
    }

    /** rw_lock whose readlock and readunlock do nothing: the readers' and writers' checks must fire. */
    static final class BustedReadersOps implements LockTortureOps {
        private final RwLockOps real = new RwLockOps();

        @Override
        public String name() {
            return "rw_lock";
        }

        @Override
        public boolean hasNestedLock() {
            return false;
        }

        @Override
        public void writelock(LockTorture t, Program.Builder b) {
            real.writelock(t, b);
        }

        @Override
        public void writeunlock(LockTorture t, Program.Builder b) {
            real.writeunlock(t, b);
        }

        @Override
        public void writeDelay(LockTorture t, Program.Builder b, int tid) {
            real.writeDelay(t, b, tid);
        }

        @Override
        public void taskBoost(LockTorture t, Program.Builder b, int tid) {
        }

        @Override
        public boolean hasReadLock() {
            return true;
        }

        @Override
        public void readlock(LockTorture t, Program.Builder b) {
        }

        @Override
        public void readunlock(LockTorture t, Program.Builder b) {
        }

        @Override
        public void readDelay(LockTorture t, Program.Builder b, int tid) {
            real.readDelay(t, b, tid);
        }
    }

    @Test
    void rwLockReadersThatSkipTheLockAreCaught() {
        TortureRun run = Checking.checked(new RunConfig(4, 1000, SEC / 2, "locktorture.torture_type=rw_lock", 1, null),
                new Console(null, true)).withOps(new BustedReadersOps()).boot();
        TortureResult r = run.run();
        assertFalse(r.success());
        List<String> lines = run.console().lines();
        assertTrue(TortureTypesTest.last(lines, "Reads :  Total: ").endsWith("!!!"), "a reader found the lock write-held");
        assertTrue(TortureTypesTest.last(lines, "Writes:  Total: ").endsWith("!!!"), "a writer found lock_is_read_held");
        assertTrue(lines.stream().anyMatch(l -> l.contains("rw_lock-torture:--- End of test: FAILURE")));
    }
}
