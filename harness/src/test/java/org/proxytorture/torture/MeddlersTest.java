package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import org.proxytorture.config.BadInputException;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The workload parameters that change a writer from outside (proxytorture.setprio_interval,
 * proxytorture.renice_interval, proxytorture.signal_interval) and proxytorture.ww_reorder: each drives its kernel path and the
 * run stays clean. These runs are in torture-scenarios/configs/coverage-variants too.
 */
class MeddlersTest {
    static final long SEC = 1_000_000_000L;

    private static TortureRun run(String bootargs) {
        TortureRun run = TortureTypesTest.boot(4, SEC, bootargs, 1);
        TortureResult r = run.run();
        assertTrue(r.success(), bootargs + ": " + r.failures());
        return run;
    }

    @Test
    void setprioIntervalRequeuesBlockedRtMutexWaiters() {
        TortureRun run = run("locktorture.torture_type=rtmutex_lock locktorture.nested_locks=8 proxytorture.setprio_interval=1");
        assertTrue(run.core().coverage.count("rt_mutex_adjust_pi") > 10, "rt_mutex_adjust_pi() walked for writers asleep on rt_mutexes");
    }

    /**
     * set_user_nice() of a sleeping writer rescales its vlag with its weight (reweight_entity()), so
     * the run stays clean (eevdf/E3 saw a sleeper's lag beyond the clamp of its new weight when the
     * model only set the weight); while they run the writers take many nice values (stutter_wait()
     * and rt_boost put them back to MAX_NICE or 0 in the end).
     */
    @Test
    void reniceIntervalReweightsWritersWhateverTheyAreDoing() {
        TortureRun run = TortureTypesTest.boot(4, SEC, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 proxytorture.renice_interval=1", 1);
        java.util.Set<Integer> nices = new java.util.TreeSet<>();
        run.core().trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void schedAttrChanged(long now, org.proxytorture.kernel.sched.Task p) {
                if (p.comm.equals("lock_torture_wr")) nices.add(p.staticPrio);
            }
        });
        TortureResult r = run.run();
        assertTrue(r.success(), String.valueOf(r.failures()));
        assertTrue(nices.size() >= 30, "writers' static prios set while torture_renice ran: " + nices);
    }

    /**
     * proxytorture.hold_yield=1: every write hold ends with sched_yield(); under proxy execution
     * some of those yields are an owner's run on a donor's behalf (yield_task_fair() on rq->donor).
     */
    @Test
    void holdYieldYieldsInsideWriteHoldsAlsoAsAProxy() {
        TortureRun run = run("locktorture.torture_type=mutex_lock locktorture.nested_locks=4 proxytorture.hold_yield=1 sched_proxy_exec=1 proxytorture.proxy_variant=full");
        assertTrue(run.core().coverage.pointCount("sched_yield_proxied") > 10, "owners yielded while running as a donor's proxy");
    }

    @Test
    void holdYieldIsRefusedForASpinlockHold() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TortureParams.fromBootArgs(BootArgs.parse("locktorture.torture_type=spin_lock proxytorture.hold_yield=1"), 4));
        assertTrue(e.getMessage().startsWith("proxytorture.hold_yield=1: sched_yield() in a write hold needs a sleeping lock, not spin_lock"), e.getMessage());
        assertTrue(e.getMessage().contains("mutex_lock|ww_mutex_lock|rtmutex_lock|rwsem_lock|percpu_rwsem_lock"), e.getMessage());
    }

    /**
     * proxytorture.setprio_idle=1: torture_setprio also makes writers SCHED_IDLE (weight 3) and
     * SCHED_BATCH while they block, own and donate under proxy execution; an idle donor is
     * preempted by a normal wakeup (check_preempt_wakeup_fair()), and the run stays clean.
     */
    @Test
    void setprioIdleMakesWritersIdleAndBatchAsDonorsAndOwners() {
        TortureRun run = TortureTypesTest.boot(4, SEC, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 proxytorture.setprio_interval=1 proxytorture.setprio_idle=1", 1);
        java.util.Set<org.proxytorture.kernel.sched.Policy> policies = java.util.EnumSet.noneOf(org.proxytorture.kernel.sched.Policy.class);
        long[] idleDonorRuns = new long[1];
        run.core().trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void schedAttrChanged(long now, org.proxytorture.kernel.sched.Task p) {
                if (p.comm.equals("lock_torture_wr")) policies.add(p.policy);
            }

            @Override
            public void proxy(long now, int cpu, org.proxytorture.kernel.sched.ProxyEvent pe, org.proxytorture.kernel.sched.Task donor, org.proxytorture.kernel.sched.Task task) {
                if (donor != null && donor.policy == org.proxytorture.kernel.sched.Policy.SCHED_IDLE) idleDonorRuns[0]++;
            }
        });
        TortureResult r = run.run();
        assertTrue(r.success(), String.valueOf(r.failures()));
        assertTrue(policies.containsAll(java.util.EnumSet.of(org.proxytorture.kernel.sched.Policy.SCHED_IDLE, org.proxytorture.kernel.sched.Policy.SCHED_BATCH,
                org.proxytorture.kernel.sched.Policy.SCHED_FIFO, org.proxytorture.kernel.sched.Policy.SCHED_NORMAL)), "writers' policies: " + policies);
        assertTrue(idleDonorRuns[0] > 0, "a SCHED_IDLE writer donated its scheduling context");
    }

    @Test
    void signalIntervalInterruptsRtMutexWaitsWithEintr() {
        TortureRun run = run("locktorture.torture_type=rtmutex_lock locktorture.nested_locks=8 proxytorture.signal_interval=1");
        assertTrue(run.core().coverage.count("rt_mutex_eintr") > 10, "interruptible rt_mutex waits ended with -EINTR");
    }

    @Test
    void signalsEndInterruptibleMutexWaitsWithEintrUnderProxyExecution() {
        TortureRun run = run("locktorture.torture_type=mutex_lock proxytorture.signal_interval=1 proxytorture.proxy_variant=full");
        assertTrue(run.core().coverage.count("mutex_eintr") > 10, "mutex_lock_interruptible() ended with -EINTR: " + run.core().coverage.count("mutex_eintr"));
    }

    @Test
    void wwReorderMakesWaitDieDiesAndBackoffs() {
        TortureRun run = run("locktorture.torture_type=ww_mutex_lock proxytorture.ww_reorder=1 torture.random_shuffle=1");
        assertTrue(run.core().coverage.count("ww_die") > 0, "__ww_mutex_die() told a younger waiter to back off");
        assertTrue(run.core().coverage.count("ww_edeadlk") > 0, "-EDEADLK backoffs");
    }

    @Test
    void badValuesAreRefusedNamingTheAcceptedOnes() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TortureParams.fromBootArgs(BootArgs.parse("locktorture.torture_type=rwsem_lock proxytorture.signal_interval=5"), 4));
        assertTrue(e.getMessage().contains("rtmutex_lock and mutex_lock only, not rwsem_lock") && e.getMessage().contains("accepted: 0, or 1..60000"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> TortureParams.fromBootArgs(BootArgs.parse("proxytorture.setprio_interval=-1"), 4));
        assertTrue(e.getMessage().contains("proxytorture.setprio_interval=-1: out of range (accepted: an integer 0..60000)"), e.getMessage());
    }
}
