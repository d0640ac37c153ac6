package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;

/**
 * One behaviour per locktorture / torture.c parameter, as the kernel has it (reference sections
 * 3.1-3.4): given the bootargs, what the run does.
 */
class TortureParamsBehaviourTest {
    private static final long MS = 1_000_000L;
    private static final long SEC = 1_000_000_000L;

    private static TortureRun boot(int cpus, long ns, String bootargs, long seed) {
        return Checking.checked(new RunConfig(cpus, 1000, ns, bootargs, seed, null), new Console(null, true)).boot();
    }

    private static long count(TortureRun run, String text) {
        return run.console().lines().stream().filter(l -> l.contains(text)).count();
    }

    /** Main-lock acquisitions, per writer, with their times. */
    private static Map<Task, List<Long>> mainLockAcquisitions(TortureRun run) {
        Map<Task, List<Long>> out = new HashMap<>();
        Object main = run.torture().mainLock();
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock lock) {
                if (lock == main) out.computeIfAbsent(p, k -> new ArrayList<>()).add(now);
            }
        });
        return out;
    }

    @Test
    void stutterPausesAllWritersNoWriterAcquiresTwiceInAPauseWindow() {
        TortureRun run = boot(4, SEC / 2, "locktorture.stutter=20 locktorture.rt_boost=0", 1);
        Map<Task, List<Long>> acq = mainLockAcquisitions(run);
        TortureResult r = run.run();
        assertTrue(r.success(), String.valueOf(r.failures()));
        List<Stutter.Transition> tr = run.torture().stutter.transitions;
        int pauses = 0;
        long inGaps = 0;
        for (int i = 0; i + 1 < tr.size(); i++) {
            long from = tr.get(i).atNs(), to = tr.get(i + 1).atNs();
            if (tr.get(i).pauseTest() == 1) { // a pause: state 1 (stutter-3 jiffies) then 2 (2 jiffies)
                assertEquals(2, tr.get(i + 1).pauseTest());
                assertBetween(17 * MS, to - from, "stutter-3 jiffies in state 1");
                long end = tr.get(i + 2).atNs();
                assertBetween(2 * MS, end - to, "2 jiffies in state 2");
                pauses++;
                for (var e : acq.entrySet()) {
                    long n = e.getValue().stream().filter(t -> t >= from && t < end).count();
                    assertTrue(n <= 1, e.getKey() + " acquired " + n + " times in the pause " + from + ".." + end
                            + ": only the iteration in progress may finish");
                }
            } else if (tr.get(i).pauseTest() == 0) {
                assertBetween(20 * MS, to - from, "stutter_gap = stutter jiffies of running");
                for (var e : acq.values()) inGaps += e.stream().filter(t -> t >= from && t < to).count();
            }
        }
        assertTrue(pauses >= 10, "pauses: " + pauses);
        assertTrue(inGaps > 10_000, "the writers run between pauses: " + inGaps);
        assertEquals(1, count(run, "torture_stutter task started"));
    }

    /** The stutter kthread's timed sleep, plus the time it takes to be woken and run (under two ticks). */
    private static void assertBetween(long expected, long actual, String what) {
        assertTrue(actual >= expected && actual < expected + 2 * MS, what + ": " + actual + " ns, expected " + expected);
    }

    @Test
    void stutterZeroMeansNoStutterKthread() {
        TortureRun run = boot(2, 50 * MS, "locktorture.stutter=0", 1);
        assertTrue(run.run().success());
        assertEquals(null, run.torture().stutter);
        assertEquals(0, count(run, "torture_stutter"));
    }

    /** Counts CPU hotplug events and checks that some CPU is always online and none runs a task offline. */
    private static final class HotplugWatch implements Trace.Listener {
        final TortureRun run;
        int offline, online, minOnline = Integer.MAX_VALUE;
        long firstOffline = -1;
        final List<String> ranOffline = new ArrayList<>();

        HotplugWatch(TortureRun run) {
            this.run = run;
            run.core().trace.add(this);
        }

        @Override
        public void cpuhp(long now, int cpu, String event) {
            if (event.equals("offline")) {
                offline++;
                if (firstOffline < 0) firstOffline = now;
            }
            if (event.equals("online")) online++;
            minOnline = Math.min(minOnline, run.core().hotplug.numOnlineCpus());
        }

        @Override
        public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
            if (!run.core().hotplug.cpuOnline(cpu) && !next.isIdle) ranOffline.add(now + " " + next + " on CPU " + cpu);
        }
    }

    @Test
    void onoffIntervalOfflinesAndOnlinesCpusButNeverTheLastOne() {
        TortureRun run = boot(2, 10 * SEC, "locktorture.onoff_interval=1 locktorture.stat_interval=0 locktorture.verbose=2 locktorture.rt_boost=0", 3);
        HotplugWatch w = new HotplugWatch(run);
        TortureResult r = run.run();
        assertTrue(r.success(), String.valueOf(r.failures()));
        assertTrue(w.offline >= 2 && w.online >= 1, "offline " + w.offline + ", online " + w.online);
        assertEquals(1, w.minOnline, "with 2 CPUs one was offline at times, and the other never");
        assertTrue(w.ranOffline.isEmpty(), String.valueOf(w.ranOffline));
        Onoff o = run.torture().onoff;
        assertEquals(o.nOfflineAttempts, o.nOfflineSuccesses);
        assertEquals(w.offline, o.nOfflineSuccesses);
        assertTrue(count(run, "torture_onoff task: offlined") == w.offline);
        String last = run.console().lines().stream().filter(l -> l.contains("onoff: ")).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches(".*onoff: \\d+/\\d+:\\d+/\\d+ -?\\d+,\\d+:-?\\d+,\\d+ \\d+:\\d+ \\(HZ=1000\\) $"), last);
        assertEquals(0, count(run, "???"), "??? is suppressed when onoff_interval != 0");
    }

    @Test
    void onoffHoldoffDelaysTheFirstHotplugOperation() {
        TortureRun run = boot(2, 5 * SEC, "locktorture.onoff_interval=1 locktorture.onoff_holdoff=3", 3);
        HotplugWatch w = new HotplugWatch(run);
        assertTrue(run.run().success());
        assertTrue(w.firstOffline >= 3 * SEC, "first offline at " + w.firstOffline);
        assertEquals(1, count(run, "torture_onoff begin holdoff"));
    }

    /**
     * proxytorture.hotplug_wait_poll: off by default (balance_hotplug_wait() waits for balance_push()'s
     * wakeup only, as the kernel does); =1 adds the per-jiffy re-check, says so in the banner, and
     * hotplug still succeeds.
     */
    @Test
    void hotplugWaitPollIsOffByDefaultAndOnAddsTheRecheck() {
        TortureRun plain = boot(2, 20 * MS, "locktorture.onoff_interval=1", 3);
        assertFalse(plain.core().hotplug.hotplugWaitPoll);
        assertEquals(0, count(plain, "hotplug_wait_poll"));
        TortureRun poll = boot(2, 3 * SEC, "locktorture.onoff_interval=1 proxytorture.hotplug_wait_poll=1", 3);
        assertTrue(poll.core().hotplug.hotplugWaitPoll);
        assertEquals(1, count(poll, "proxytorture: hotplug_wait_poll: balance_hotplug_wait() also re-checks every jiffy"));
        HotplugWatch w = new HotplugWatch(poll);
        TortureResult r = poll.run();
        assertTrue(r.success(), String.valueOf(r.failures()));
        assertTrue(w.offline >= 1, "offline " + w.offline);
    }

    @Test
    void onoffFailuresEndTheTestWithLockHotplug() {
        TortureRun run = boot(2, 3 * SEC, "locktorture.onoff_interval=1", 3);
        run.core().hotplug.cpuHotplugDisabled = 1; // cpu_hotplug_disable(): every remove_cpu() is -EBUSY
        TortureResult r = run.run();
        assertFalse(r.success());
        assertTrue(count(run, "failed: errno -16") > 0);
        assertEquals(1, count(run, "mutex_lock-torture:--- End of test: LOCK_HOTPLUG"));
        assertEquals(0, count(run, "End of test: FAILURE"));
    }

    @Test
    void disableOnoffAtBootIsAcceptedAndChangesNothing() {
        TortureResult with = boot(2, 2 * SEC, "locktorture.onoff_interval=1 torture.disable_onoff_at_boot", 4).run();
        TortureResult without = boot(2, 2 * SEC, "locktorture.onoff_interval=1", 4).run();
        assertEquals(without.hashHex(), with.hashHex());
    }

    @Test
    void shutdownSecsEndsTheRunAndDurationStillCapsIt() {
        TortureRun run = boot(2, 5 * SEC, "locktorture.shutdown_secs=1", 1);
        TortureResult r = run.run();
        assertTrue(r.success());
        assertTrue(r.simNs() >= SEC && r.simNs() < 2 * SEC, "ended at " + r.simNs());
        assertEquals(1, count(run, "torture_shutdown task shutting down system"));
        assertEquals(1, count(run, "End of test: SUCCESS"));
        TortureResult capped = boot(2, SEC / 2, "locktorture.shutdown_secs=3", 1).run();
        assertTrue(capped.simNs() < SEC, "--duration ends it first: " + capped.simNs());
    }

    @Test
    void acqWriterLimWarnsOnceWithTheKernelsText() {
        TortureRun run = boot(1, SEC / 2, "locktorture.acq_writer_lim=1 locktorture.nwriters_stress=8 locktorture.long_hold=1", 1);
        TortureResult r = run.run();
        assertFalse(r.success());
        // the WARN itself (printk'd once); the warn checker's violation quotes it too, on its own lines
        List<String> warns = run.console().lines().stream().filter(l -> l.matches("^\\[[ 0-9.]+\\] WARNING: lock_torture_writer: Lock acquisition took.*")).toList();
        assertEquals(1, warns.size(), String.valueOf(warns));
        assertTrue(warns.get(0).matches(".*Lock acquisition took \\d+ jiffies\\.$"), warns.get(0));
    }

    @Test
    void verboseZeroSilencesTheVerboseLines() {
        TortureRun loud = boot(2, 20 * MS, "locktorture.verbose=1", 1);
        loud.run();
        assertTrue(count(loud, "lock_torture_writer task started") == 4);
        TortureRun quiet = boot(2, 20 * MS, "locktorture.verbose=0 locktorture.onoff_interval=1", 1);
        quiet.run();
        assertEquals(0, count(quiet, "task started"));
        assertEquals(0, count(quiet, "torture_onoff"));
        assertEquals(2, count(quiet, "mutex_lock-torture:---"), "the banners are pr_alert, not verbose");
    }

    @Test
    void statIntervalZeroPrintsOnlyTheFinalStats() {
        TortureRun run = boot(2, 2 * SEC, "locktorture.stat_interval=0", 1);
        run.run();
        assertEquals(1, count(run, "Writes:  Total:"));
    }

    @Test
    void shuffleIntervalZeroMeansNoShufflerAndNoAffinityChange() {
        TortureRun run = boot(4, SEC / 2, "locktorture.shuffle_interval=0 torture.random_shuffle=1", 1);
        int[] changes = {0};
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void affinityChanged(long now, Task p, CpuMask mask) {
                changes[0]++;
            }
        });
        assertTrue(run.run().success());
        assertEquals(0, changes[0]);
        assertTrue(run.core().tasks.stream().noneMatch(t -> t != null && t.comm.equals("torture_shuffle")));
    }

    @Test
    void bindWritersKeepsWritersOnThoseCpusWithoutShuffling() {
        TortureRun run = boot(4, SEC / 2, "locktorture.bind_writers=1-2 locktorture.shuffle_interval=0", 1);
        List<String> outside = new ArrayList<>();
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                if (next.comm.equals("lock_torture_wr") && cpu != 1 && cpu != 2) outside.add(now + " " + next + " on " + cpu);
            }
        });
        assertTrue(run.run().success());
        for (Task w : run.torture().writers()) assertEquals(CpuMask.of(1, 2), w.cpusMask);
        assertTrue(outside.isEmpty(), String.valueOf(outside));
    }

    @Test
    void writerFifoCreatesSchedFifoWriters() {
        TortureRun run = boot(2, 20 * MS, "locktorture.writer_fifo=1 locktorture.rt_boost=0", 1);
        run.run();
        for (Task w : run.torture().writers()) {
            assertEquals(Policy.SCHED_FIFO, w.policy);
            assertEquals(0, w.nice(), "an rt task is not made nice 19");
        }
    }

    /** How many times writers were seen switching in as SCHED_FIFO. */
    private static int[] fifoSwitches(TortureRun run) {
        int[] n = {0};
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                if (next.comm.equals("lock_torture_wr") && next.policy == Policy.SCHED_FIFO) n[0]++;
            }
        });
        return n;
    }

    @Test
    void rtBoostTwoBoostsMutexWritersOneAndZeroDoNot() {
        for (String boost : List.of("0", "1", "2")) {
            TortureRun run = boot(2, SEC / 2, "locktorture.rt_boost=" + boost + " locktorture.rt_boost_factor=1", 1);
            int[] n = fifoSwitches(run);
            run.run();
            if (boost.equals("2")) assertTrue(n[0] > 10, "rt_boost=2 boosts every lock type: " + n[0]);
            else assertEquals(0, n[0], "rt_boost=" + boost + ": mutex_lock writers never boost (1 is for rt_mutex types only)");
        }
    }

    /** How many times a writer was boosted (made SCHED_FIFO by torture_rt_boost()). */
    private static int[] boosts(TortureRun run) {
        int[] n = {0};
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void schedAttrChanged(long now, Task p) {
                if (p.comm.equals("lock_torture_wr") && p.policy == Policy.SCHED_FIFO) n[0]++;
            }
        });
        return n;
    }

    /**
     * Counted in boosts, not in FIFO switch-ins: one early boost at factor 100000 (about one run
     * in four has one in 0.5 s) keeps a writer FIFO for the rest of the run, switching in often.
     */
    @Test
    void rtBoostFactorSetsHowOftenWritersBoost() {
        TortureRun often = boot(2, SEC / 2, "locktorture.rt_boost_factor=1", 1);
        int[] a = boosts(often);
        often.run();
        TortureRun rarely = boot(2, SEC / 2, "locktorture.rt_boost_factor=100000", 1);
        int[] b = boosts(rarely);
        rarely.run();
        assertTrue(a[0] > 10 * (b[0] + 1), "factor 1: " + a[0] + " boosts, factor 100000: " + b[0]);
    }

    /** The longest main-lock hold, in ns. */
    private static long[] longestHold(TortureRun run) {
        long[] max = {0};
        Map<Task, Long> since = new HashMap<>();
        Object main = run.torture().mainLock();
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock lock) {
                if (lock == main) since.put(p, now);
            }

            @Override
            public void lockReleased(long now, int cpu, Task p, Lock lock) {
                Long s = since.remove(p);
                if (lock == main && s != null) max[0] = Math.max(max[0], now - s);
            }
        });
        return max;
    }

    @Test
    void longHoldZeroMeansNoLongDelays() {
        String common = "locktorture.stutter=0 locktorture.rt_boost=0 locktorture.nwriters_stress=2 ";
        TortureRun off = boot(2, SEC, common + "locktorture.long_hold=0", 1);
        long[] offMax = longestHold(off);
        off.run();
        TortureRun on = boot(2, SEC, common + "locktorture.long_hold=1", 1);
        long[] onMax = longestHold(on);
        on.run();
        assertTrue(onMax[0] >= 5 * MS, "long_hold=1: mdelay(long_hold*5) holds: " + onMax[0]);
        assertTrue(offMax[0] < 5 * MS, "long_hold=0: no long hold: " + offMax[0]);
    }

    @Test
    void nestedLocksAboveEightAreClampedSilentlyAfterTheStartBanner() {
        TortureRun run = boot(2, 50 * MS, "locktorture.nested_locks=12", 1);
        assertTrue(run.run().success());
        assertEquals(8, run.torture().nestedLocks());
        assertEquals(1, count(run, "Start of test: acq_writer_lim=0 bind_readers=0-1 bind_writers=0-1 call_rcu_chains=0 long_hold=100 nested_locks=12"));
        assertEquals(1, count(run, "End of test: SUCCESS: acq_writer_lim=0 bind_readers=0-1 bind_writers=0-1 call_rcu_chains=0 long_hold=100 nested_locks=8"));
    }

    @Test
    void nwritersStressMinusOneIsTwicePerOnlineCpu() {
        assertEquals(6, boot(3, MS, "locktorture.nwriters_stress=-1", 1).torture().writers().size());
        assertEquals(5, boot(3, MS, "locktorture.nwriters_stress=5", 1).torture().writers().size());
    }

    @Test
    void randomShuffleMakesTortureKthreadAffinitiesDiverge() {
        for (boolean random : new boolean[] {false, true}) {
            TortureRun run = boot(4, SEC / 4, "locktorture.shuffle_interval=1 torture.random_shuffle=" + (random ? 1 : 0), 2);
            boolean[] diverged = {false};
            List<Task> ws = run.torture().writers();
            run.core().trace.add(new Trace.Listener() {
                @Override
                public void affinityChanged(long now, Task p, CpuMask mask) {
                    // a pass of torture_shuffle_tasks() begins with writer 0: the others still have the last pass's masks
                    if (p != ws.get(0)) return;
                    for (Task w : ws) if (w != p && !w.cpusMask.equals(ws.get(1).cpusMask)) diverged[0] = true;
                }
            });
            assertTrue(run.run().success());
            assertEquals(random, diverged[0], "torture.random_shuffle=" + random);
        }
    }

    @Test
    void callRcuChainsIsAcceptedNamedAsNotModelledAndInTheBanner() {
        TortureRun run = boot(2, 10 * MS, "locktorture.call_rcu_chains=2", 1);
        assertTrue(run.run().success());
        assertEquals(1, count(run, "not modelled yet, accepted and ignored: call_rcu_chains"));
        assertEquals(2, count(run, "call_rcu_chains=2 "));
        assertNotEquals(0, count(run, "stutter=5"));
    }

    @Test
    void rtBoostOneBoostsRtMutexWriters() {
        TortureRun run = boot(2, SEC / 2, "locktorture.torture_type=rtmutex_lock locktorture.rt_boost=1 locktorture.rt_boost_factor=1", 1);
        int[] n = fifoSwitches(run);
        assertTrue(run.run().success());
        assertTrue(n[0] > 10, "rt_boost=1 boosts rt_mutex writers (torture_rt_boost_rtmutex): " + n[0]);
    }

    @Test
    void nreadersStressDefaultsToOnePerWriterAndCanBeSet() {
        TortureRun dflt = boot(3, MS, "locktorture.torture_type=rwsem_lock", 1);
        assertEquals(3, dflt.torture().writers().size(), "a type with readers: num_online_cpus() writers");
        assertEquals(3, dflt.torture().readers().size(), "and as many readers");
        TortureRun set = boot(3, MS, "locktorture.torture_type=rwsem_lock locktorture.nreaders_stress=5", 1);
        assertEquals(6, set.torture().writers().size(), "readers given: 2 * num_online_cpus() writers");
        assertEquals(5, set.torture().readers().size());
        assertEquals(0, boot(3, MS, "locktorture.nreaders_stress=5", 1).torture().readers().size(), "mutex_lock has no readlock");
    }

    @Test
    void bindReadersKeepsReadersOnThoseCpus() {
        TortureRun run = boot(4, SEC / 2, "locktorture.torture_type=rwsem_lock locktorture.bind_readers=3 locktorture.shuffle_interval=0", 1);
        List<String> outside = new ArrayList<>();
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                if (next.comm.equals("lock_torture_re") && cpu != 3) outside.add(now + " " + next + " on " + cpu);
            }
        });
        assertTrue(run.run().success());
        for (Task r : run.torture().readers()) assertEquals(CpuMask.of(3), r.cpusMask);
        assertTrue(outside.isEmpty(), String.valueOf(outside));
        assertTrue(count(run, "Reads :  Total: ") > 0);
    }
}
