package org.proxytorture.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.proxy.FullProxy;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Each checker sees a violation built by hand (a real deadlock, a corrupted field, a fake
 * tracepoint), and stays quiet on the same machine without it. The checkers are general: none
 * of these is a catalog bug.
 */
class CheckersTest {
    static final long MS = Machines.MS;

    static Checks.Config fast() {
        return new Checks.Config(MS, 50 * MS, 200 * MS, 20 * MS, false);
    }

    static Core machine(int cpus, ProxyExec proxy) {
        Core core = Machines.boot(cpus);
        core.proxy = proxy;
        core.mutexSpinOnOwner = false;
        return core;
    }

    static Mutex mutex(Core core, String name) {
        return new Mutex(core, name, new LockClass(name));
    }

    static Violation find(Checks c, String checker, String invariant) {
        for (Violation v : c.violations()) if (v.checker().equals(checker) && v.invariant().equals(invariant)) return v;
        return null;
    }

    /** An owner holding m asleep for a second on CPU 0, and a task blocked on m from CPU 1, 10 ms in. */
    record Held(Task owner, Task waiter) {
        static Held on(Core core, Mutex m, String waiterName) {
            Task owner = Machines.spawn(core, "owner", Program.builder("owner").lock(m).sleep(1000 * MS).unlock(m).exit().build(), CpuMask.of(0));
            Task waiter = Machines.spawn(core, waiterName, Program.builder(waiterName).sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
            Machines.run(core, 10 * MS);
            assertEquals(m, waiter.blockedOn, waiterName + " waits for m, which the owner holds");
            return new Held(owner, waiter);
        }
    }

    /** ABBA for real: a wait-for cycle that persists, and lockdep's splat for the order. */
    @Test
    void anAbbaDeadlockIsAWaitForCycleAndALockdepSplat() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex a = mutex(core, "A"), b = mutex(core, "B");
        Machines.spawn(core, "ab", Program.builder("ab").lock(a).run(MS).lock(b).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "ba", Program.builder("ba").lock(b).run(MS).lock(a).exit().build(), CpuMask.of(1));
        Machines.run(core, 20 * MS);
        Violation cycle = find(c, "deadlock", "wait-for-cycle");
        assertNotNull(cycle, String.valueOf(c.violations()));
        assertEquals(List.of("lock=A", "lock=B"), cycle.roles().stream().sorted().toList());
        Violation dep = find(c, "lockdep", "circular-dependency");
        assertNotNull(dep, String.valueOf(c.violations()));
        String splat = String.join("\n", dep.detail());
        assertTrue(splat.contains("WARNING: possible circular locking dependency detected"), splat);
        assertTrue(splat.contains(" Possible unsafe locking scenario:"), splat);
        assertTrue(splat.contains("CPU0") && splat.contains("CPU1") && splat.contains(" *** DEADLOCK ***"), splat);
    }

    /**
     * lockdep over raw spinlocks, fed at each lock_acquire() of a raw spinlock with what the CPU
     * holds: wait_lock then blocked_lock on one CPU, blocked_lock then wait_lock (S07's order) on
     * another, is a possible circular dependency though neither waited. Two locks of one class
     * (double_rq_lock()'s nesting) order nothing.
     */
    @Test
    void rawSpinlocksTakenInOppositeOrdersAreACircularDependency() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        var waitLock = new org.proxytorture.kernel.cpu.RawSpinLock("wait_lock:m", "&mutex->wait_lock");
        var blocked = new org.proxytorture.kernel.cpu.RawSpinLock("blocked_lock:t");
        var none = new java.util.ArrayList<org.proxytorture.kernel.cpu.RawSpinLock>();
        core.rawLockdep.acquire(core.cpus[0], core.rqs[1].lock, new org.proxytorture.kernel.cpu.RawSpinLock[] {core.rqs[0].lock}, 1, none);
        core.rawLockdep.acquire(core.cpus[1], core.rqs[0].lock, new org.proxytorture.kernel.cpu.RawSpinLock[] {core.rqs[1].lock}, 1, none);
        core.rawLockdep.acquire(core.cpus[0], blocked, new org.proxytorture.kernel.cpu.RawSpinLock[] {waitLock}, 1, none);
        assertEquals(List.of(), c.violations(), "rq locks nest in their class; wait_lock -> blocked_lock is the kernel's order");
        core.rawLockdep.acquire(core.cpus[1], waitLock, new org.proxytorture.kernel.cpu.RawSpinLock[] {blocked}, 1, none);
        Violation v = find(c, "lockdep", "circular-dependency");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("class=&mutex->wait_lock", "class=&p->blocked_lock"), v.roles().stream().sorted().toList());
        assertTrue(String.join("\n", v.detail()).contains("WARNING: possible circular locking dependency detected"), String.valueOf(v.detail()));
    }

    /** Three classes taken in a rotating order, never at once: lockdep still sees A -> B -> C -> A. */
    @Test
    void lockdepReportsAPossibleCycleThatDidNotDeadlockWithItsChain() {
        Core core = machine(1, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex a = mutex(core, "A"), b = mutex(core, "B"), cc = mutex(core, "C");
        Machines.spawn(core, "t", Program.builder("t").lock(a).lock(b).unlock(b).unlock(a)
                .lock(b).lock(cc).unlock(cc).unlock(b)
                .lock(cc).lock(a).unlock(a).unlock(cc).exit().build(), CpuMask.of(0));
        Machines.run(core, 10 * MS);
        Violation dep = find(c, "lockdep", "circular-dependency");
        assertNotNull(dep, String.valueOf(c.violations()));
        String splat = String.join("\n", dep.detail());
        assertTrue(splat.contains("Chain exists of:\n  A --> B --> C"), splat);
        assertNull(find(c, "deadlock", "wait-for-cycle"), "no deadlock happened");
    }

    /** Nested locks always taken in one order: nothing to report. */
    @Test
    void aConsistentLockOrderIsQuiet() {
        Core core = machine(2, new FullProxy());
        Checks c = Checks.install(core, fast());
        Mutex a = mutex(core, "A"), b = mutex(core, "B");
        for (int i = 0; i < 4; i++)
            Machines.spawn(core, "w" + i, Program.builder("w").label("l").lock(a).lock(b).run(100_000).unlock(b).unlock(a).jump("l").build(), CpuMask.of(0, 1));
        Machines.run(core, 100 * MS);
        c.finish();
        assertEquals(List.of(), c.violations());
    }

    /** A task whose mask is changed behind the kernel's back runs outside it at its next switch-in. */
    @Test
    void aTaskPlacedOutsideItsMaskIsReported() {
        Core core = machine(1, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Task t = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0));
        Machines.spawn(core, "hog2", Machines.hog("hog2"), CpuMask.of(0));
        Machines.run(core, 5 * MS);
        assertEquals(List.of(), c.violations());
        t.cpusMask = CpuMask.of(1); // corrupt: not through set_cpus_allowed_ptr()
        Machines.run(core, 20 * MS);
        Violation v = find(c, "migration", "INV-P3");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=hog"), v.roles());
    }

    /**
     * INV-P2 as 6.17 allows it: find_proxy_task() drops wait_lock before __schedule() switches to
     * the owner, so an unlocker may clear the donor's blocked_on in between (the donor is still on
     * the wait list, not yet TASK_RUNNING: wake_up_q() has not reached it). A donor on no wait
     * list, or already running, that an owner runs for is the violation.
     */
    @Test
    void aProxyRunsOnlyForADonorThatWaitsOrIsBeingWokenByTheUnlocker() {
        Core core = machine(2, new org.proxytorture.kernel.proxy.SingleRqProxy());
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Held held = Held.on(core, m, "waiter");
        Task owner = held.owner(), waiter = held.waiter();
        org.proxytorture.kernel.locking.BlockedOn.clear(core, waiter, m); // __mutex_unlock_slowpath(), wake_up_q() still to come
        core.trace.proxy(core.now(), 1, org.proxytorture.kernel.sched.ProxyEvent.parse("proxy_chosen"), waiter, owner);
        assertNull(find(c, "migration", "INV-P2"), String.valueOf(c.violations()));
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(1));
        Machines.run(core, MS);
        core.trace.proxy(core.now(), 1, org.proxytorture.kernel.sched.ProxyEvent.parse("proxy_chosen"), hog, owner); // a donor that never blocked
        Violation v = find(c, "migration", "INV-P2");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("donor=hog", "owner=owner"), v.roles());
    }

    /**
     * Ping-pong: MAX_BOUNCES proxy migrations of a donor that never runs nor is proxied for, while
     * the end of its chain stays where it is (B28: the donor bouncing between two chain members), is
     * a livelock. A donor that follows an owner which something else keeps moving (active
     * balancing, affinity, wakeups: each move drains the donors to the owner's new CPU) is not.
     */
    @Test
    void aDonorBouncingAroundAStillOwnerIsPingPongOneFollowingAMovingOwnerIsNot() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Held held = Held.on(core, m, "donor");
        Task owner = held.owner(), donor = held.waiter();
        for (int i = 0; i < MigrationChecker.MAX_BOUNCES; i++) { // the owner moves between any two of the donor's migrations
            core.trace.schedMigrateTask(core.now(), owner, i % 2, 1 - i % 2);
            core.trace.proxy(core.now(), i % 2, org.proxytorture.kernel.sched.ProxyEvent.parse("donor_migrated"), donor, donor);
        }
        assertNull(find(c, "migration", "ping-pong"), String.valueOf(c.violations()));
        for (int i = 0; i < MigrationChecker.MAX_BOUNCES; i++) core.trace.proxy(core.now(), i % 2, org.proxytorture.kernel.sched.ProxyEvent.parse("donor_migrated"), donor, donor);
        Violation v = find(c, "migration", "ping-pong");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("donor=donor"), v.roles());
    }

    /**
     * update_se() with split contexts: while the owner runs as the donor's proxy, wall time goes to
     * the owner's sum_exec_runtime (the donor's does not grow); the accounting checker agrees, and sees a
     * charge that names a task not running (A1), a sum_exec_runtime the charges do not add up to
     * (A2) and a CPU charged more than its clock (A3).
     */
    @Test
    void runtimeGoesToTheRunningTaskAndTheAccountingCheckerSeesEveryOtherCharge() {
        Core core = machine(1, new FullProxy());
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Task owner = Machines.spawn(core, "owner", Program.builder("owner").lock(m).run(30 * MS).unlock(m).exit().build(), CpuMask.of(0), null, 10);
        Task donor = Machines.spawn(core, "donor", Program.builder("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), null, -5);
        Machines.run(core, 5 * MS);
        assertEquals(m, donor.blockedOn);
        Machines.run(core, 40 * MS); // the owner's 30 ms of work, about 25 of them as the donor's proxy; then the donor's turn
        assertEquals(30 * MS, owner.se.sumExecRuntime, 0.02 * 30 * MS, "the owner is charged its own run, proxied time included");
        assertTrue(donor.se.sumExecRuntime < MS, "the donor only ran to block and to take the lock: " + donor.se.sumExecRuntime);
        c.auditNow();
        assertEquals(List.of(), c.violations());
        core.trace.schedStatRuntime(core.now(), 0, donor, 1000); // the wrong context
        assertEquals(List.of("charged=donor", "running=swapper/0"), find(c, "accounting", "A1").roles(), String.valueOf(c.violations()));
        owner.se.sumExecRuntime += 500; // a charge without its tracepoint
        c.auditNow();
        Violation a2 = find(c, "accounting", "A2");
        assertNotNull(a2, String.valueOf(c.violations()));
        assertEquals(List.of("task=owner"), a2.roles());
        core.trace.schedStatRuntime(core.now(), 0, owner, 1_000 * MS);
        assertEquals(List.of(), find(c, "accounting", "A3").roles(), String.valueOf(c.violations()));
    }

    /**
     * Placement at sched_wakeup: a woken task is on a CPU of its mask (P1) and home, task_cpu ==
     * wake_cpu (P2). A sleeper whose mask or wake_cpu is changed behind the kernel's back is woken
     * each invariant's direct violation: the tracepoint of a wakeup of a task placed wrongly.
     */
    @Test
    void aTaskWokenOutsideItsMaskOrAwayFromHomeIsAPlacementViolation() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Task t = Machines.spawn(core, "sleeper", Program.builder("sleeper").label("l").sleep(MS).run(MS / 10).jump("l").build(), CpuMask.of(0, 1));
        Machines.run(core, 20 * MS);
        assertEquals(List.of(), c.violations(), "every real wakeup is placed by select_task_rq()");
        t.wakeCpu = 1 - t.cpu; // corrupt: wake_cpu no longer where it was woken
        core.trace.schedWakeup(core.now(), t.cpu, t);
        Violation p2 = find(c, "placement", "P2");
        assertNotNull(p2, String.valueOf(c.violations()));
        assertEquals(List.of("task=sleeper"), p2.roles());
        t.cpusMask = CpuMask.of(1 - t.cpu); // corrupt: not through set_cpus_allowed_ptr()
        core.trace.schedWakeup(core.now(), t.cpu, t);
        assertEquals(List.of("task=sleeper"), find(c, "placement", "P1").roles(), String.valueOf(c.violations()));
    }

    /**
     * P3, the checker's own record of home: a sleeper placed on its CPU, then moved as a donor is
     * (proxy_set_task_cpu(), then the migration tracepoint) with wake_cpu overwritten too (S30's
     * way), and woken there in place. P2 sees nothing (task_cpu == wake_cpu); P3 does. A return
     * migration (donor_returned) would have ended its being away.
     */
    @Test
    void aDonorWokenInPlaceWhereProxyExecutionMovedItIsAwayFromHome() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Task t = Machines.spawn(core, "sleeper", Program.builder("sleeper").label("l").sleep(MS).run(MS / 10).jump("l").build(), CpuMask.of(0, 1));
        Machines.run(core, 20 * MS);
        int home = t.cpu, away = 1 - home;
        core.trace.proxySetTaskCpu(core.now(), t, away); // fake: proxy_migrate_task() of a donor
        core.trace.schedMigrateTask(core.now(), t, home, away);
        t.cpu = t.wakeCpu = away; // corrupt: wake_cpu follows, as set_task_cpu() would have it
        core.trace.schedWakeup(core.now(), t.cpu, t);
        assertNull(find(c, "placement", "P2"), String.valueOf(c.violations()));
        Violation p3 = find(c, "placement", "P3");
        assertNotNull(p3, String.valueOf(c.violations()));
        assertEquals(List.of("task=sleeper"), p3.roles());
        t.cpu = t.wakeCpu = home;
    }

    /**
     * P3's record follows migration_cpu_stop()'s p->wake_cpu = dest for a task off the runqueue (an
     * affinity change that found it blocked): the kernel placed it there without a move. Proxy-moved
     * onto that CPU later (a parked donor re-activated and migrated to its owner) and woken in place,
     * it is home (found by explore at 4 CPUs, nested_locks=4, full, DELAY_DEQUEUE: a false alarm).
     */
    @Test
    void aDonorWokenInPlaceOnTheCpuMigrationCpuStopChoseIsHome() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Task t = Machines.spawn(core, "sleeper", Program.builder("sleeper").label("l").sleep(MS).run(MS / 10).jump("l").build(), CpuMask.of(0, 1));
        Machines.run(core, 20 * MS);
        int home = t.cpu, other = 1 - home;
        core.trace.wakeCpuSet(core.now(), t, other); // migration_cpu_stop(): not queued, p->wake_cpu = dest
        core.trace.proxySetTaskCpu(core.now(), t, other); // later proxy_migrate_task() of the donor to its owner there
        core.trace.schedMigrateTask(core.now(), t, home, other);
        t.cpu = t.wakeCpu = other;
        core.trace.schedWakeup(core.now(), t.cpu, t);
        assertEquals(List.of(), c.violations());
        t.cpu = t.wakeCpu = home;
    }

    /**
     * 7.1: a stale wake_q entry wakes a donor that has since blocked again and been proxy-migrated:
     * it stays blocked (blocked_on a mutex), runs no context of its own, and its lock's
     * PROXY_WAKING wakeup returns it; that wakeup is no placement violation.
     */
    @Test
    void aSpuriousWakeupOfABlockedDonorAwayFromHomeIsNotAPlacementViolation() {
        Core core = machine(2, new org.proxytorture.kernel.proxy.MigrateProxy());
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Machines.spawn(core, "owner", Program.builder("owner").lock(m).sleep(100 * MS).unlock(m).exit().build(), CpuMask.of(0));
        Task donor = Machines.spawn(core, "donor", Program.builder("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        assertEquals(m, donor.blockedOn);
        donor.wakeCpu = 1 - donor.cpu; // as if proxy-migrated away from home
        core.trace.schedWakeup(core.now(), donor.cpu, donor);
        assertNull(find(c, "placement", "P2"), String.valueOf(c.violations()));
    }

    /**
     * Summary fields recomputed at an audit: a mutex's WAITERS flag against its wait list (D1),
     * rq->nr_running against the tasks queued (D2), an rwsem's WAITERS flag against its wait
     * list (D3); each corrupted once, on a machine whose real runs kept them right.
     */
    @Test
    void aSummaryFieldThatDisagreesWithWhatItSummarizesIsReported() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Machines.spawn(core, "owner", Program.builder("owner").lock(m).sleep(100 * MS).unlock(m).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "waiter", Program.builder("waiter").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        c.auditNow();
        assertEquals(List.of(), c.violations());
        m.owner &= ~Mutex.MUTEX_FLAG_WAITERS; // corrupt: the waiter is still queued
        core.rqs[1].nrRunning++; // corrupt: a task counted that is not there
        org.proxytorture.kernel.locking.RwSemaphore sem = new org.proxytorture.kernel.locking.RwSemaphore(core, "sem");
        core.trace.lockAcquired(core.now(), 0, core.rqs[0].idle, sem); // seen by the checkers
        sem.count |= org.proxytorture.kernel.locking.RwSemaphore.RWSEM_FLAG_WAITERS; // corrupt: no waiter
        c.auditNow();
        assertEquals(List.of("lock=m"), find(c, "derived", "D1").roles());
        assertEquals(List.of(), find(c, "derived", "D2").roles(), String.valueOf(c.violations()));
        assertEquals(List.of("lock=sem"), find(c, "derived", "D3").roles(), String.valueOf(c.violations()));
    }

    /** A corrupted sum_w_vruntime is found by the next audit's exact recomputation. */
    @Test
    void aCorruptedSumWVruntimeIsReported() {
        Core core = machine(1, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        for (int i = 0; i < 3; i++) Machines.spawn(core, "hog" + i, Machines.hog("hog" + i), CpuMask.of(0));
        Machines.run(core, 10 * MS);
        assertEquals(List.of(), c.violations());
        core.rqs[0].cfs.sumWVruntime += 12345;
        c.auditNow();
        assertEquals(List.of("cfs_rq=/"), find(c, "eevdf", "E1").roles(), String.valueOf(c.violations()));
    }

    /**
     * DELAY_DEQUEUE: a sleeper that ran ahead stays queued (sched_delayed); the audit follows its
     * lag, and a lag that went down while it stayed delayed is reported (E4).
     */
    @Test
    void aDelayedEntityWhoseLagDecreasesIsReported() {
        Core core = machine(1, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        org.proxytorture.kernel.sched.fair.SchedEntity delayed = delayedNapper(core);
        c.auditNow();
        assertEquals(List.of(), c.violations());
        delayed.vlag -= 1000;
        c.auditNow();
        assertEquals(List.of("cfs_rq=/"), find(c, "eevdf", "E4").roles(), String.valueOf(c.violations()));
    }

    /**
     * A hog and a napper on CPU 0 (one CPU): run until the napper sleeps while not eligible, so
     * DELAY_DEQUEUE keeps its entity in the tree (sched_delayed). Returns that entity.
     */
    static org.proxytorture.kernel.sched.fair.SchedEntity delayedNapper(Core core) {
        Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0));
        Machines.spawn(core, "napper", Program.builder("napper").label("l").run(3 * MS).sleep(MS / 2).jump("l").build(), CpuMask.of(0));
        org.proxytorture.kernel.sched.fair.SchedEntity delayed = null;
        for (long t = MS; t < 200 * MS && delayed == null; t += 10_000) {
            Machines.run(core, t);
            for (var se : core.rqs[0].cfs.timeline()) if (se.schedDelayed) delayed = se;
        }
        assertNotNull(delayed, "the napper sleeps while not eligible at some point");
        return delayed;
    }

    /** A lock freed without waking its first waiter (the owner word cleared by hand): a lost wakeup. */
    @Test
    void aWaiterAsleepOnAFreeLockIsALostWakeup() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Machines.spawn(core, "owner", Program.builder("owner").lock(m).sleep(1000 * MS).exit().build(), CpuMask.of(0));
        Task w = Machines.spawn(core, "waiter", Program.builder("waiter").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        assertEquals(List.of(), c.violations(), "a waiter of a held lock sleeps legitimately");
        assertTrue(m.waiters().contains(w));
        m.owner = 0; // corrupt: the lock is free, nobody wakes the waiter
        Machines.run(core, 20 * MS);
        Violation v = find(c, "lost-wakeup", "INV-P8");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=waiter"), v.roles());
    }

    /**
     * A donor parked on a sleeping owner (the sleeping-owner series) waits for the owner's wakeup;
     * a sched_delayed owner is still asleep though queued (DELAY_DEQUEUE), as find_proxy_task()
     * says. Only an owner queued and not delayed is running again without its donor: INV-P8. (A
     * PROXY10 soak at model 17 was flagged for a donor parked on a delayed owner that waited its
     * turn on another mutex.) The owner's state is set by hand; nothing else runs it meanwhile.
     */
    @Test
    void aDonorParkedOnADelayedOwnerWaitsAndOnARunningOneIsALostWakeup() {
        Core core = machine(2, new FullProxy());
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Task owner = Machines.spawn(core, "owner", Program.builder("owner").lock(m).sleep(1000 * MS).unlock(m).exit().build(), CpuMask.of(0));
        Task donor = Machines.spawn(core, "donor", Program.builder("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        Machines.run(core, 10 * MS);
        assertEquals(owner, donor.blockedOwner, "the donor is parked on its sleeping owner");
        owner.onRq = TaskState.TASK_ON_RQ_QUEUED; // as a sleep under DELAY_DEQUEUE leaves it
        owner.se.schedDelayed = true;
        Machines.run(core, 40 * MS);
        assertNull(find(c, "lost-wakeup", "INV-P8"), "parked on a delayed owner: " + c.violations());
        owner.se.schedDelayed = false; // corrupt: the owner runs again, its donor left parked
        Machines.run(core, 70 * MS);
        Violation v = find(c, "lost-wakeup", "INV-P8");
        assertNotNull(v, String.valueOf(c.violations()));
        assertEquals(List.of("task=donor"), v.roles());
    }

    /** Two acquisitions without a release between them break mutual exclusion. */
    @Test
    void twoOwnersAtOnceBreakMutualExclusion() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Task a = Machines.spawn(core, "a", Machines.hog("a"), CpuMask.of(0));
        Task b = Machines.spawn(core, "b", Machines.hog("b"), CpuMask.of(1));
        Mutex m = mutex(core, "m");
        core.trace.lockAcquired(core.now(), 0, a, m);
        core.trace.lockAcquired(core.now(), 1, b, m);
        assertEquals(List.of("lock=m"), find(c, "lock", "mutual-exclusion").roles(), String.valueOf(c.violations()));
    }

    /** A task in D state for longer than hung_task_timeout (here 50 ms): the hung-task report. */
    @Test
    void aTaskBlockedTooLongIsAHungTask() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Machines.spawn(core, "owner", Program.builder("owner").lock(m).sleep(1000 * MS).unlock(m).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "waiter", Program.builder("waiter").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        Machines.run(core, 40 * MS);
        assertNull(find(c, "deadlock", "hung_task"));
        Machines.run(core, 100 * MS);
        Violation v = find(c, "deadlock", "hung_task");
        assertNotNull(v, String.valueOf(c.violations()));
        assertTrue(v.message().startsWith("INFO: task "), v.message());
        assertEquals(List.of(List.of("task=owner"), List.of("task=waiter")),
                c.violations().stream().filter(x -> x.invariant().equals("hung_task")).map(Violation::roles).toList(), "both sleep in D state");
    }

    /**
     * The same wait behind an owner that runs all along (locktorture's rare long hold, 1 s for
     * an rwsem writer): one hold going on explains it, so a short run's scaled-down timeout does
     * not call the waiter hung. The clock starts when the hold ends.
     */
    @Test
    void aWaitBehindOneRunningHoldIsNotAHungTask() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Machines.spawn(core, "owner", Program.builder("owner").lock(m).run(200 * MS).unlock(m).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "waiter", Program.builder("waiter").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        Machines.run(core, 300 * MS);
        assertNull(find(c, "deadlock", "hung_task"), String.valueOf(c.violations()));
    }

    /**
     * A wait explained by a running hold at the end of a chain of holders: "mid" holds B and waits
     * for A, which "holder" keeps for 200 ms while it runs; "waiter" waits for B. Neither is hung.
     */
    @Test
    void aWaitBehindAChainEndingInARunningHoldIsNotAHungTask() {
        Core core = machine(3, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Mutex a = mutex(core, "A"), b = mutex(core, "B");
        Machines.spawn(core, "holder", Program.builder("holder").lock(a).run(200 * MS).unlock(a).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "mid", Program.builder("mid").sleep(MS).lock(b).lock(a).unlock(a).unlock(b).exit().build(), CpuMask.of(1));
        Task waiter = Machines.spawn(core, "waiter", Program.builder("waiter").sleep(2 * MS).lock(b).unlock(b).exit().build(), CpuMask.of(2));
        Machines.run(core, 100 * MS);
        assertTrue(b.waiters().contains(waiter), "waiter waits for B, whose owner waits for A");
        Machines.run(core, 200 * MS);
        assertNull(find(c, "deadlock", "hung_task"), String.valueOf(c.violations()));
    }

    /** A watched writer that never gets a lock is starved. */
    @Test
    void aWatchedTaskWithoutAcquisitionsIsStarved() {
        Core core = machine(1, ProxyExec.OFF);
        Checks c = Checks.install(core, fast());
        Task t = Machines.spawn(core, "writer", Machines.hog("writer"), CpuMask.of(0));
        c.watchProgress(List.of(t));
        Machines.run(core, 300 * MS);
        assertEquals(List.of("writer=writer"), find(c, "progress", "starved").roles(), String.valueOf(c.violations()));
    }

    /** An owner charged for its donor's time (its vruntime bumped while it runs as a proxy). */
    @Test
    void anOwnerChargedWhileProxyingIsReported() {
        Core core = machine(1, new FullProxy());
        Checks c = Checks.install(core, fast());
        Mutex m = mutex(core, "m");
        Task owner = Machines.spawn(core, "owner", Program.builder("owner").lock(m).run(30 * MS).unlock(m).exit().build(), CpuMask.of(0), null, 10);
        Machines.spawn(core, "donor", Program.builder("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), null, -5);
        boolean[] bumped = {false};
        core.trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void proxy(long now, int cpu, org.proxytorture.kernel.sched.ProxyEvent pe, Task d, Task task) {
                String event = pe.text();
                if (event.equals("proxy_chosen") && task == owner && !bumped[0]) {
                    bumped[0] = true;
                    owner.se.vruntime += 1_000_000; // corrupt: the owner is charged (its queued key kept in the sums)
                    core.rqs[0].cfs.sumWVruntime += 1_000_000L * owner.se.weight;
                }
            }
        });
        Machines.run(core, 60 * MS);
        assertTrue(bumped[0]);
        assertEquals(List.of("owner=owner"), find(c, "eevdf", "proxy-charge").roles(), String.valueOf(c.violations()));
    }

    /** Checkers only read: a run with them and without them is the same run (same event hash). */
    @Test
    void checkersDoNotChangeTheRun() {
        long[] hashes = new long[2];
        for (int on = 0; on < 2; on++) {
            var cfg = new org.proxytorture.config.RunConfig(4, 1000, 500 * MS,
                    "locktorture.nested_locks=4 torture.random_shuffle=1 proxytorture.checks=" + on, 3, null);
            var r = new org.proxytorture.torture.TortureRun(cfg, new org.proxytorture.torture.Console(null, true)).run();
            assertTrue(r.success());
            hashes[on] = r.eventHash();
        }
        assertEquals(hashes[0], hashes[1]);
    }
}
