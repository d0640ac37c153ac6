package org.proxytorture.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.api.Tag;

/** kernel/locking/rwsem.c: shared readers, exclusive writers, FIFO queue, reader batches, handoff. */
@Tag("fast")
class RwSemTest {
    private static final long MS = Machines.MS;

    static Action downRead(RwSemaphore s) {
        return Action.hook("down_read", true, (cpu, p, r) -> new RwSemDownReadFrame(s));
    }

    static Action upRead(RwSemaphore s) {
        return Action.hook("up_read", true, (cpu, p, r) -> new RwSemUpFrame(s, false));
    }

    static Action downWrite(RwSemaphore s) {
        return Action.hook("down_write", true, (cpu, p, r) -> new RwSemDownWriteFrame(s));
    }

    static Action upWrite(RwSemaphore s) {
        return Action.hook("up_write", true, (cpu, p, r) -> new RwSemUpFrame(s, true));
    }

    private static Task spawn(Core core, String comm, Program prog, int cpu) {
        Task t = core.createTask(comm, CpuMask.of(cpu), core.rootTaskGroup, new ProgramFrame(prog));
        core.wakeUpNewTask(t);
        return t;
    }

    /** Counts holders from the lock tracepoints and records any moment a writer and a reader (or two writers) overlap. */
    private static final class Holders implements Trace.Listener {
        final RwSemaphore sem;
        final List<Task> writers;
        int readers, writersIn, maxReaders;
        final List<String> violations = new ArrayList<>();
        final List<Long> writeAcquired = new ArrayList<>();

        Holders(RwSemaphore sem, List<Task> writers) {
            this.sem = sem;
            this.writers = writers;
        }

        @Override
        public void lockAcquired(long now, int cpu, Task p, Lock l) {
            if (l != sem) return;
            if (writers.contains(p)) {
                writersIn++;
                writeAcquired.add(now);
            } else {
                readers++;
            }
            maxReaders = Math.max(maxReaders, readers);
            if (writersIn > 1 || (writersIn == 1 && readers > 0)) violations.add(now + ": writers " + writersIn + " readers " + readers);
        }

        @Override
        public void lockReleased(long now, int cpu, Task p, Lock l) {
            if (l != sem) return;
            if (writers.contains(p)) writersIn--;
            else readers--;
        }
    }

    @Test
    void readersShareTheLockAWriterWaitsForThemToDrainAndLaterReadersQueueBehindIt() {
        Core core = Machines.boot(4);
        RwSemaphore sem = new RwSemaphore(core, "sem");
        List<Task> writers = new ArrayList<>();
        Holders h = new Holders(sem, writers);
        core.trace.add(h);
        // readers r1, r2 hold from 0 to 5 ms; the writer asks at 1 ms; r3 asks at 2 ms
        spawn(core, "r1", Program.builder("r").call(downRead(sem)).run(5 * MS).call(upRead(sem)).exit().build(), 0);
        spawn(core, "r2", Program.builder("r").call(downRead(sem)).run(5 * MS).call(upRead(sem)).exit().build(), 1);
        Task w = spawn(core, "w", Program.builder("w").sleep(MS).call(downWrite(sem)).run(3 * MS).call(upWrite(sem)).exit().build(), 2);
        writers.add(w);
        Task r3 = spawn(core, "r3", Program.builder("r").sleep(2 * MS).call(downRead(sem)).run(MS).call(upRead(sem)).exit().build(), 3);
        Machines.run(core, 3 * MS);
        assertEquals(2, sem.readers(), "two readers hold it together");
        assertEquals(List.of("W:w", "R:r3"), sem.waiters(), "the writer queued, and the later reader behind it");
        assertEquals(0, w.onRq, "the writer sleeps off the runqueue");
        assertEquals(TaskState.TASK_UNINTERRUPTIBLE, r3.state);
        Machines.run(core, 6 * MS);
        assertTrue(sem.writeLocked(), "the writer has it once the readers drained");
        assertEquals(0, sem.readers());
        Machines.run(core, 20 * MS);
        assertEquals(TaskState.TASK_DEAD, r3.state, "r3 got it after the writer");
        assertEquals(0, sem.count, "free, no flags");
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertEquals(2, h.maxReaders);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void queuedReadersAreWokenAsOneBatchWithTheirLocksGranted() {
        Core core = Machines.boot(4);
        RwSemaphore sem = new RwSemaphore(core, "sem");
        List<Task> writers = new ArrayList<>();
        Holders h = new Holders(sem, writers);
        core.trace.add(h);
        writers.add(spawn(core, "w", Program.builder("w").call(downWrite(sem)).run(5 * MS).call(upWrite(sem)).exit().build(), 0));
        for (int i = 1; i <= 3; i++) {
            spawn(core, "r" + i, Program.builder("r").sleep(i * MS).call(downRead(sem)).run(2 * MS).call(upRead(sem)).exit().build(), i);
        }
        Machines.run(core, 4 * MS);
        assertEquals(List.of("R:r1", "R:r2", "R:r3"), sem.waiters());
        Machines.run(core, 5 * MS + 100_000);
        assertTrue(sem.waiters().isEmpty(), "rwsem_mark_wake() took every reader off the queue at once");
        assertEquals(3, sem.readers(), "and granted all three read locks before waking them");
        Machines.run(core, 20 * MS);
        assertEquals(3, h.maxReaders);
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void aWriterIsNotStarvedByAStreamOfReaders() {
        // three readers on three CPUs take the read lock back to back forever; a writer asks at 2 ms
        Core core = Machines.bootSeeded(4, 3);
        RwSemaphore sem = new RwSemaphore(core, "sem");
        List<Task> writers = new ArrayList<>();
        Holders h = new Holders(sem, writers);
        core.trace.add(h);
        for (int i = 0; i < 3; i++) {
            spawn(core, "r" + i, Program.builder("r").sleep(i * 300_000L).label("l").call(downRead(sem)).run(MS)
                    .call(upRead(sem)).run(2_000).jump("l").build(), i);
        }
        writers.add(spawn(core, "w", Program.builder("w").sleep(2 * MS).label("l").call(downWrite(sem)).run(MS / 10)
                .call(upWrite(sem)).sleep(2 * MS).jump("l").build(), 3));
        long[] asked = {-1};
        long[] worstWait = {0};
        core.trace.add(new Trace.Listener() {
            @Override
            public void lockContended(long now, int cpu, Task p, Lock l) {
                if (writers.contains(p)) asked[0] = now;
            }

            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock l) {
                if (writers.contains(p) && asked[0] >= 0) {
                    worstWait[0] = Math.max(worstWait[0], now - asked[0]);
                    asked[0] = -1;
                }
            }
        });
        Machines.run(core, 200 * MS);
        assertTrue(h.violations.isEmpty(), String.valueOf(h.violations));
        assertTrue(core.coverage.count("rwsem_rlock_steal") > 0, "readers stole the lock while the writer waited");
        assertTrue(core.coverage.count("rwsem_wlock_handoff") > 0, "so the writer set RWSEM_FLAG_HANDOFF after RWSEM_WAIT_TIMEOUT");
        assertTrue(h.writeAcquired.size() > 20, "the writer kept getting in: " + h.writeAcquired.size() + " times");
        // RWSEM_WAIT_TIMEOUT (4 jiffies) + up to 1 jiffy of rounding + the readers' 1 ms holds draining
        assertTrue(worstWait[0] < 7 * MS, "worst write wait " + worstWait[0] + " ns");
        assertTrue(h.maxReaders >= 2, "readers overlapped: " + h.maxReaders);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }
}
