package org.proxytorture.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.check.CheckersTest.MS;
import static org.proxytorture.check.CheckersTest.fast;
import static org.proxytorture.check.CheckersTest.find;
import static org.proxytorture.check.CheckersTest.machine;
import static org.proxytorture.check.CheckersTest.mutex;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.check.CheckersTest.Held;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.harness.KernelOops;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.kernel.sched.fair.SchedEntity;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.junit.jupiter.api.Tag;

/**
 * Every invariant a checker can report, made to fire on purpose: a small machine run into a
 * legitimate state (the checkers quiet on it), exactly one thing corrupted behind the kernel's
 * back (a field, a fake tracepoint, a step taken twice), then the audit or the step that checks
 * it. Each test asserts the violation's checker, invariant id and roles, so it fails if the
 * check is gone. The invariants fired elsewhere (CheckersTest, RwLockCheckerTest, RtCheckerTest,
 * RtMutexTest, WakeupPathsTest) are not repeated here.
 */
@Tag("fast")
class InvariantsFireTest {

    /** checker/invariant was reported, with exactly these roles. */
    private static Violation assertFires(Checks c, String checker, String invariant, String... roles) {
        Violation v = find(c, checker, invariant);
        assertNotNull(v, checker + "/" + invariant + " expected among " + c.violations());
        assertEquals(checker, v.checker());
        assertEquals(invariant, v.invariant());
        assertEquals(List.of(roles), v.roles());
        return v;
    }

    /** The next audit reports checker/invariant, with exactly these roles. */
    private static Violation assertAuditFinds(Checks c, String checker, String invariant, String... roles) {
        c.auditNow();
        return assertFires(c, checker, invariant, roles);
    }

    /**
     * Given: every checker on a machine of {@code cpus} CPUs (proxy execution off), set up by
     * {@code setup}, and quiet at an audit; {@code it} is what setup returns, the thing the test corrupts.
     */
    private record Given<T>(Core core, Checks c, T it) {
        static <T> Given<T> quiet(int cpus, java.util.function.Function<Core, T> setup) {
            Core core = machine(cpus, ProxyExec.OFF);
            Checks c = Checks.install(core, fast());
            T it = setup.apply(core);
            c.auditNow();
            assertEquals(List.of(), c.violations(), "the legitimate state is quiet");
            return new Given<>(core, c, it);
        }
    }

    /** An owner holding m asleep and a waiter blocked on it, from CPUs 0 and 1 (CheckersTest's Held). */
    private static Held heldM(Core core) {
        return Held.on(core, mutex(core, "m"), "waiter");
    }

    /** A fair hog pinned to CPU 0, running (rq->curr and rq->donor). */
    private static Task hog(Core core) {
        Task t = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0));
        Machines.run(core, 5 * MS);
        assertEquals(t, core.rqs[0].curr);
        return t;
    }

    /** Two fair hogs pinned to CPU 0: one is rq->curr, the other waits in the tree. Returns the waiting one. */
    private static Task queuedBehindHog(Core core) {
        Task a = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0));
        Task b = Machines.spawn(core, "queued", Machines.hog("queued"), CpuMask.of(0));
        Machines.run(core, 5 * MS);
        Task waiting = core.rqs[0].curr == a ? b : a;
        assertTrue(waiting.onRq == TaskState.TASK_ON_RQ_QUEUED && waiting.se.onRq, "one hog runs, the other is queued");
        return waiting;
    }

    // ---------------------------------------------------------------- migration

    /** The sched_switch of a second CPU to a task that the first still runs: rq->curr of two CPUs. */
    @Test
    void aTaskSwitchedInOnASecondCpuIsCurrOnTwoCpus() {
        Core core = machine(2, ProxyExec.OFF);
        Checks c = Checks.none(core, fast()); // the checker alone: Trace.schedSwitch() is not public, so the fake goes to it directly
        MigrationChecker migration = c.add(new MigrationChecker(c));
        Task t = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0, 1));
        Machines.run(core, 5 * MS);
        assertEquals(t, core.rqs[t.cpu].curr);
        assertEquals(List.of(), c.violations());
        int other = 1 - t.cpu;
        migration.schedSwitch(core.now(), other, core.rqs[other].idle, TaskState.TASK_RUNNING, t); // fake: the other CPU switches to it too
        assertFires(c, "migration", "curr-on-two-cpus", "task=hog");
    }

    /** A task queued on CPU 0 whose task_cpu() says CPU 1 (set_task_cpu() without the move). */
    @Test
    void aQueuedTaskWhoseTaskCpuNamesAnotherCpuIsTaskCpu() {
        Given<Task> g = Given.quiet(2, InvariantsFireTest::queuedBehindHog);
        g.it().cpu = 1; // corrupt
        assertAuditFinds(g.c(), "migration", "task_cpu", "task=" + g.it().comm);
    }

    /** activate_task() on a second runqueue of an RT task still queued on its first: on two runqueues. */
    @Test
    void aTaskEnqueuedOnASecondRunqueueIsQueuedTwice() {
        Given<Task> g = Given.quiet(2, core -> {
            Task rt = core.createTask("rt", CpuMask.of(0), core.rootTaskGroup, new ProgramFrame(Machines.hog("rt")));
            Machines.makeFifo(core, rt, 10);
            core.wakeUpNewTask(rt);
            Machines.run(core, 5 * MS);
            assertEquals(List.of(rt), core.rqs[0].rtTasks());
            return rt;
        });
        g.core().activateTask(g.core().rqs[1], g.it(), 0); // corrupt: enqueued again, never dequeued from CPU 0
        assertAuditFinds(g.c(), "migration", "queued-twice", "task=rt");
    }

    /** rq->donor taken off the runqueue (p->on_rq = 0) while still the donor: INV-P1 at the audit. */
    @Test
    void aDonorOffItsRunqueueIsInvP1() {
        Given<Task> g = Given.quiet(1, InvariantsFireTest::hog);
        assertEquals(g.it(), g.core().rqs[0].donor);
        g.it().onRq = 0; // corrupt: __block_task() of the donor without a switch away from it
        assertAuditFinds(g.c(), "migration", "INV-P1", "donor=hog");
    }

    // ---------------------------------------------------------------- lock

    /** A lock_release of m by its waiter while the owner holds it. */
    @Test
    void aReleaseByATaskThatDoesNotHoldTheLockIsReleaseNotOwner() {
        Given<Held> g = Given.quiet(2, InvariantsFireTest::heldM);
        Task waiter = g.it().waiter();
        g.core().trace.lockReleased(g.core().now(), 1, waiter, waiter.blockedOn); // fake: the waiter "releases" the owner's lock
        assertFires(g.c(), "lock", "release-not-owner", "lock=m");
    }

    /** MUTEX_FLAG_PICKUP set while the owner word still names the owner, which is no waiter (a handoff to nobody). */
    @Test
    void aPickupFlagOnALockHandedToNoWaiterIsInvP6() {
        Given<Held> g = Given.quiet(2, InvariantsFireTest::heldM);
        g.it().waiter().blockedOn.owner |= Mutex.MUTEX_FLAG_PICKUP; // corrupt
        assertAuditFinds(g.c(), "lock", "INV-P6", "lock=m");
    }

    /** An owner word that names a task other than the one lock_acquired last saw take the lock. */
    @Test
    void anOwnerWordNamingAnotherTaskThanTheAcquirerIsOwnerWord() {
        Given<Held> g = Given.quiet(2, InvariantsFireTest::heldM);
        Mutex m = g.it().waiter().blockedOn;
        Task other = Machines.spawn(g.core(), "other", Machines.hog("other"), CpuMask.of(1)); // never took m
        m.owner = ((long) other.pid << 3) | m.flags(); // corrupt: the owner word is pid << 3 | flags (Mutex)
        assertEquals(other, m.owner());
        assertAuditFinds(g.c(), "lock", "owner-word", "lock=m");
    }

    /** The owner of m blocked on m itself. */
    @Test
    void anOwnerBlockedOnTheLockItOwnsIsInvP4() {
        Given<Held> g = Given.quiet(2, InvariantsFireTest::heldM);
        g.it().owner().blockedOn = g.it().waiter().blockedOn; // corrupt
        assertAuditFinds(g.c(), "lock", "INV-P4", "lock=m", "owner=owner");
    }

    /** A task on m's wait list whose blocked_on names another mutex n. */
    @Test
    void aWaiterBlockedOnAnotherLockIsWaiterBlockedOn() {
        Given<Held> g = Given.quiet(2, InvariantsFireTest::heldM);
        g.it().waiter().blockedOn = mutex(g.core(), "n"); // corrupt
        assertAuditFinds(g.c(), "lock", "waiter-blocked-on", "lock=m", "blocked_on=n");
    }

    /** A running task whose blocked_on names m, on whose wait list it is not. */
    @Test
    void aTaskBlockedOnALockWithoutBeingItsWaiterIsBlockedOnNotWaiter() {
        Given<Task> g = Given.quiet(1, InvariantsFireTest::hog);
        g.it().blockedOn = mutex(g.core(), "m"); // corrupt: __set_task_blocked_on() without __mutex_add_waiter()
        assertAuditFinds(g.c(), "lock", "blocked-on-not-waiter", "lock=m");
    }

    // ---------------------------------------------------------------- lost-wakeup

    /**
     * The liveness end phase: the run's end hands over the kthreads that did not stop within the
     * grace period; a waiter behind an owner that sleeps on (its 1 s hold) is one.
     */
    @Test
    void aTaskThatDidNotFinishAfterTheTestStoppedIsALivenessFailure() {
        Given<Held> g = Given.quiet(2, InvariantsFireTest::heldM);
        g.c().neverFinished(List.of(), 100 * MS);
        assertEquals(List.of(), g.c().violations(), "every task finished");
        g.c().neverFinished(List.of(g.it().waiter()), 100 * MS);
        assertFires(g.c(), "lost-wakeup", "liveness", "task=waiter");
    }

    // ---------------------------------------------------------------- eevdf

    /** A cfs_rq marked throttled (no quota, not on its bandwidth's throttled list): CFS bandwidth's state, E8. */
    @Test
    void aThrottledCfsRqMissingFromTheThrottledListIsE8() {
        Given<Task> g = Given.quiet(1, InvariantsFireTest::hog);
        g.core().rqs[0].cfs.throttled = true; // corrupt: throttle_cfs_rq() never ran
        assertAuditFinds(g.c(), "eevdf", "E8", "cfs_bandwidth");
    }

    /** A sleeper's lag beyond what place_entity()'s clamp (base slice plus a tick, in its weight) allows. */
    @Test
    void aSleeperWithLagBeyondItsClampIsE3() {
        Given<Task> g = Given.quiet(1, core -> {
            Task t = Machines.spawn(core, "sleeper", Program.builder("sleeper").label("l").run(MS / 10).sleep(10 * MS).jump("l").build(), CpuMask.of(0));
            Machines.run(core, 5 * MS);
            assertFalse(t.se.onRq, "asleep, off the tree");
            return t;
        });
        g.it().se.vlag = 1_000 * MS; // corrupt
        assertAuditFinds(g.c(), "eevdf", "E3", "task=sleeper");
    }

    /**
     * The kernel's own path, not a violation: a nice-19 sleeper made SCHED_FIFO, reniced to -20
     * (set_user_nice() of an RT task only sets static_prio) and made SCHED_NORMAL again
     * (set_load_weight() runs before the class switch, so reweight_task_fair() does not rescale
     * vlag): its lag, clamped at weight 15, is far beyond the clamp of weight 88761. A soft finding.
     */
    @Test
    void aSleeperReweightedOutsideTheFairClassIsAFindingNotE3() {
        Given<Task> g = Given.quiet(1, core -> {
            Task t = Machines.spawn(core, "sleeper", Program.builder("sleeper").label("l").run(MS / 10).sleep(10 * MS).jump("l").build(), CpuMask.of(0));
            Machines.run(core, 5 * MS);
            return t;
        });
        SchedEntity se = g.it().se;
        se.vlag = 100 * MS;   // within nice 19's clamp: (700 us slice + 1 ms tick) * 1024 / 15 = 116 ms
        se.vlagWeight = 15;
        se.setWeight(88761);  // nice -20: p->se.load = lw, no rescale (its clamp is now 19 us)
        g.c().auditNow();
        assertEquals(List.of(), g.c().violations(), "the kernel leaves vlag unscaled here");
        assertTrue(g.c().findings().stream().anyMatch(v -> v.invariant().equals("E3-unscaled")), String.valueOf(g.c().findings()));
        g.core().fair.reweightTask(g.it(), 1024); // a later renice while fair rescales vlag: the ratio carries on
        g.c().auditNow();
        assertEquals(List.of(), g.c().violations(), "still the kernel's unscaled lag, rescaled since");
        se.vlag = 1_000_000 * MS; // beyond the clamp it had, rescales included: the model's clamp is wrong
        assertAuditFinds(g.c(), "eevdf", "E3", "task=sleeper");
    }

    /** cfs_rq->curr pointed at an entity that waits in the tree (set_next_entity() without __dequeue_entity()). */
    @Test
    void cfsRqCurrInTheTreeIsE7() {
        Given<Task> g = Given.quiet(1, InvariantsFireTest::queuedBehindHog);
        g.core().rqs[0].cfs.curr = g.it().se; // corrupt
        assertAuditFinds(g.c(), "eevdf", "E7", "cfs_rq=/");
    }

    /** A vruntime so far from zero_vruntime that sum_w_vruntime's (v - zero) * weight overflows s64. */
    @Test
    void aVruntimeWhoseWeightedKeyOverflowsIsE1Overflow() {
        Given<Task> g = Given.quiet(1, InvariantsFireTest::queuedBehindHog);
        g.it().se.vruntime = Long.MAX_VALUE / 4; // corrupt
        assertAuditFinds(g.c(), "eevdf", "E1-overflow", "cfs_rq=/");
    }

    /** The running entity, cfs_rq->curr, marked sched_delayed (only an entity in the tree may be). */
    @Test
    void aDelayedCfsRqCurrIsE4Curr() {
        Given<Task> g = Given.quiet(1, InvariantsFireTest::hog);
        assertEquals(g.it().se, g.core().rqs[0].cfs.curr);
        g.it().se.schedDelayed = true; // corrupt
        assertAuditFinds(g.c(), "eevdf", "E4-curr", "cfs_rq=/");
    }

    /** A sched_delayed entity left in the tree with se->on_rq = 0. */
    @Test
    void aDelayedEntityInTheTreeWithOnRqClearIsE4OnRq() {
        Given<SchedEntity> g = Given.quiet(1, CheckersTest::delayedNapper);
        g.it().onRq = false; // corrupt
        assertAuditFinds(g.c(), "eevdf", "E4-on_rq", "cfs_rq=/");
    }

    /** A delayed task is queued and asleep: one marked TASK_RUNNING (a wakeup that forgot to requeue it) is not. */
    @Test
    void aDelayedTaskThatIsRunnableIsE4Task() {
        Given<SchedEntity> g = Given.quiet(1, CheckersTest::delayedNapper);
        g.it().task.state = TaskState.TASK_RUNNING; // corrupt
        assertAuditFinds(g.c(), "eevdf", "E4-task", "task=napper");
    }

    /** A group entity marked sched_delayed while a task is still queued below it. */
    @Test
    void aDelayedGroupEntityWithTasksBelowIsE4Group() {
        Given<SchedEntity> g = Given.quiet(1, core -> {
            for (String name : List.of("g1", "g2")) // a hog in each of two groups: one group's entity runs, the other's waits
                Machines.spawn(core, "hog_" + name, Machines.hog("hog_" + name), CpuMask.of(0), core.createGroup(name, core.rootTaskGroup, 1024), 0);
            Machines.run(core, 5 * MS);
            List<SchedEntity> groups = core.rqs[0].cfs.timeline().stream().filter(se -> !se.isTask()).toList();
            assertEquals(1, groups.size(), "one group entity waits in the root tree");
            return groups.get(0);
        });
        g.it().schedDelayed = true; // corrupt
        assertAuditFinds(g.c(), "eevdf", "E4-group", "cfs_rq=/");
    }

    // ---------------------------------------------------------------- warn and oops

    /** set_task_cpu() of a task still queued: the kernel's WARN, as the violation warn/&lt;text&gt;. */
    @Test
    void setTaskCpuOfAQueuedTaskIsAWarning() {
        Given<Task> g = Given.quiet(2, InvariantsFireTest::queuedBehindHog);
        g.core().setTaskCpu(g.it(), 1); // the step, given a task it must not be (not dequeued first)
        assertFires(g.c(), "warn", "set_task_cpu: queued task moved");
    }

    /**
     * sum_w_vruntime corrupted so that no entity is eligible: __pick_eevdf() returns NULL at the
     * next pick, and pick_next_entity() dereferences it; the oops is a violation (and ends the run).
     */
    @Test
    void aPickWithNothingEligibleOopsesInPickNextEntity() {
        Given<Task> g = Given.quiet(1, InvariantsFireTest::queuedBehindHog);
        g.core().rqs[0].cfs.sumWVruntime -= 1L << 60; // corrupt: the average far below every entity's vruntime
        KernelOops e = assertThrows(KernelOops.class, () -> Machines.run(g.core(), 50 * MS));
        assertEquals("BUG: kernel NULL pointer dereference in pick_next_entity", e.what());
        assertFires(g.c(), "oops", "BUG: kernel NULL pointer dereference in pick_next_entity");
    }
}
