package org.proxytorture.kernel.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.proxy.ProxyScenario.MS;

import org.proxytorture.kernel.proxy.ProxyScenario.Ev;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.locking.BlockedOn;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.MutexLockFrame;
import org.proxytorture.kernel.locking.MutexUnlockFrame;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.kernel.sched.SetCpusAllowedFrame;
import org.proxytorture.kernel.sched.SignalWakeUpFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Signals and mutexes: mutex_lock_interruptible()'s -EINTR exit (err: off the wait list,
 * blocked_on cleared) in every proxy generation, wherever the donor was when the signal came,
 * and try_to_block_task()'s signal_pending_state() exit of __schedule().
 */
@Tag("fast")
class MutexInterruptibleTest {
    static Stream<ProxyExec> generations() {
        return Stream.of(ProxyExec.OFF, new SingleRqProxy(), new MigrateProxy(), new FullProxy());
    }

    /** Where the signal is seen at once: every generation but 7.1's donor, which stays blocked (below). */
    static Stream<ProxyExec> eintrAtOnce() {
        return Stream.of(ProxyExec.OFF, new SingleRqProxy(), new FullProxy());
    }

    /** The waiter of the tests below: mutex_lock_interruptible(m), the time it returned, mutex_unlock(m) if it got m. */
    private static Task waiter(ProxyScenario s, Mutex m, MutexLockFrame[] wait, long[] returnedAt) {
        return s.spawn("waiter", waiterProgram(s, m, wait, returnedAt), CpuMask.of(0), 0);
    }

    /** send_sig(SIGUSR1, t, 1) */
    private static Action sendSig(Task t) {
        return Action.hook("send_sig", false, (cpu, p, r) -> new SignalWakeUpFrame(t));
    }

    private static Program waiterProgram(ProxyScenario s, Mutex m, MutexLockFrame[] wait, long[] returnedAt) {
        return ProxyScenario.prog("waiter").sleep(MS)
                .call(Action.hook("mutex_lock_interruptible", true, (cpu, p, r) -> wait[0] = MutexLockFrame.interruptible(m)))
                .call(Action.hook("returned", true, (cpu, p, r) -> {
                    returnedAt[0] = s.core.now();
                    return wait[0].result == 0 ? new MutexUnlockFrame(m) : null;
                })).exit().build();
    }

    /**
     * 3 CPUs: the owner holds m on CPU 1 for 10 ms; the waiter (CPU 0 only) takes
     * mutex_lock_interruptible(m) at 1 ms; a third CPU signals it at 3 ms. The waiter returns
     * -EINTR long before the unlock, on its own CPU, m still the owner's and no one waiting:
     * without proxy execution, in 6.17 (the donor of a remote owner was deactivated: the signal
     * wakes it) and in 2026 (ttwu_runnable() clears is_blocked, proxy_needs_return() sends the
     * proxy-migrated donor home).
     */
    @ParameterizedTest
    @MethodSource("eintrAtOnce")
    void aSignalledMutexWaiterLeavesWithEintr(ProxyExec generation) {
        ProxyScenario s = new ProxyScenario(3, generation);
        Mutex m = s.mutex("m");
        MutexLockFrame[] wait = new MutexLockFrame[1];
        long[] returnedAt = {-1};
        Task owner = s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(10 * MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task waiter = waiter(s, m, wait, returnedAt);
        s.spawn("signaller", ProxyScenario.prog("signaller").sleep(3 * MS).call(sendSig(waiter)).exit().build(), CpuMask.of(2), 0);
        s.runUntil(2 * MS);
        assertSame(waiter, m.firstWaiter(), "waiting at 2 ms");
        assertEquals(TaskState.TASK_INTERRUPTIBLE, waiter.state);

        s.runUntil(6 * MS);
        assertEquals(MutexLockFrame.EINTR, wait[0].result, generation.name());
        assertTrue(returnedAt[0] > 3 * MS && returnedAt[0] < 4 * MS, "returned at " + returnedAt[0]);
        assertEquals(1, s.core.coverage.count("mutex_eintr"));
        assertNull(m.firstWaiter(), "__mutex_remove_waiter()");
        assertSame(owner, m.owner(), "the owner still holds m");
        assertNull(waiter.blockedOn, "err: clear_task_blocked_on()");
        assertEquals(0, waiter.cpu, "back on its own CPU");
        assertTrue(waiter.sigpending, "the signal stays pending until the task handles it");

        s.runUntil(12 * MS);
        assertNull(m.owner(), "unlocked with no one to hand it to");
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /**
     * 7.1: the signal's wakeup of a proxy-migrated donor sets it TASK_RUNNING but leaves its
     * blocked_on (only PROXY_WAKING sends a donor home), so it goes on donating until the owner
     * hands it m; the wait loop's trylock comes before the signal check, and it returns 0 with
     * the signal still pending.
     */
    @Test
    void aSignalledDonorOf71KeepsDonatingAndTakesTheLockAtTheHandoff() {
        ProxyScenario s = new ProxyScenario(3, new MigrateProxy());
        Mutex m = s.mutex("m");
        MutexLockFrame[] wait = new MutexLockFrame[1];
        long[] returnedAt = {-1};
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(10 * MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task waiter = waiter(s, m, wait, returnedAt);
        s.spawn("signaller", ProxyScenario.prog("signaller").sleep(3 * MS).call(sendSig(waiter)).exit().build(), CpuMask.of(2), 0);
        s.runUntil(6 * MS);
        assertEquals(1, waiter.cpu, "still the owner's donor on CPU 1");
        assertSame(m, waiter.blockedOn);
        assertEquals(TaskState.TASK_RUNNING, waiter.state, "woken by the signal");
        assertEquals(-1, returnedAt[0]);

        s.runUntil(14 * MS);
        assertEquals(0, wait[0].result, "handed m at the unlock");
        assertTrue(returnedAt[0] > 10 * MS, "returned at " + returnedAt[0]);
        assertEquals(0, s.core.coverage.count("mutex_eintr"));
        assertEquals(0, waiter.cpu, "sent home (PROXY_WAKING) at the handoff");
        assertTrue(waiter.sigpending);
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /**
     * 2026: a donor woken by a signal is no longer blocked (is_blocked cleared) though its
     * blocked_on stays until it runs its wait loop, and it is still rq->donor while its owner runs
     * on its context (the wakeup does not preempt: p is the donor). An affinity change then must
     * move it (the donor affinity fix, finding F1): it is not blocked, so no wakeup will send it
     * home. Found by the signals of model 19 (the B17 scenario's clean run, seed 1: INV-P3).
     */
    @Test
    void aDonorWokenBySignalIsMovedByAnAffinityChangeThoughItsBlockedOnStays() {
        ProxyScenario s = new ProxyScenario(2, new FullProxy());
        Mutex m = s.mutex("m");
        MutexLockFrame[] wait = new MutexLockFrame[1];
        long[] returnedAt = {-1};
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(20 * MS).unlock(m).exit().build(), CpuMask.of(0), 0);
        // SCHED_FIFO: the tick does not end its owner's run on its context (a fair donor's slice would)
        Task waiter = s.core.createTask("waiter", CpuMask.of(0), s.core.rootTaskGroup, new ProgramFrame(waiterProgram(s, m, wait, returnedAt)));
        Machines.makeFifo(s.core, waiter, 10);
        s.core.wakeUpNewTask(waiter);
        s.spawn("meddler", ProxyScenario.prog("meddler").sleep(3 * MS)
                .call(sendSig(waiter)).sleep(MS)
                .call(Action.hook("sched_setaffinity", false, (cpu, p, r) -> new SetCpusAllowedFrame(waiter, CpuMask.of(1)))).exit().build(),
                CpuMask.of(1), 0);
        s.runUntil(3 * MS + MS / 2);
        assertEquals(0, waiter.cpu);
        assertSame(waiter, s.core.rqs[0].donor, "still the donor of its owner");
        assertSame(m, waiter.blockedOn);
        assertTrue(!waiter.isBlocked && waiter.state == TaskState.TASK_RUNNING, "woken by the signal");

        s.runUntil(25 * MS);
        Ev outside = s.first(e -> e.kind().equals("switch") && e.b() == waiter && e.cpu() == 0 && e.t() > 4 * MS);
        assertNull(outside, "ran on CPU 0 after its mask became CPU 1: " + outside);
        assertEquals(MutexLockFrame.EINTR, wait[0].result);
        assertEquals(1, waiter.cpu);
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /** set_current_state(TASK_INTERRUPTIBLE) with blocked_on set and a signal pending, then schedule(). */
    private static final class BlockInterruptibly extends KFrame {
        private final Mutex m;
        private boolean scheduled;

        BlockInterruptibly(Mutex m) {
            this.m = m;
        }

        @Override
        public int step(Cpu cpu, Task p) {
            if (scheduled) return DONE;
            BlockedOn.write(cpu.core(), p, m);
            p.sigpending = true;
            p.state = TaskState.TASK_INTERRUPTIBLE;
            scheduled = true;
            return SCHEDULE;
        }

        @Override
        public String describe() {
            return "block_interruptibly(" + m + ")";
        }
    }

    /**
     * try_to_block_task(): a signal pending at schedule() keeps the task running (not dequeued,
     * not a donor); 2026 also clears its blocked_on, 6.17 leaves it to find_proxy_task().
     */
    @ParameterizedTest
    @MethodSource("generations")
    void aSignalPendingAtScheduleKeepsTheTaskRunning(ProxyExec generation) {
        ProxyScenario s = new ProxyScenario(1, generation);
        Mutex m = s.mutex("m");
        long[] returnedAt = {-1};
        Task t = s.spawn("t", ProxyScenario.prog("t").sleep(MS)
                .call(Action.hook("block", true, (cpu, p, r) -> new BlockInterruptibly(m)))
                .call(Action.hook("returned", false, (cpu, p, r) -> {
                    returnedAt[0] = s.core.now();
                    return null;
                })).run(5 * MS).exit().build(), CpuMask.of(0), 0);
        s.runUntil(2 * MS);
        assertTrue(returnedAt[0] > 0, "schedule() returned at once");
        assertEquals(TaskState.TASK_RUNNING, t.state);
        assertEquals(TaskState.TASK_ON_RQ_QUEUED, t.onRq);
        assertEquals(1, s.core.coverage.count("try_to_block_task_signal"));
        if (generation instanceof FullProxy || generation instanceof MigrateProxy) assertNull(t.blockedOn, "clear_task_blocked_on(p, NULL)");
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /**
     * TIF_SIGPENDING set (signal_wake_up()'s first section) before an interruptible sleep:
     * try_to_block_task() does not let it sleep.
     */
    @Test
    void aSignalPendingBeforeAnInterruptibleSleepEndsItAtOnce() {
        ProxyScenario s = new ProxyScenario(2, new FullProxy());
        Task sleeper = s.spawn("sleeper", ProxyScenario.prog("sleeper").sleep(MS)
                .add(new org.proxytorture.kernel.program.Insn.Sleep(20 * MS, true)).run(MS).exit().build(), CpuMask.of(0), 0);
        s.runUntil(MS / 2);
        sleeper.sigpending = true; // the first section of signal_wake_up(), before sleeper's set_current_state()
        s.runUntil(3 * MS);
        assertEquals(1, s.core.coverage.count("try_to_block_task_signal"));
        assertTrue(sleeper.state == TaskState.TASK_DEAD || sleeper.state == TaskState.TASK_RUNNING, "did not sleep 20 ms: " + sleeper.state);
    }
}
