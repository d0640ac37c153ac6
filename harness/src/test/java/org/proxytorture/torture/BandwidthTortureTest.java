package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.fair.TaskGroup;

/**
 * locktorture with its writers in a task group limited to one CPU (cpu.max 100000 100000) on
 * four CPUs, under each throttle model, with and without proxy execution: the run succeeds with
 * no warning, the throttle bookkeeping audits clean, and the writers get one CPU's worth of time.
 * (rt_boost=0: a writer boosted to SCHED_FIFO leaves CFS and so escapes cpu.max, as in the kernel.)
 */
class BandwidthTortureTest {
    private static final long SEC = 1_000_000_000L;

    @ParameterizedTest(name = "throttle_model={0} {1}")
    @CsvSource({"task, sched_proxy_exec=1", "group, sched_proxy_exec=1", "task, sched_proxy_exec=0", "group, sched_proxy_exec=0"})
    void writersLimitedToOneCpuKeepTheInvariants(String model, String proxy) {
        String bootargs = "locktorture.nested_locks=4 locktorture.rt_boost=0 torture.random_shuffle=1 "
                + "proxytorture.writer_cpu_max=100000,100000 proxytorture.throttle_model=" + model + " " + proxy;
        TortureRun run = Checking.checked(new RunConfig(4, 1000, 2 * SEC, bootargs, 1, null), new Console(null, false));
        TortureResult r = run.run();
        Core core = run.core();
        assertTrue(r.success(), () -> r.failures().toString());
        assertTrue(r.warnings().isEmpty(), () -> r.warnings().toString());
        assertTrue(core.fair.bandwidth.audit().isEmpty(), () -> core.fair.bandwidth.audit().toString());
        TaskGroup g = run.torture().writers().get(0).group;
        assertEquals("lock_torture", g.name);
        long writers = 0;
        for (Task t : run.torture().writers()) writers += t.se.sumExecRuntime;
        long end = core.now();
        assertEquals(1.0, (double) writers / end, 0.03, "one CPU of four for the writers (" + writers + " ns in " + end + ")");
        // nr_throttled counts the periods that end with a throttled cfs_rq. Under DELAY_DEQUEUE
        // some periods end with the quota used up but no cfs_rq throttled at that instant (group
        // model, seed 1: 3 of 20 without proxy, 4 of 20 with it, at model 8; the writers still get
        // one CPU, asserted above); throttling must still happen in most periods
        assertTrue(g.cfsBandwidth.nrThrottled >= 15, "throttled in most periods: " + g.cfsBandwidth.nrThrottled);
        assertEquals(writers, g.usage, "cpu.stat usage: every writer's time was charged to a writer's group");
    }

    @ParameterizedTest(name = "throttle_model={0}")
    @CsvSource({"task", "group"})
    void aThrottledRunIsReproducedBySeedAndByItsChoiceList(String model) {
        String bootargs = "locktorture.nested_locks=2 proxytorture.writer_cpu_max=30000,50000 proxytorture.throttle_model=" + model;
        RunConfig c = new RunConfig(3, 1000, 300_000_000L, bootargs, 7, null);
        TortureResult a = Checking.checked(c, new Console(null, false)).run();
        TortureResult b = Checking.checked(c, new Console(null, false)).run();
        TortureResult replay = Checking.checked(c.withReplay(a.choices()), new Console(null, false)).run();
        assertTrue(a.success(), () -> a.failures().toString());
        assertEquals(a.hashHex(), b.hashHex(), "the same seed twice");
        assertEquals(a.hashHex(), replay.hashHex(), "replayed from its recorded choices");
    }
}
