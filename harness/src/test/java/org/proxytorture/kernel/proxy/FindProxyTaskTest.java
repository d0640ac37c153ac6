package org.proxytorture.kernel.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.proxy.ProxyScenario.MS;

import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.fair.Fair;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * find_proxy_task(), one test per row of the case table (reference section 1.5): a small
 * scenario, the decision the walk takes, and the schedule that follows.
 */
class FindProxyTaskTest {

    /** Owner on this runqueue: it runs with the donor's context; the donor is charged. */
    @Test
    void ownerOnThisCpuRunsForTheDonorAndTheDonorIsCharged() {
        ProxyScenario s = new ProxyScenario(1, new FullProxy());
        Mutex m = s.mutex("m");
        Task owner = s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(20 * MS).unlock(m).exit().build(), CpuMask.of(0), 10);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), -5);
        long[] at = new long[4];
        boolean[] checked = {false};
        s.core.trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void proxy(long now, int cpu, org.proxytorture.kernel.sched.ProxyEvent pe, Task d, Task t) {
                String event = pe.text();
                // the window also ends where the owner goes on running as itself, with no switch
                // (it was picked on its own: "donor_changed", as the eevdf checker has it)
                if (event.equals("donor_changed") && d == donor && t == owner) windowEnds();
                if (event.equals("proxy_chosen") && d == donor && t == owner && at[0] == 0) {
                    at[0] = now;
                    at[1] = donor.se.vruntime;
                    at[2] = owner.se.vruntime;
                    at[3] = owner.se.sumExecRuntime;
                }
            }

            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                if (prev == owner) windowEnds();
            }

            private void windowEnds() {
                if (at[0] != 0 && !checked[0]) {
                    checked[0] = true;
                    long exec = owner.se.sumExecRuntime - at[3];
                    assertTrue(exec > 0, "the owner ran as proxy");
                    assertEquals(at[2], owner.se.vruntime, "the owner's vruntime does not move while it is a proxy");
                    // update_curr() charges in pieces; each piece is rounded, so allow 1 ns per tick
                    assertEquals(Fair.calcDeltaFair(exec, donor.se), donor.se.vruntime - at[1], 1 + exec / s.core.tickNsec,
                            "the donor's vruntime advances by calc_delta_fair(delta_exec, donor)");
                }
            }
        });
        s.runUntil(10 * MS);
        assertSame(m, donor.blockedOn, s.dump());
        assertEquals(TaskState.TASK_ON_RQ_QUEUED, donor.onRq, "a blocked donor stays on the runqueue");
        s.runUntil(40 * MS);
        var run = s.branch("proxy_run_owner");
        assertNotNull(run, s.dump());
        assertSame(donor, run.a());
        assertTrue(checked[0], "a proxy window was measured" + s.dump());
        assertNotNull(s.first(e -> e.kind().equals("acquired") && e.a() == donor), "the donor gets the lock at the end");
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /** A chain through two mutexes: donor -> m1 -> middle -> m2 -> owner runs the owner. */
    @Test
    void aChainThroughSeveralMutexesRunsItsLastOwner() {
        ProxyScenario s = new ProxyScenario(1, new FullProxy());
        Mutex m1 = s.mutex("m1");
        Mutex m2 = s.mutex("m2");
        Task owner = s.spawn("owner", ProxyScenario.prog("owner").lock(m2).run(20 * MS).unlock(m2).exit().build(), CpuMask.of(0), 10);
        Task middle = s.spawn("middle", ProxyScenario.prog("middle").sleep(MS).lock(m1).lock(m2).unlock(m2).unlock(m1).exit().build(), CpuMask.of(0), 10);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(5 * MS).lock(m1).unlock(m1).exit().build(), CpuMask.of(0), -5);
        s.runUntil(60 * MS);
        var deep = s.branch("chain_step_deep");
        assertNotNull(deep, "the walk passed a second link" + s.dump() + s.core.coverage.snapshot());
        assertSame(donor, deep.a());
        assertSame(middle, deep.b(), "the second link is the middle task");
        var chosen = s.firstAfter(deep, e -> e.kind().equals("proxy_chosen"));
        assertSame(owner, chosen.b(), "the last owner runs for the donor");
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /** Owner on another CPU (full): the donor is migrated to it, and returns home at wakeup. */
    @Test
    void aRemoteOwnerGetsTheDonorMigratedAndTheDonorReturnsHomeAtWakeup() {
        ProxyScenario s = new ProxyScenario(2, new FullProxy());
        Mutex m = s.mutex("m");
        Task owner = s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(10 * MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
        s.runUntil(30 * MS);
        var decision = s.branch("owner_remote_migrate");
        assertNotNull(decision, s.dump());
        assertEquals(0, decision.cpu());
        assertSame(donor, decision.a());
        var migrated = s.firstAfter(decision, e -> e.kind().equals("migrate") && e.a() == donor);
        assertEquals(1, migrated.cpu(), "the donor goes to the owner's CPU, outside its own mask");
        var proxied = s.firstAfter(migrated, e -> e.kind().equals("proxy_chosen") && e.a() == donor);
        assertNotNull(proxied, s.dump());
        assertEquals(1, proxied.cpu());
        assertSame(owner, proxied.b());
        var handoff = s.firstAfter(proxied, e -> e.kind().equals("handoff") && e.b() == donor);
        assertNotNull(handoff, "the owner hands the lock to its blocked_donor" + s.dump());
        var back = s.firstAfter(handoff, e -> e.kind().equals("donor_returned") && e.a() == donor);
        assertNotNull(back, "return migration in try_to_wake_up()" + s.dump());
        var acquired = s.firstAfter(back, e -> e.kind().equals("acquired") && e.a() == donor);
        assertEquals(0, acquired.cpu(), "the donor takes the lock at home");
        assertNull(s.first(e -> e.kind().equals("switch") && e.b() == donor && e.cpu() == 1), "it never ran on CPU 1");
        assertTrue(s.core.coverage.count("ttwu_return_migration") > 0);
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /** Owner on another CPU (6.17): the donor is deactivated, and woken normally at unlock. */
    @Test
    void singleRqDeactivatesTheDonorOfARemoteOwner() {
        ProxyScenario s = new ProxyScenario(2, new SingleRqProxy());
        Mutex m = s.mutex("m");
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(10 * MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
        s.runUntil(5 * MS);
        var decision = s.branch("owner_remote");
        assertNotNull(decision, s.dump());
        assertNotNull(s.firstAfter(decision, e -> e.kind().equals("donor_deactivated") && e.b() == donor));
        assertEquals(0, donor.onRq, "proxy_deactivate(): off the runqueue while the owner runs elsewhere");
        assertSame(m, donor.blockedOn);
        s.runUntil(30 * MS);
        var acquired = s.first(e -> e.kind().equals("acquired") && e.a() == donor);
        assertEquals(0, acquired.cpu());
        assertNull(s.first(e -> e.kind().equals("migrate") && e.a() == donor), "6.17 never migrates a donor");
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /** Owner on another CPU (7.1): migrated; the unlock marks it PROXY_WAKING and it is returned. */
    @Test
    void migrateVariantMarksTheWokenDonorProxyWakingAndReturnsIt() {
        ProxyScenario s = new ProxyScenario(2, new MigrateProxy());
        Mutex m = s.mutex("m");
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(10 * MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
        s.runUntil(30 * MS);
        assertNotNull(s.branch("owner_remote_migrate"), s.dump());
        var back = s.first(e -> e.kind().equals("donor_returned") && e.b() == donor);
        assertNotNull(back, s.dump());
        var acquired = s.firstAfter(back, e -> e.kind().equals("acquired") && e.a() == donor);
        assertEquals(0, acquired.cpu());
        assertNull(donor.blockedOn);
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /**
     * Owner sleeping (full = the sleeping-owner series): the donor is parked on the owner and
     * re-activated on the CPU where the owner wakes.
     */
    @Test
    void aSleepingOwnersDonorIsParkedAndFollowsItWhereItWakes() {
        ProxyScenario s = new ProxyScenario(2, new FullProxy());
        Mutex m = s.mutex("m");
        Task owner = s.spawn("owner", ProxyScenario.prog("owner").lock(m).sleep(5 * MS).run(MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
        s.runUntil(3 * MS);
        var parked = s.branch("owner_sleeping_park");
        assertNotNull(parked, s.dump());
        assertEquals(0, donor.onRq, "parked: off the runqueue");
        assertSame(owner, donor.blockedOwner);
        s.runUntil(30 * MS);
        var back = s.firstAfter(parked, e -> e.kind().equals("donor_reactivated") && e.a() == donor);
        assertNotNull(back, s.dump());
        assertEquals(1, back.cpu(), "re-activated where the owner woke");
        assertNotNull(s.firstAfter(back, e -> e.kind().equals("proxy_chosen") && e.a() == donor && e.b() == owner));
        var acquired = s.first(e -> e.kind().equals("acquired") && e.a() == donor);
        assertEquals(0, acquired.cpu(), "and it takes the lock back home");
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /**
     * A parked donor is re-activated under its pi_lock, so a wakeup of the donor racing with its
     * owner's (a ww_mutex wait-die kill, here a spurious wake_up_process()) waits for the
     * re-activation and then finds the donor queued (ttwu_runnable()). Every load of the memory
     * model returns the oldest store it may: without the pi_lock a waker whose section starts
     * while the owner's wakeup section runs reads the donor's p->on_rq as 0 and wakes it a second
     * time onto another CPU (set_task_cpu() of a queued task, the cfs_rq corrupted). The waker's
     * time is scanned over 4 us around the owner's wakeup in 20 ns steps (before the pi_lock the
     * scan oopsed at its 156th step).
     */
    @Test
    void aParkedDonorsConcurrentWakeupFindsItReactivated() {
        long[] early = parkedDonorWokenAt(3 * MS); // a waker well before: the donor wakes, blocks again and is parked again
        long reactivatedAt = early[0]; // when the owner's wakeup re-activates the donor
        long shift = early[1] - 3 * MS; // from the waker's sleep to its wakeup of the donor
        int before = 0, after = 0;
        for (long t = reactivatedAt - shift - 2_000; t <= reactivatedAt - shift + 2_000; t += 20) {
            ProxyScenario s = new ProxyScenario(3, new FullProxy(), new StaleLoads());
            Mutex m = s.mutex("m");
            s.spawn("owner", ProxyScenario.prog("owner").lock(m).sleep(5 * MS).run(MS).unlock(m).exit().build(), CpuMask.of(1), 0);
            Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
            long at = t;
            s.spawn("waker", ProxyScenario.prog("waker").sleep(at).call((cpu, p, regs) -> new WakeUpProcess(donor)).exit().build(), CpuMask.of(2), 0);
            s.runUntil(30 * MS);
            assertTrue(s.core.warnings.isEmpty(), "waker at " + at + " ns: " + s.core.warnings + s.dump());
            assertNotNull(s.first(e -> e.kind().equals("acquired") && e.a() == donor), "the donor took the lock, waker at " + at + s.dump());
            var back = s.first(e -> e.kind().equals("donor_reactivated") && e.a() == donor);
            var woken = s.first(e -> e.kind().equals("wakeup") && e.a() == donor && e.t() >= at);
            if (back == null) before++; // the waker took the donor off the owner's list first
            else if (woken != null && woken.t() > back.t()) after++; // the waker found it re-activated (ttwu_runnable())
        }
        assertTrue(before > 0 && after > 0, "the scan crosses the race: " + before + " wakers first, " + after + " after the re-activation");
    }

    /**
     * The owner's wakeup needs each parked donor's pi_lock; when sched_setaffinity() of the donor
     * on a third CPU holds it just then (not a wakeup: the donor stays on the owner's list), the
     * owner's CPU waits it out and re-activates the donor all the same. Model 17 left the donor
     * parked on its running owner then (a soak's INV-P8, PROXY10 seed 1). The setaffinity's time
     * is scanned over 4 us around the owner's wakeup in 20 ns steps; the scan crosses the hold.
     */
    @Test
    void aParkedDonorIsReactivatedThoughSetaffinityHoldsItsPiLock() {
        long[] calibration = new long[1];
        Run early = parkedDonorWithSetaffinityAt(3 * MS, calibration);
        long reactivatedAt = early.scenario.first(e -> e.kind().equals("donor_reactivated")).t();
        long shift = calibration[0] - 3 * MS; // from the shuffler's sleep to its set_cpus_allowed_ptr()
        int contended = 0;
        for (long t = reactivatedAt - shift - 2_000; t <= reactivatedAt - shift + 2_000; t += 20) {
            Run r = parkedDonorWithSetaffinityAt(t, new long[1]);
            ProxyScenario s = r.scenario;
            assertTrue(s.core.warnings.isEmpty(), "setaffinity at " + t + " ns: " + s.core.warnings + s.dump());
            assertNotNull(s.first(e -> e.kind().equals("donor_reactivated") && e.a() == r.donor),
                    "the owner's wakeup re-activates its parked donor, setaffinity at " + t + " ns" + s.dump());
            if (r.donor.piLock.contentions > 0) contended++;
        }
        assertTrue(contended > 0, "the scan crosses a setaffinity holding the donor's pi_lock");
    }

    private record Run(ProxyScenario scenario, Task donor) { }

    /** The owner sleeps holding m, the donor parks on it, a shuffler sets the donor's affinity at {@code at} ns. */
    private static Run parkedDonorWithSetaffinityAt(long at, long[] calledAt) {
        ProxyScenario s = new ProxyScenario(3, new FullProxy(), new StaleLoads());
        Mutex m = s.mutex("m");
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).sleep(5 * MS).run(MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
        s.spawn("shuffler", ProxyScenario.prog("shuffler").sleep(at).call((cpu, p, regs) -> {
            calledAt[0] = cpu.core().now();
            return new org.proxytorture.kernel.sched.SetCpusAllowedFrame(donor, CpuMask.of(0, 2));
        }).exit().build(), CpuMask.of(2), 0);
        s.runUntil(30 * MS);
        return new Run(s, donor);
    }

    /** The donor's re-activation and its first wakeup after it, with the waker asleep for {@code at}. */
    private static long[] parkedDonorWokenAt(long at) {
        ProxyScenario s = new ProxyScenario(3, new FullProxy(), new StaleLoads());
        Mutex m = s.mutex("m");
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).sleep(5 * MS).run(MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
        s.spawn("waker", ProxyScenario.prog("waker").sleep(at).call((cpu, p, regs) -> new WakeUpProcess(donor)).exit().build(), CpuMask.of(2), 0);
        s.runUntil(30 * MS);
        var back = s.first(e -> e.kind().equals("donor_reactivated") && e.a() == donor);
        var woken = s.first(e -> e.kind().equals("wakeup") && e.a() == donor && e.t() >= at);
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
        assertNotNull(back, s.dump());
        assertNotNull(woken, s.dump());
        return new long[] {back.t(), woken.t()};
    }

    /** wake_up_process(p) from a program: try_to_wake_up(p, TASK_NORMAL, 0), retried while it spins. */
    private static final class WakeUpProcess extends org.proxytorture.kernel.cpu.KFrame {
        private final Task p;

        WakeUpProcess(Task p) {
            this.p = p;
        }

        @Override
        public int step(org.proxytorture.kernel.cpu.Cpu cpu, Task self) {
            return cpu.core().tryToWakeUp(cpu, p, TaskState.TASK_NORMAL, 0) == org.proxytorture.kernel.cpu.KFrame.SPIN ? SPIN : DONE;
        }

        @Override
        public String describe() {
            return "wake_up_process";
        }
    }

    /** Zeros, but every load of the memory model returns the oldest store it may (the stalest read allowed). */
    private static final class StaleLoads implements org.proxytorture.sim.ChoiceSource {
        private final org.proxytorture.sim.ChoiceSource zeros = org.proxytorture.sim.ReplayChoices.of();

        @Override
        public int choose(int n) {
            return zeros.choose(n);
        }

        @Override
        public boolean oneIn(long oneIn) {
            return zeros.oneIn(oneIn);
        }

        @Override
        public int chooseLoad(int n) {
            zeros.choose(n);
            return n - 1;
        }

        @Override
        public org.proxytorture.sim.ChoiceLog log() {
            return zeros.log();
        }

        @Override
        public String describe() {
            return "stale loads";
        }
    }

    /**
     * pick_again goes round once per donor it parks: 100 donors queued on one CPU behind an owner
     * that goes to sleep are parked in one __schedule(), more rounds than the chain bound (64) and
     * no livelock (a fixed bound of 64 rounds reported one at scale). Each round took a task off
     * the runqueue.
     */
    @Test
    void pickAgainParksEveryQueuedDonorOfASleepingOwnerInOneSchedule() {
        ProxyScenario s = new ProxyScenario(1, new FullProxy());
        Mutex m = s.mutex("m");
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(300 * MS).sleep(5 * MS).unlock(m).exit().build(), CpuMask.of(0), 0);
        java.util.List<Task> donors = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++)
            donors.add(s.spawn("donor" + i, ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0));
        s.runUntil(400 * MS);
        int mostAtOnce = 0, parks = 0; // parks between two context switches: one __schedule()
        for (ProxyScenario.Ev e : s.events) {
            if (e.kind().equals("switch")) parks = 0;
            else if (e.kind().equals("find_proxy_task:owner_sleeping_park")) mostAtOnce = Math.max(mostAtOnce, ++parks);
        }
        assertTrue(mostAtOnce > org.proxytorture.kernel.sched.Schedule.MAX_CHAIN, "parked in one __schedule(): " + mostAtOnce + s.dump());
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
        for (Task d : donors) assertNotNull(s.first(e -> e.kind().equals("acquired") && e.a() == d), d + " took the lock" + s.dump());
    }

    /** Owner sleeping (6.17): the donor is deactivated. */
    @Test
    void singleRqDeactivatesTheDonorOfASleepingOwner() {
        ProxyScenario s = new ProxyScenario(2, new SingleRqProxy());
        Mutex m = s.mutex("m");
        s.spawn("owner", ProxyScenario.prog("owner").lock(m).sleep(5 * MS).unlock(m).exit().build(), CpuMask.of(1), 0);
        Task donor = s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 0);
        s.runUntil(20 * MS);
        var d = s.branch("owner_sleeping");
        assertNotNull(d, s.dump());
        assertNotNull(s.firstAfter(d, e -> e.kind().equals("donor_deactivated") && e.b() == donor));
        assertNotNull(s.first(e -> e.kind().equals("acquired") && e.a() == donor));
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /** owner == p: a task blocked on a mutex it owns (an AA deadlock) makes the CPU resched idle. */
    @Test
    void aTaskBlockedOnItsOwnMutexMakesTheWalkReschedIdle() {
        ProxyScenario s = new ProxyScenario(1, new FullProxy());
        Mutex m = s.mutex("m");
        Task t = s.spawn("aa", ProxyScenario.prog("aa").lock(m).lock(m).exit().build(), CpuMask.of(0), 0);
        s.runUntil(5 * MS);
        var d = s.branch("owner_is_p");
        assertNotNull(d, s.dump());
        assertSame(t, d.a());
        var sw = s.firstAfter(d, e -> e.kind().equals("switch"));
        assertTrue(sw.b().isIdle, "proxy_resched_idle(): the CPU switches to idle");
        assertSame(m, t.blockedOn);
        assertSame(t, m.owner());
    }

    /**
     * curr_in_chain: rq->curr is itself a blocked link of the chain whose owner is remote: the
     * walk must not migrate it from under itself, so it reschedules idle, and migrates next time.
     */
    @Test
    void theCurrentTaskInTheChainMakesTheWalkReschedIdleThenMigrate() {
        ProxyScenario s = new ProxyScenario(2, new FullProxy());
        Mutex m1 = s.mutex("m1");
        Mutex m2 = s.mutex("m2");
        s.spawn("owner", ProxyScenario.prog("owner").lock(m2).run(10 * MS).unlock(m2).exit().build(), CpuMask.of(1), 0);
        Task t = s.spawn("t", ProxyScenario.prog("t").sleep(MS).lock(m2).unlock(m2).exit().build(), CpuMask.of(0), 0);
        s.runUntil(20 * MS);
        var d = s.branch("owner_remote_curr_in_chain");
        assertNotNull(d, s.dump());
        assertSame(t, d.b(), "the link is the current task, just blocked");
        var sw = s.firstAfter(d, e -> e.kind().equals("switch") && e.cpu() == 0);
        assertSame(t, sw.a());
        assertTrue(sw.b().isIdle, "resched idle");
        var mig = s.firstAfter(sw, e -> e.kind().startsWith("find_proxy_task:owner_remote_migrate"));
        assertNotNull(mig, "the next pick migrates it" + s.dump());
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }

    /**
     * The re-check in the opposite order: task_cpu(owner) is read without the owner's rq lock, and
     * the memory model may return the CPU before a set_task_cpu() this CPU has not seen yet (a
     * wakeup that moved the owner under its pi_lock only); on_rq said queued and task_cpu said
     * here, so the first checks pass, the re-check sees the truth and the walk picks again. Found in
     * the default proxy scenario (4 CPUs, 5 s): after the owner_recheck branch the same CPU's next
     * walk event is a new pick, and no checker fires. Which seed gets there moves with every model
     * change (seed 1 until the RT push/pull audit, seed 4 since), so the test tries a few, 4 first.
     */
    @Test
    void aStaleOwnerCpuFailsTheRecheckAndTheWalkPicksAgain() {
        java.util.List<String[]> walk = new java.util.ArrayList<>();
        org.proxytorture.torture.TortureRun run = null;
        org.proxytorture.torture.TortureResult r = null;
        int at = -1;
        for (long seed : new long[] {4, 1, 2, 3, 5, 6, 7, 8}) {
            walk.clear();
            run = new org.proxytorture.torture.TortureRun(new org.proxytorture.config.RunConfig(4, 1000,
                    5 * org.proxytorture.kernel.sched.Machines.SEC, "locktorture.torture_type=mutex_lock locktorture.nested_locks=8 "
                    + "torture.random_shuffle=1 locktorture.stat_interval=0", seed, null), new org.proxytorture.torture.Console(null, false)).boot();
            run.core().trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
                @Override
                public void proxy(long now, int cpu, org.proxytorture.kernel.sched.ProxyEvent pe, Task donor, Task task) {
                    String event = pe.text();
                    walk.add(new String[] {Integer.toString(cpu), event, String.valueOf(donor), String.valueOf(task)});
                }
            });
            r = run.run();
            for (int i = 0; i < walk.size() && at < 0; i++) if (walk.get(i)[1].equals("find_proxy_task:owner_recheck")) at = i;
            if (at >= 0) break;
        }
        assertTrue(at >= 0, "owner_recheck reached: " + run.coverageLine());
        String cpu = walk.get(at)[0];
        String next = null;
        for (int i = at + 1; i < walk.size() && next == null; i++) if (walk.get(i)[0].equals(cpu)) next = walk.get(i)[1];
        assertEquals("donor_picked", next, "the walk picks again on CPU " + cpu);
        assertTrue(r.success(), String.valueOf(r.failures()));
    }
}
