package org.proxytorture.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.PercpuDownReadFrame;
import org.proxytorture.kernel.locking.PercpuDownWriteFrame;
import org.proxytorture.kernel.locking.PercpuRwSemaphore;
import org.proxytorture.kernel.locking.PercpuUpReadFrame;
import org.proxytorture.kernel.locking.PercpuUpWriteFrame;
import org.proxytorture.kernel.locking.RwLock;
import org.proxytorture.kernel.locking.RwLockReadFrame;
import org.proxytorture.kernel.locking.RwLockWriteFrame;
import org.proxytorture.kernel.locking.RwUnlockFrame;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.junit.jupiter.api.Tag;

/**
 * The lock checker's reader/writer exclusion (INV-P7) for rwlock_t and percpu_rw_semaphore:
 * quiet while real readers share and a real writer waits its turn; a reader acquisition traced
 * while a writer holds the lock (a fake tracepoint) is reported.
 */
@Tag("fast")
class RwLockCheckerTest {
    static final long MS = Machines.MS;

    private static Checks.Config fast() {
        return new Checks.Config(MS, 50 * MS, 200 * MS, 20 * MS, false);
    }

    private static Program hold(String name, Action lock, Action unlock, long at, long ns) {
        return Program.builder(name).sleep(at).call(lock).run(ns).call(unlock).exit().build();
    }

    private static Action op(String name, Supplier<KFrame> f) {
        return Action.hook(name, true, (cpu, p, r) -> f.get());
    }

    private static Violation find(Checks c, String invariant) {
        for (Violation v : c.violations()) if (v.checker().equals("lock") && v.invariant().equals(invariant)) return v;
        return null;
    }

    @Test
    void rwlockReadersShareAndAReaderInsideAWriterIsReported() {
        Core core = Machines.boot(4);
        Checks c = Checks.install(core, fast());
        RwLock l = new RwLock("rwlock");
        Task r0 = null;
        for (int i = 0; i < 3; i++)
            r0 = Machines.spawn(core, "r" + i, hold("r", op("read_lock", () -> new RwLockReadFrame(l)),
                    op("read_unlock", () -> new RwUnlockFrame(l, false)), 0, 2 * MS), CpuMask.of(i));
        Task w = Machines.spawn(core, "w", hold("w", op("write_lock", () -> new RwLockWriteFrame(l)),
                op("write_unlock", () -> new RwUnlockFrame(l, true)), MS, 2 * MS), CpuMask.of(3));
        Machines.run(core, 3 * MS);
        assertTrue(l.writeLocked() && l.owner() == w, "the writer holds it after the readers");
        assertEquals(List.of(), c.violations(), "readers together, then the writer alone");
        core.trace.lockAcquired(core.now(), 0, r0, l); // a reader that skipped read_lock()
        Violation v = find(c, "rw-exclusion");
        assertNotNull(v, String.valueOf(c.violations()));
        assertTrue(v.message().contains("write-held by " + w), v.message());
        assertEquals(List.of("lock=rwlock"), v.roles());
    }

    @Test
    void percpuRwsemReadersShareAndAReaderInsideAWriterIsReported() {
        Core core = Machines.boot(4);
        Checks c = Checks.install(core, fast());
        PercpuRwSemaphore s = new PercpuRwSemaphore(core, "sem");
        Task r0 = null;
        for (int i = 0; i < 3; i++)
            r0 = Machines.spawn(core, "r" + i, hold("r", op("percpu_down_read", () -> new PercpuDownReadFrame(s)),
                    op("percpu_up_read", () -> new PercpuUpReadFrame(s)), 0, 5 * MS), CpuMask.of(i));
        Task w = Machines.spawn(core, "w", hold("w", op("percpu_down_write", () -> new PercpuDownWriteFrame(s)),
                op("percpu_up_write", () -> new PercpuUpWriteFrame(s)), MS, 5 * MS), CpuMask.of(3));
        Machines.run(core, 7 * MS);
        assertTrue(s.writeLocked() && s.readers() == 0, "the writer holds it after the readers");
        assertEquals(List.of(), c.violations(), "readers together, then the writer alone");
        core.trace.lockAcquired(core.now(), 0, r0, s); // a reader that skipped percpu_down_read()
        Violation v = find(c, "rw-exclusion");
        assertNotNull(v, String.valueOf(c.violations()));
        assertTrue(v.message().contains("write-held by " + w), v.message());
        assertEquals(List.of("lock=sem"), v.roles());
    }
}
