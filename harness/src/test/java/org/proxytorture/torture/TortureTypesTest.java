package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.SpinLock;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.params.provider.ValueSource;

/** Each modelled torture_type runs 10 s on 4 CPUs to SUCCESS with the kernel's stats lines. */
class TortureTypesTest {
    static final long SEC = 1_000_000_000L;

    static TortureRun boot(int cpus, long ns, String bootargs, long seed) {
        return Checking.checked(new RunConfig(cpus, 1000, ns, bootargs, seed, null), new Console(null, true)).boot();
    }

    static String last(List<String> lines, String prefix) {
        String found = null;
        for (String l : lines) if (l.contains("] " + prefix)) found = l;
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rtmutex_lock locktorture.nested_locks=4", "rwsem_lock", "spin_lock", "raw_spin_lock"})
    void runsTenSecondsOnFourCpusToSuccess(String type) {
        TortureRun run = boot(4, 10 * SEC, "locktorture.torture_type=" + type + " torture.random_shuffle=1 locktorture.stat_interval=5", 1);
        TortureResult r = run.run();
        List<String> lines = run.console().lines();
        String name = type.split(" ")[0];
        assertTrue(r.success(), type + ": " + r.failures() + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        assertEquals(0, r.fails());
        String writes = last(lines, "Writes:  Total: ");
        assertTrue(writes != null && writes.matches(".*Writes:  Total: \\d+  Max/Min: \\d+/\\d+ (\\?\\?\\?)?  Fail: 0 $"), writes);
        assertTrue(r.acquisitions() > (name.equals("rwsem_lock") ? 100 : 100_000), type + " writers made progress: " + writes);
        assertTrue(lines.stream().anyMatch(l -> l.contains(name + "-torture:--- Start of test: acq_writer_lim=0")));
        assertTrue(lines.stream().anyMatch(l -> l.contains(name + "-torture:--- End of test: SUCCESS: ")));
        int writesIdx = lines.indexOf(writes);
        if (name.equals("rwsem_lock")) {
            String reads = lines.get(writesIdx + 1);
            assertTrue(reads.matches(".*\\] Reads :  Total: \\d+  Max/Min: \\d+/\\d+ (\\?\\?\\?)?  Fail: 0 $"), "the Reads line follows the Writes line: " + reads);
            assertTrue(run.torture().totalReadAcquisitions() > 100, reads);
            assertEquals(4, run.torture().writers().size(), "with readers, writers default to num_online_cpus()");
            assertEquals(4, run.torture().readers().size(), "and readers to as many as writers");
            assertTrue(lines.get(0).length() > 0 && lines.stream().anyMatch(l -> l.contains("nreaders_stress=4 nwriters_stress=4")));
        } else {
            assertFalse(writesIdx + 1 < lines.size() && lines.get(writesIdx + 1).contains("Reads :"), "no Reads line without readlock");
            assertEquals(8, run.torture().writers().size());
            assertTrue(lines.stream().anyMatch(l -> l.contains("nreaders_stress=0 nwriters_stress=8")));
        }
    }

    @Test
    void aSpinlockHolderIsNeverScheduledOutAndRtMutexOwnersAreBoosted() {
        TortureRun run = boot(4, 2 * SEC, "locktorture.torture_type=spin_lock torture.random_shuffle=1 locktorture.shuffle_interval=1", 2);
        SpinLock lock = ((SpinLockOps) run.torture().ops()).lock();
        List<String> violations = new ArrayList<>();
        int[] contended = {0};
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                if (prev == lock.owner()) violations.add(now + ": " + prev + " switched out holding " + lock);
            }

            @Override
            public void lockContended(long now, int cpu, Task p, Lock l) {
                contended[0]++;
            }
        });
        TortureResult r = run.run();
        assertTrue(r.success(), String.valueOf(r.failures()));
        assertTrue(violations.isEmpty(), String.join("\n", violations));
        assertTrue(contended[0] > 1000, "writers spun in the queue: " + contended[0]);

        TortureRun rt = boot(4, 2 * SEC, "locktorture.torture_type=rtmutex_lock locktorture.nested_locks=4 locktorture.rt_boost_factor=1", 2);
        TortureResult rr = rt.run();
        assertTrue(rr.success(), String.valueOf(rr.failures()));
        assertTrue(rt.core().coverage.count("rt_mutex_setprio") > 0, "SCHED_FIFO-boosted waiters lent their prio to fair owners");
        assertTrue(rt.core().coverage.count("rt_mutex_adjust_prio_chain") > 0, "through nested rt_mutex chains");
    }

    /** rwsem_lock whose readlock and readunlock do nothing: the readers' write-held check must fire. */
    static final class BustedReadersOps extends RwSemLockOps {
        @Override
        public void readlock(LockTorture t, Program.Builder b) {
        }

        @Override
        public void readunlock(LockTorture t, Program.Builder b) {
        }
    }

    @Test
    void readersThatSkipTheLockAreCaughtByTheChecks() {
        TortureRun run = Checking.checked(new RunConfig(4, 1000, 2 * SEC, "locktorture.torture_type=rwsem_lock locktorture.long_hold=10", 1, null),
                new Console(null, true)).withOps(new BustedReadersOps()).boot();
        TortureResult r = run.run();
        assertFalse(r.success());
        List<String> lines = run.console().lines();
        String reads = last(lines, "Reads :  Total: ");
        String writes = last(lines, "Writes:  Total: ");
        assertTrue(reads.contains("!!!") || writes.contains("!!!"), writes + "\n" + reads);
        assertTrue(reads.endsWith("!!!"), "a reader found the lock write-held: " + reads);
        assertTrue(writes.endsWith("!!!"), "a writer found lock_is_read_held: " + writes);
        assertTrue(lines.stream().anyMatch(l -> l.contains("rwsem_lock-torture:--- End of test: FAILURE")));
    }
}
