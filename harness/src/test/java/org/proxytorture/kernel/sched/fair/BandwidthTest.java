package org.proxytorture.kernel.sched.fair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;
import static org.proxytorture.kernel.sched.Machines.SEC;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.junit.jupiter.api.Tag;

/**
 * CFS bandwidth control (cpu.max): known answers under both throttle models, and what each model
 * does to a lock holder that runs out of quota.
 */
@Tag("fast")
class BandwidthTest {

    private static Core boot(int cpus, String model) {
        Core core = Machines.boot(cpus);
        core.fair.bandwidth.model = ThrottleModel.byName(model);
        return core;
    }

    private static TaskGroup group(Core core, String name, String cpuMax) {
        TaskGroup g = core.createGroup(name, core.rootTaskGroup, TaskGroup.weightToShares(100));
        if (cpuMax != null) g.setCpuMax(cpuMax);
        return g;
    }

    private static void assertClean(Core core) {
        assertTrue(core.warnings.isEmpty(), core.warnings::toString);
        assertTrue(core.fair.bandwidth.audit().isEmpty(), () -> core.fair.bandwidth.audit().toString());
    }

    // ---------------------------------------------------------------- shares

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void aHogInAGroupWithCpuMax20000Of100000GetsTwentyPercent(String model) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "limited", "20000 100000");
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), g, 0);
        Machines.run(core, 2 * SEC);
        assertEquals(0.20, (double) hog.se.sumExecRuntime / (2 * SEC), 0.01, "cpu.max 20000 100000 is 20% of a CPU");
        assertEquals(20, g.cfsBandwidth.nrPeriods);
        assertEquals(20, g.cfsBandwidth.nrThrottled, "throttled in every period");
        assertEquals(hog.se.sumExecRuntime, g.usage, "cpu.stat usage is the hog's time");
        assertClean(core);
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void theLimitedHogGetsItsTwentyPercentAndARootHogTheRest(String model) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "limited", "20000 100000");
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), g, 0);
        Task free = Machines.spawn(core, "free", Machines.hog("free"), CpuMask.of(0), null, 0);
        Machines.run(core, 2 * SEC);
        assertEquals(0.20, (double) hog.se.sumExecRuntime / (2 * SEC), 0.01, "the group's quota, not its 50% weight share");
        assertEquals(0.80, (double) free.se.sumExecRuntime / (2 * SEC), 0.01, "the root hog gets what the group may not use");
        assertClean(core);
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void twoHogsOfTheGroupOnTwoCpusShareItsTwentyPercent(String model) {
        Core core = boot(2, model);
        TaskGroup g = group(core, "limited", "20000 100000");
        Task a = Machines.spawn(core, "hogA", Machines.hog("hogA"), CpuMask.of(0), g, 0);
        Task b = Machines.spawn(core, "hogB", Machines.hog("hogB"), CpuMask.of(1), g, 0);
        Machines.run(core, 2 * SEC);
        long total = a.se.sumExecRuntime + b.se.sumExecRuntime;
        assertEquals(0.20, (double) total / (2 * SEC), 0.01, "one pool of 20 ms per period for both CPUs");
        assertEquals(0.10, (double) a.se.sumExecRuntime / (2 * SEC), 0.02, "hogA's half");
        assertEquals(0.10, (double) b.se.sumExecRuntime / (2 * SEC), 0.02, "hogB's half");
        assertClean(core);
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void aParentsQuotaLimitsTheHogsOfItsChildGroups(String model) {
        // /parent (cpu.max 20000 100000) holds /parent/a and /parent/b, one hog each, with a root hog
        Core core = boot(1, model);
        TaskGroup parent = group(core, "parent", "20000 100000");
        TaskGroup a = core.createGroup("a", parent, 1024);
        TaskGroup b = core.createGroup("b", parent, 1024);
        Task ha = Machines.spawn(core, "hogA", Machines.hog("hogA"), CpuMask.of(0), a, 0);
        Task hb = Machines.spawn(core, "hogB", Machines.hog("hogB"), CpuMask.of(0), b, 0);
        Task free = Machines.spawn(core, "free", Machines.hog("free"), CpuMask.of(0), null, 0);
        Machines.run(core, 2 * SEC);
        assertEquals(0.20, (double) (ha.se.sumExecRuntime + hb.se.sumExecRuntime) / (2 * SEC), 0.01, "the children share the parent's 20%");
        assertEquals(0.10, (double) ha.se.sumExecRuntime / (2 * SEC), 0.02);
        assertEquals(0.80, (double) free.se.sumExecRuntime / (2 * SEC), 0.01);
        assertEquals(0, a.cfsRq[0].throttleCount + b.cfsRq[0].throttleCount + parent.cfsRq[0].throttleCount
                - (parent.cfsRq[0].throttled ? 3 : 0), "throttle_count counts the throttled ancestor on every level");
        assertClean(core);
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void anUnlimitedGroupRunsExactlyAsAGroupWithoutCpuMax(String model) {
        long[] without = unlimitedRun(model, null);
        long[] max = unlimitedRun(model, "max 100000");
        assertEquals(without[0], max[0], "the same time to the nanosecond: cpu.max max is no bandwidth control");
        assertEquals(without[1], max[1]);
        assertEquals(0.5, (double) max[0] / (max[0] + max[1]), 0.01, "and the weight share holds");
    }

    private static long[] unlimitedRun(String model, String cpuMax) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "unlimited", cpuMax);
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), g, 0);
        Task free = Machines.spawn(core, "free", Machines.hog("free"), CpuMask.of(0), null, 0);
        Machines.run(core, 2 * SEC);
        assertClean(core);
        assertTrue(!core.fair.bandwidth.used(), "cfs_bandwidth_used() stays off");
        return new long[] {hog.se.sumExecRuntime, free.se.sumExecRuntime};
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "group"})
    void aGroupThatUsesLessThanItsQuotaIsNeverThrottled(String model) {
        long unlimited = burstyRun(model, null, 0);
        long roomy = burstyRun(model, "50000 100000", 0);
        assertEquals(unlimited, roomy, 0.005 * unlimited, "2 ms of every 10 under a 50% quota: as if unlimited");
    }

    /** A task computing 2 ms and sleeping 8 ms in a group, with a root hog; its time, checking throttles. */
    private static long burstyRun(String model, String cpuMax, long expectedThrottles) {
        Core core = boot(1, model);
        TaskGroup g = group(core, "roomy", cpuMax);
        Program p = Program.builder("bursty").label("l").run(2 * MS).sleep(8 * MS).jump("l").build();
        Task t = Machines.spawn(core, "bursty", p, CpuMask.of(0), g, 0);
        Machines.spawn(core, "free", Machines.hog("free"), CpuMask.of(0), null, 0);
        Machines.run(core, 2 * SEC);
        assertEquals(expectedThrottles, g.cfsBandwidth.nrThrottled);
        assertClean(core);
        return t.se.sumExecRuntime;
    }

    @Test
    void cpuMaxReadsBackAndRejectsWhatTheKernelRejects() {
        Core core = boot(1, "task");
        TaskGroup g = group(core, "g", null);
        assertEquals("max 100000", g.cpuMax(), "the default");
        g.setCpuMax("20000 50000");
        assertEquals("20000 50000", g.cpuMax());
        g.setCpuMax("30000");
        assertEquals("30000 50000", g.cpuMax(), "a lone quota keeps the period");
        for (String bad : List.of("500 100000", "20000 999", "20000 2000000", "lots", "1 2 3", ""))
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> g.setCpuMax(bad), bad);
    }

    // ---------------------------------------------------------------- a lock holder out of quota

    /** What was seen each time the holder was switched out. */
    record SwitchOut(long t, boolean holdsLock, boolean runnable, boolean parked) { }

    /**
     * Holder H (in a group with cpu.max 5000 100000, CPU0) takes mutex M and computes 20 ms in
     * the critical section; waiter W (root group, CPU1) asks for M at 2 ms. No proxy execution, no
     * optimistic spinning: W sleeps until M is released. Returns W's acquisition time.
     */
    private static final class HolderScenario implements Trace.Listener {
        final Core core;
        final TaskGroup g;
        final Mutex m;
        final Task holder;
        final Task waiter;
        long waiterAcquired = -1;
        final List<SwitchOut> holderOut = new ArrayList<>();

        HolderScenario(String model) {
            core = boot(2, model);
            core.mutexSpinOnOwner = false;
            g = group(core, "limited", "5000 100000");
            m = new Mutex(core, "M", new LockClass("M"));
            core.trace.add(this);
            Program h = Program.builder("holder").label("l").lock(m).run(20 * MS).unlock(m).run(MS).jump("l").build();
            Program w = Program.builder("waiter").sleep(2 * MS).lock(m).unlock(m).sleep(10 * SEC).build();
            holder = Machines.spawn(core, "holder", h, CpuMask.of(0), g, 0);
            waiter = Machines.spawn(core, "waiter", w, CpuMask.of(1), null, 0);
        }

        /** H is on the runqueue: its entity and its group's entity are queued. */
        boolean holderRunnable() {
            return holder.se.onRq && g.se[0].onRq;
        }

        @Override
        public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
            if (prev == holder) holderOut.add(new SwitchOut(now, m.owner() == holder, holderRunnable(), holder.throttled));
        }

        @Override
        public void lockAcquired(long now, int cpu, Task p, Lock lock) {
            if (p == waiter && waiterAcquired < 0) waiterAcquired = now;
        }
    }

    @Test
    void taskModelTheThrottledHolderReleasesTheLockBeforeItIsParked() {
        HolderScenario s = new HolderScenario("task");
        Machines.run(s.core, 400 * MS);
        assertTrue(s.waiterAcquired > 0 && s.waiterAcquired < 100 * MS,
                "the waiter gets M within the first period, when H leaves its critical section: " + s.waiterAcquired);
        assertTrue(s.g.cfsBandwidth.nrThrottled > 0, "the group was throttled");
        SwitchOut parked = s.holderOut.stream().filter(SwitchOut::parked).findFirst().orElse(null);
        assertNotNull(parked, "H was parked in the limbo list: " + s.holderOut);
        assertTrue(parked.t() > 20 * MS, "only after its 20 ms critical section: " + parked);
        for (SwitchOut o : s.holderOut)
            assertTrue(!o.holdsLock() || o.runnable(), "never off the runqueue holding M: " + o);
        assertClean(s.core);
    }

    @Test
    void groupModelTheThrottledHolderIsParkedHoldingTheLockUntilTheNextPeriod() {
        HolderScenario s = new HolderScenario("group");
        Machines.run(s.core, 400 * MS);
        SwitchOut parked = s.holderOut.stream().filter(o -> o.holdsLock() && !o.runnable()).findFirst().orElse(null);
        assertNotNull(parked, "H was dequeued with its group while holding M: " + s.holderOut);
        assertTrue(parked.t() < 10 * MS, "as soon as its 5 ms were spent: " + parked);
        assertTrue(s.waiterAcquired > 100 * MS,
                "the waiter waits for later periods, 5 ms of H's critical section in each: " + s.waiterAcquired);
        assertClean(s.core);
    }

    // ---------------------------------------------------------------- proxy execution

    /**
     * One CPU, proxy execution (2026 "full"): owner O (root group) holds M and computes 300 ms;
     * donor D (group G) blocks on M at 1 ms; a root hog R competes. D, picked, runs O as its
     * proxy, and update_curr() charges D's entity, so G pays for O's time. Returns {O, D, R, G}
     * after 250 ms.
     */
    private static long[] proxyRun(String model, String cpuMax) {
        Core core = boot(1, model);
        core.proxy = org.proxytorture.kernel.proxy.Generation.FULL.create();
        core.mutexSpinOnOwner = false;
        TaskGroup g = group(core, "G", cpuMax);
        Mutex m = new Mutex(core, "M", new LockClass("M"));
        Task o = Machines.spawn(core, "owner", Program.builder("o").lock(m).run(300 * MS).unlock(m).sleep(10 * SEC).build(), CpuMask.of(0), null, 0);
        Task d = Machines.spawn(core, "donor", Program.builder("d").sleep(MS).lock(m).unlock(m).sleep(10 * SEC).build(), CpuMask.of(0), g, 0);
        Task r = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(0), null, 0);
        Machines.run(core, 250 * MS);
        assertClean(core);
        assertTrue(d.blockedOn == m && m.owner() == o, "D still waits for O");
        assertTrue(d.se.sumExecRuntime < MS, "D itself hardly ran: " + d.se.sumExecRuntime);
        return new long[] {o.se.sumExecRuntime, d.se.sumExecRuntime, r.se.sumExecRuntime, g.usage};
    }

    @Test
    void withProxyExecutionTheDonorsGroupPaysForTheOwnersTime() {
        long[] free = proxyRun("task", null);
        // three entities at the root (O, G holding D, R): O runs its own third and D's third
        assertEquals(2.0 / 3, free[0] / (250.0 * MS), 0.02, "O runs for itself and as D's proxy");
        assertEquals(1.0 / 3, free[3] / (250.0 * MS), 0.02, "G's usage is the third O ran on D's context");
    }

    @Test
    void groupModelAThrottledDonorStopsLendingItsContext() {
        long[] limited = proxyRun("group", "10000 100000");
        assertEquals(30 * MS, limited[3], MS, "G pays 10 ms in each of the three periods, then leaves the runqueue");
        assertEquals((250 - 30) / 2.0 * MS + 30 * MS, limited[0], 2 * MS, "O gets half of the rest, plus D's 30 ms");
    }

    @Test
    void taskModelABlockedDonorIsNeverParkedSoItsGroupOverrunsItsQuota() {
        // D is blocked inside mutex_lock(): it never returns to user, so it is never parked; its
        // throttled cfs_rq stays queued and D keeps lending its context (quota 10 ms per period)
        long[] limited = proxyRun("task", "10000 100000");
        long[] free = proxyRun("task", null);
        assertEquals(free[3], limited[3], MS, "G pays for O as if it had no cpu.max");
        assertTrue(limited[3] > 60 * MS, "well over its 30 ms of quota: " + limited[3]);
    }
}
