package org.proxytorture.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.proxytorture.check.CheckersTest.MS;
import static org.proxytorture.check.CheckersTest.fast;
import static org.proxytorture.check.CheckersTest.find;
import static org.proxytorture.check.CheckersTest.machine;
import static org.proxytorture.check.CheckersTest.mutex;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.kernel.sched.Task;

/**
 * The fairness checker (CheckersTest's machines and helpers): a first waiter passed over is a soft
 * finding, then starvation; forced handoffs to a blocked_donor and passes the scheduler decides
 * are not unfairness.
 */
class FairnessCheckerTest {
    /**
     * A first waiter asleep on its mutex, passed over by other acquisitions: more than 4 times a
     * soft finding, more than 256 a failure. Here the passes are the tracepoints of acquisitions
     * by another task while the waiter sleeps (the mutex's owner holds it for 100 ms).
     */
    @Test
    void aFirstWaiterPassedOverIsAFindingThenStarvation() {
        FirstWaiter f = FirstWaiter.asleep();
        Core core = f.core();
        Checks c = f.checks();
        Mutex m = f.m();
        Task waiter = f.waiter(), other = f.other();
        for (int i = 0; i < 5; i++) core.trace.lockAcquired(core.now(), 1, other, m);
        assertEquals(List.of(), c.violations());
        Violation soft = c.findings().stream().filter(v -> v.invariant().equals("passed-over")).findFirst().orElse(null);
        assertNotNull(soft, String.valueOf(c.findings()));
        assertEquals(List.of("waiter=waiter"), soft.roles());
        for (int i = 0; i < 252; i++) core.trace.lockAcquired(core.now(), 1, other, m);
        assertEquals(List.of("waiter=waiter"), find(c, "fairness", "first-waiter-starved").roles(), String.valueOf(c.violations()));
    }

    /**
     * Passes by forced handoffs to the unlocker's blocked_donor (the donor EEVDF picked to run the
     * owner), equal priority: a soft finding however many, never starvation (64 CPUs with 4096
     * writers passed a first waiter over 257 times so). A pass that is not a handoff still counts.
     */
    @Test
    void forcedHandoffsToABlockedDonorAreAFindingNotStarvation() {
        FirstWaiter f = FirstWaiter.asleep();
        Core core = f.core();
        Checks c = f.checks();
        Mutex m = f.m();
        Task waiter = f.waiter(), donor = f.other();
        for (int i = 0; i < 300; i++) {
            core.trace.proxy(core.now(), 0, org.proxytorture.kernel.sched.ProxyEvent.HANDOFF, null, donor);
            core.trace.lockAcquired(core.now(), 1, donor, m);
        }
        assertEquals(List.of(), c.violations());
        assertNotNull(c.findings().stream().filter(v -> v.invariant().equals("passed-over")).findFirst().orElse(null));
        for (int i = 0; i < 257; i++) core.trace.lockAcquired(core.now(), 1, donor, m);
        assertEquals(List.of("waiter=waiter"), find(c, "fairness", "first-waiter-starved").roles(), String.valueOf(c.violations()));
    }

    /**
     * The same passes, decided by the scheduler, are not unfairness: by a task of higher priority
     * than the waiter (the donor the forced handoff serves), or while the waiter may not run (here
     * its fair entity is throttled by bandwidth; an RT waiter on an RT-throttled CPU likewise).
     */
    @Test
    void passesByAHigherPriorityTaskOrOverAThrottledWaiterAreNotCounted() {
        FirstWaiter f = FirstWaiter.asleep();
        Core core = f.core();
        Checks c = f.checks();
        Mutex m = f.m();
        Task waiter = f.waiter(), other = f.other();
        other.prio = 49; // as rt_boost makes it: an RT task
        for (int i = 0; i < 300; i++) core.trace.lockAcquired(core.now(), 1, other, m);
        other.prio = waiter.prio;
        waiter.throttled = true;
        for (int i = 0; i < 300; i++) core.trace.lockAcquired(core.now(), 1, other, m);
        assertEquals(List.of(), c.violations());
        assertEquals(List.of(), c.findings());
        waiter.throttled = false;
        for (int i = 0; i < 5; i++) core.trace.lockAcquired(core.now(), 1, other, m);
        assertEquals(1, c.findings().size(), "counted again once it may run: " + c.findings());
    }

    /**
     * The fairness tests' machine: the fairness checker alone (the lock checker would see their
     * fake acquisitions break mutual exclusion), a mutex held 100 ms by its owner on CPU 0, its
     * first waiter asleep on it, and another task on CPU 1 whose acquisitions the tests fake.
     */
    private record FirstWaiter(Core core, Checks checks, Mutex m, Task waiter, Task other) {
        static FirstWaiter asleep() {
            Core core = machine(2, ProxyExec.OFF);
            Checks c = Checks.none(core, fast());
            c.add(new FairnessChecker(c));
            Mutex m = mutex(core, "m");
            Machines.spawn(core, "owner", Program.builder("owner").lock(m).sleep(100 * MS).unlock(m).exit().build(), CpuMask.of(0));
            Task waiter = Machines.spawn(core, "waiter", Program.builder("waiter").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
            Task other = Machines.spawn(core, "other", Machines.hog("other"), CpuMask.of(1));
            Machines.run(core, 10 * MS);
            assertEquals(m, waiter.blockedOn);
            core.trace.lockContended(core.now(), 1, waiter, m);
            return new FirstWaiter(core, c, m, waiter, other);
        }
    }
}
