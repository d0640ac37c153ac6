package org.proxytorture.kernel.hotplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.RunFrame;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.proxy.FullProxy;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Trace;
import org.proxytorture.kernel.sched.fair.TaskGroup;
import org.proxytorture.kernel.sched.fair.ThrottleModel;
import org.junit.jupiter.api.Tag;

/**
 * CPU hotplug on the scheduler's side: remove_cpu() empties the CPU through balance_push() and
 * the stopper, select_fallback_rq() widens a mask with no online CPU left, the offline CPU takes
 * no work, add_cpu() brings it back, and the last online CPU is never offlined.
 */
@Tag("fast")
class HotplugTest {
    /** Records printk lines, hotplug events, and tasks switched in on a CPU while it is offline. */
    private static final class Recorder implements Trace.Listener {
        final Core core;
        final List<String> printk = new ArrayList<>();
        final List<String> cpuhp = new ArrayList<>();
        final List<String> ranOffline = new ArrayList<>();

        Recorder(Core core) {
            this.core = core;
            core.trace.add(this);
        }

        @Override
        public void printk(long now, int cpu, String msg) {
            printk.add(msg);
        }

        @Override
        public void cpuhp(long now, int cpu, String event) {
            cpuhp.add(event + " " + cpu);
        }

        @Override
        public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
            if (!core.hotplug.cpuOnline(cpu) && !next.isIdle) ranOffline.add(now + ": " + next + " on offline CPU " + cpu);
        }
    }

    /** A task that calls remove_cpu(cpu) (or add_cpu) after {@code delay}, keeping the frame to read ret. */
    private static Task control(Core core, long delay, KFrame op) {
        return control(core, delay, op, 0);
    }

    /** The same, the control task running on {@code on}. */
    private static Task control(Core core, long delay, KFrame op, int on) {
        Program p = Program.builder("ctl").sleep(delay).call(Action.hook("hotplug", false, (cpu, t, r) -> op)).exit().build();
        Task t = Machines.spawn(core, "ctl", p, CpuMask.of(on));
        t.pfKthread = true;
        return t;
    }

    /** preempt_disable(); mdelay(ns); preempt_enable(): its CPU cannot schedule (so balance_push() cannot run) meanwhile. */
    private static final class PreemptOffDelay extends KFrame {
        private final long ns;
        private boolean started;

        PreemptOffDelay(long ns) {
            this.ns = ns;
        }

        @Override
        public int step(Cpu cpu, Task p) {
            cpu.cost(cpu.core().costs.insn());
            if (!started) {
                started = true;
                p.preemptCount++;
                p.push(new RunFrame(ns));
                return CALL;
            }
            p.preemptCount--;
            return DONE;
        }

        @Override
        public String describe() {
            return "preempt_off_mdelay(" + ns + ")";
        }
    }

    /** A kthread pinned to {@code cpu} that first runs {@code ns} with preemption off, then hogs the CPU (or exits). */
    private static Task preemptOffThenHog(Core core, int cpu, long ns, boolean exitAfter) {
        Program.Builder b = Program.builder("busy").call(Action.hook("busy", false, (c, t, r) -> new PreemptOffDelay(ns)));
        Program p = exitAfter ? b.exit().build() : b.label("l").run(MS).jump("l").build();
        Task t = Machines.spawn(core, "busy", p, CpuMask.of(cpu));
        t.pfKthread = true;
        return t;
    }

    /** Who woke {@code p} (schedWaking), as "time@wakerCpu". */
    private static List<String> wakings(Core core, Task p) {
        List<String> out = new ArrayList<>();
        core.trace.add(new Trace.Listener() {
            @Override
            public void schedWaking(long now, int cpu, Task t, int targetCpu) {
                if (t == p) out.add(now + "@" + cpu);
            }
        });
        return out;
    }

    @Test
    void offliningTheOnlyCpuOfAUserTasksMaskMovesItAndReportsNoLongerAffine() {
        Core core = Machines.boot(2);
        Recorder rec = new Recorder(core);
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(1));
        CpuDownFrame down = new CpuDownFrame(1);
        control(core, 2 * MS, down);
        Machines.run(core, 20 * MS);
        assertEquals(0, down.ret);
        assertFalse(core.hotplug.cpuOnline(1));
        assertFalse(core.hotplug.cpuActive(1));
        assertEquals(0, hog.cpu, "balance_push() sent it to select_fallback_rq()'s CPU");
        assertEquals(CpuMask.first(2), hog.cpusMask, "no allowed CPU was left: the mask became cpu_possible_mask");
        assertTrue(rec.printk.contains("process " + hog.pid + " (hog) no longer affine to cpu1"), String.valueOf(rec.printk));
        assertTrue(rec.ranOffline.isEmpty(), String.valueOf(rec.ranOffline));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
        assertEquals(List.of("sched_cpu_deactivate 1", "offline 1"), rec.cpuhp);
    }

    @Test
    void aKernelThreadIsMovedWithoutTheMessage() {
        Core core = Machines.boot(2);
        Recorder rec = new Recorder(core);
        Task kt = core.createTask("kthread", CpuMask.of(1), core.rootTaskGroup,
                new org.proxytorture.kernel.program.ProgramFrame(Machines.hog("kthread")));
        kt.pfKthread = true;
        core.wakeUpNewTask(kt);
        control(core, 2 * MS, new CpuDownFrame(1));
        Machines.run(core, 20 * MS);
        assertEquals(0, kt.cpu);
        assertTrue(rec.printk.isEmpty(), "kernel threads (no mm) are not reported: " + rec.printk);
    }

    @Test
    void anOfflineCpuTakesNoWorkAndGetsWorkAgainOnceOnline() {
        Core core = Machines.boot(3);
        Recorder rec = new Recorder(core);
        List<Task> hogs = new ArrayList<>();
        for (int i = 0; i < 6; i++) hogs.add(Machines.spawn(core, "hog" + i, Machines.hog("hog" + i), CpuMask.first(3)));
        control(core, 5 * MS, new CpuDownFrame(2));
        Machines.run(core, 100 * MS);
        assertFalse(core.hotplug.cpuOnline(2));
        for (Task h : hogs) assertNotEquals(2, h.cpu, h + " left the offline CPU");
        assertEquals(0, core.rqs[2].nrRunning);
        CpuUpFrame up = new CpuUpFrame(2);
        control(core, MS, up);
        Machines.run(core, 300 * MS);
        assertEquals(0, up.ret);
        assertTrue(core.hotplug.cpuOnline(2) && core.hotplug.cpuActive(2));
        assertTrue(hogs.stream().anyMatch(h -> h.cpu == 2), "load balancing gave the onlined CPU work");
        assertTrue(rec.ranOffline.isEmpty(), String.valueOf(rec.ranOffline));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    @Test
    void theLastOnlineCpuIsNeverOfflinedAndDisabledHotplugIsBusy() {
        Core one = Machines.boot(1);
        CpuDownFrame last = new CpuDownFrame(0);
        control(one, MS, last);
        Machines.run(one, 10 * MS);
        assertEquals(CpuDownFrame.EBUSY, last.ret);
        assertTrue(one.hotplug.cpuOnline(0));

        Core two = Machines.boot(2);
        two.hotplug.cpuHotplugDisabled = 1; // cpu_hotplug_disable()
        CpuDownFrame busy = new CpuDownFrame(1);
        control(two, MS, busy);
        Machines.run(two, 10 * MS);
        assertEquals(CpuDownFrame.EBUSY, busy.ret);
        assertTrue(two.hotplug.cpuOnline(1) && two.hotplug.cpuActive(1) && !two.hotplug.cpuDying(1));
    }

    @Test
    void aBlockedDonorOnADyingCpuIsMovedOffLikeAnyQueuedTask() {
        Core core = Machines.boot(3);
        core.proxy = new FullProxy();
        core.mutexSpinOnOwner = false;
        Recorder rec = new Recorder(core);
        Mutex m = new Mutex(core, "m", new LockClass("m"));
        Task owner = Machines.spawn(core, "owner", Program.builder("owner").lock(m).run(30 * MS).unlock(m).exit().build(), CpuMask.of(1));
        Task donor = Machines.spawn(core, "donor", Program.builder("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(1));
        owner.pfKthread = donor.pfKthread = true;
        boolean[] donorWasBlockedOnCpu1 = {false};
        core.trace.add(new Trace.Listener() {
            @Override
            public void cpuhp(long now, int cpu, String event) {
                if (event.equals("sched_cpu_deactivate")) donorWasBlockedOnCpu1[0] = donor.cpu == 1 && donor.blockedOn == m && donor.onRq != 0;
            }
        });
        control(core, 5 * MS, new CpuDownFrame(1));
        Machines.run(core, 20 * MS);
        assertTrue(donorWasBlockedOnCpu1[0], "the donor was queued, blocked on m, on the dying CPU");
        assertFalse(core.hotplug.cpuOnline(1));
        assertNotEquals(1, donor.cpu);
        assertNotEquals(1, owner.cpu);
        Machines.run(core, 100 * MS);
        assertEquals(TaskState.TASK_DEAD, donor.state, "the donor got the lock after the owner, elsewhere");
        assertTrue(rec.ranOffline.isEmpty(), String.valueOf(rec.ranOffline));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * sched_cpu_wait_empty(): the control task finds CPU 1 still busy (a task with preemption off,
     * so balance_push() cannot run there yet), sleeps in TASK_UNINTERRUPTIBLE with no timer, is not
     * woken meanwhile, and is woken once, from CPU 1, by balance_push() when only idle is left.
     */
    @Test
    void theControlTaskSleepsInDUntilBalancePushOnTheDyingCpuWakesIt() {
        Core core = Machines.boot(2);
        Task busy = preemptOffThenHog(core, 1, 20 * MS, false);
        CpuDownFrame down = new CpuDownFrame(1);
        Task ctl = control(core, 2 * MS, down);
        List<String> woken = wakings(core, ctl);
        Machines.run(core, 10 * MS);
        assertEquals(ctl, core.hotplug.hotplugWaitTask(1), "waiting in balance_hotplug_wait()");
        assertEquals(TaskState.TASK_UNINTERRUPTIBLE, ctl.state);
        assertEquals(0, ctl.onRq);
        assertFalse(ctl.sleepTimer.armed(), "no per-jiffy re-check");
        long switches = ctl.nvcsw + ctl.nivcsw;
        int wakeupsBefore = woken.size();
        Machines.run(core, 19 * MS);
        assertEquals(switches, ctl.nvcsw + ctl.nivcsw, "nothing woke it while CPU 1 was busy");
        assertEquals(wakeupsBefore, woken.size());
        Machines.run(core, 40 * MS);
        assertEquals(0, down.ret);
        assertFalse(core.hotplug.cpuOnline(1));
        assertEquals(0, busy.cpu, "balance_push() pushed it once preemption was back on");
        List<String> late = woken.subList(wakeupsBefore, woken.size());
        assertEquals(1, late.size(), String.valueOf(woken));
        assertTrue(late.get(0).endsWith("@1"), "rcuwait_wake_up() by balance_push() on the dying CPU: " + late);
        assertTrue(Long.parseLong(late.get(0).split("@")[0]) >= 20 * MS, String.valueOf(late));
        assertEquals(null, core.hotplug.hotplugWaitTask(1));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * The wakeup is lost (balance_push_callback is dropped right after sched_cpu_deactivate(), as if
     * zap_balance_callbacks() had not kept it): the busy task then leaves CPU 1 by itself, the CPU
     * is vacated, and the control task sleeps on. The lost-wakeup checker reports it; the CPU stays
     * dying and online. With proxytorture.hotplug_wait_poll=1 the same fault is hidden: the
     * per-jiffy re-check finds the CPU vacated and the offline completes with no report.
     */
    @Test
    void aLostBalancePushWakeupIsReportedByTheCheckersAndHiddenOnlyByThePoll() {
        for (boolean poll : new boolean[] {false, true}) {
            Core core = Machines.boot(2);
            core.hotplug.hotplugWaitPoll = poll;
            org.proxytorture.check.Checks checks = org.proxytorture.check.Checks.install(core,
                    new org.proxytorture.check.Checks.Config(MS, 0, 0, 20 * MS, false)); // the hung-task check off: this is the exact oracle's
            preemptOffThenHog(core, 1, 20 * MS, true);
            core.trace.add(new Trace.Listener() {
                @Override
                public void cpuhp(long now, int cpu, String event) {
                    if (!event.equals("sched_cpu_deactivate")) return;
                    core.hotplug.balancePush[1] = false; // the fault: balance_push() will not run on CPU 1
                    core.rqs[1].balanceCallbacks.clear();
                }
            });
            CpuDownFrame down = new CpuDownFrame(1);
            Task ctl = control(core, 2 * MS, down);
            Machines.run(core, 60 * MS);
            List<String> lost = checks.violations().stream().filter(v -> v.invariant().equals("INV-P8"))
                    .map(org.proxytorture.check.Violation::message).toList();
            if (poll) {
                assertEquals(List.of(), lost);
                assertFalse(core.hotplug.cpuOnline(1), "the poll found CPU 1 vacated");
            } else {
                assertEquals(1, lost.size(), String.valueOf(checks.violations()));
                assertTrue(lost.get(0).contains(ctl + " sleeps in balance_hotplug_wait() though CPU 1 is vacated"), lost.get(0));
                assertTrue(core.hotplug.cpuOnline(1) && core.hotplug.cpuDying(1), "the hotplug operation is stuck, not completed");
                assertEquals(TaskState.TASK_UNINTERRUPTIBLE, ctl.state);
            }
        }
    }

    /**
     * hrtimers_cpu_dying(): a sleeper's timeout timer queued on the dying CPU moves to an online one
     * and wakes it on time. Left behind (S25's way: corrupted at the offline step), no tick ever
     * runs it, and the lost-wakeup checker reports the sleeper.
     */
    @Test
    void aSleepTimerLeftOnTheOfflineCpuIsALostWakeup() {
        for (boolean leftBehind : new boolean[] {false, true}) {
            Core core = Machines.boot(2);
            org.proxytorture.check.Checks checks = org.proxytorture.check.Checks.install(core,
                    new org.proxytorture.check.Checks.Config(MS, 0, 0, 20 * MS, false));
            Task sleeper = Machines.spawn(core, "sleeper", Program.builder("sleeper").sleep(50 * MS).exit().build(), CpuMask.of(1));
            Machines.run(core, MS / 2);
            assertEquals(1, sleeper.sleepTimerCpu, "armed on CPU 1, where it went to sleep");
            core.trace.add(new Trace.Listener() {
                @Override
                public void cpuhp(long now, int cpu, String event) {
                    if (leftBehind && event.equals("offline")) sleeper.sleepTimerCpu = cpu; // the fault: not moved
                }
            });
            control(core, MS, new CpuDownFrame(1));
            Machines.run(core, 100 * MS);
            assertFalse(core.hotplug.cpuOnline(1));
            List<String> lost = checks.violations().stream().filter(v -> v.invariant().equals("INV-P8"))
                    .map(org.proxytorture.check.Violation::message).toList();
            if (!leftBehind) {
                assertEquals(List.of(), lost);
                assertEquals(TaskState.TASK_DEAD, sleeper.state, "woken on time by its timer on CPU 0");
            } else {
                assertEquals(1, lost.size(), String.valueOf(checks.violations()));
                assertTrue(lost.get(0).contains(sleeper + " sleeps on a timer queued on CPU 1, which is offline"), lost.get(0));
            }
        }
    }

    /**
     * cpu_hotplug_lock is a percpu_rw_semaphore: remove_cpu()'s cpus_write_lock() finds a reader
     * inside cpus_read_lock(), sleeps in percpu_down_write()'s rcuwait without polling, and is woken
     * by that reader's cpus_read_unlock(); only then does CPU 1 go down.
     */
    @Test
    void cpusWriteLockWaitsForAReaderAndIsWokenAtItsUnlock() {
        Core core = Machines.boot(3);
        long[] unlockedAt = {-1};
        Program rp = Program.builder("reader")
                .call(Action.hook("cpus_read_lock", false, (c, t, r) -> core.hotplug.cpusReadLock()))
                .run(10 * MS)
                .call(Action.hook("cpus_read_unlock", false, (c, t, r) -> {
                    unlockedAt[0] = core.now();
                    return core.hotplug.cpusReadUnlock();
                }))
                .exit().build();
        Task reader = Machines.spawn(core, "reader", rp, CpuMask.of(0));
        reader.pfKthread = true;
        CpuDownFrame down = new CpuDownFrame(1);
        Task ctl = control(core, 2 * MS, down, 2);
        List<String> woken = wakings(core, ctl);
        List<Long> deactivated = new ArrayList<>();
        core.trace.add(new Trace.Listener() {
            @Override
            public void cpuhp(long now, int cpu, String event) {
                if (event.equals("sched_cpu_deactivate")) deactivated.add(now);
            }
        });
        Machines.run(core, 7 * MS);
        assertEquals(ctl, core.hotplug.cpuHotplugLock.rcuwaitWriter(), "percpu_down_write() waits for the reader to drain");
        assertEquals(TaskState.TASK_UNINTERRUPTIBLE, ctl.state);
        assertFalse(ctl.sleepTimer.armed(), "no sleep-and-retry");
        long switches = ctl.nvcsw + ctl.nivcsw;
        Machines.run(core, 9 * MS);
        assertEquals(switches, ctl.nvcsw + ctl.nivcsw, "not woken while the reader holds it");
        assertTrue(core.hotplug.cpuOnline(1) && core.hotplug.cpuActive(1));
        Machines.run(core, 40 * MS);
        assertEquals(0, down.ret);
        assertFalse(core.hotplug.cpuOnline(1));
        assertTrue(unlockedAt[0] > 0);
        assertEquals(1, deactivated.size());
        assertTrue(deactivated.get(0) >= unlockedAt[0], "CPU 1 went down after the reader left: " + deactivated + " vs " + unlockedAt[0]);
        assertTrue(woken.stream().anyMatch(w -> w.endsWith("@0") && Long.parseLong(w.split("@")[0]) >= unlockedAt[0]),
                "percpu_up_read()'s rcuwait_wake_up() from the reader's CPU: " + woken);
        assertEquals(0, core.hotplug.cpuHotplugLock.readSum());
        assertFalse(core.hotplug.cpuHotplugLock.writeLocked(), "cpus_write_unlock() released it");
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * The other direction: a cpus_read_lock() that comes while remove_cpu() holds cpu_hotplug_lock
     * sleeps on sem->waiters and is given the lock by cpus_write_unlock()'s wakeup, after CPU 1 is
     * down.
     */
    @Test
    void cpusReadLockDuringAHotplugOperationSleepsUntilCpusWriteUnlock() {
        Core core = Machines.boot(3);
        Task busy = preemptOffThenHog(core, 1, 20 * MS, false); // keeps remove_cpu(1) inside the lock for a while
        long[] lockedAt = {-1};
        Program rp = Program.builder("reader").sleep(10 * MS)
                .call(Action.hook("cpus_read_lock", false, (c, t, r) -> core.hotplug.cpusReadLock()))
                .call(Action.hook("locked", true, (c, t, r) -> {
                    lockedAt[0] = core.now();
                    return null;
                }))
                .call(Action.hook("cpus_read_unlock", false, (c, t, r) -> core.hotplug.cpusReadUnlock()))
                .exit().build();
        Task reader = Machines.spawn(core, "reader", rp, CpuMask.of(2));
        reader.pfKthread = true;
        long[] offlineAt = {-1};
        core.trace.add(new Trace.Listener() {
            @Override
            public void cpuhp(long now, int cpu, String event) {
                if (event.equals("offline")) offlineAt[0] = now;
            }
        });
        CpuDownFrame down = new CpuDownFrame(1);
        control(core, 2 * MS, down);
        Machines.run(core, 15 * MS);
        assertEquals(List.of("R:reader"), core.hotplug.cpuHotplugLock.waiters(), "queued behind the writer");
        assertEquals(TaskState.TASK_UNINTERRUPTIBLE, reader.state);
        Machines.run(core, 60 * MS);
        assertEquals(0, down.ret);
        assertNotEquals(1, busy.cpu);
        assertTrue(offlineAt[0] > 0 && lockedAt[0] > offlineAt[0], "read-locked at " + lockedAt[0] + ", after the offline at " + offlineAt[0]);
        assertEquals(TaskState.TASK_DEAD, reader.state);
        assertEquals(0, core.hotplug.cpuHotplugLock.readSum());
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }

    /**
     * rq_offline_fair(): a group throttled on a CPU going down is unthrottled while balance_push()
     * can still move its tasks, and runtime stays disabled there, so the next period's refill
     * queues nothing on the dead CPU (the kernel's "sched: Fix hotplug vs CPU bandwidth control").
     * Found by the soak (PROXY09 with NO_DELAY_DEQUEUE, seed 1): a writer ran on an offline CPU.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"task", "group"})
    void aGroupThrottledOnTheDyingCpuIsUnthrottledAndItsTasksLeaveBeforeItGoesDown(String model) {
        Core core = Machines.boot(2);
        core.fair.bandwidth.model = ThrottleModel.byName(model);
        Recorder rec = new Recorder(core);
        TaskGroup g = core.createGroup("limited", core.rootTaskGroup, TaskGroup.weightToShares(100));
        g.setCpuMax("20000 100000");
        Task hog = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(1), g, 0);
        CpuDownFrame down = new CpuDownFrame(1);
        control(core, 140 * MS, down); // mid-period: the hog spent its 20 ms at 120 ms and is throttled
        Machines.run(core, 200 * MS);
        assertEquals(0, down.ret);
        assertFalse(core.hotplug.cpuOnline(1));
        assertFalse(g.cfsRq[1].throttled, "unthrottle_offline_cfs_rqs()");
        assertFalse(g.cfsRq[1].runtimeEnabled, "no new throttling on the offline rq");
        Machines.run(core, 1200 * MS);
        assertEquals(0, hog.cpu, "balance_push() moved the unthrottled hog away");
        assertEquals(0, core.rqs[1].nrRunning, "the period refill queued nothing on the offline CPU");
        assertTrue(rec.ranOffline.isEmpty(), String.valueOf(rec.ranOffline));
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
        assertTrue(core.fair.bandwidth.audit().isEmpty(), () -> core.fair.bandwidth.audit().toString());
        CpuUpFrame up = new CpuUpFrame(1);
        control(core, MS, up);
        Machines.run(core, 1300 * MS);
        assertEquals(0, up.ret);
        assertTrue(core.hotplug.cpuActive(1), String.valueOf(rec.cpuhp));
        assertTrue(g.cfsRq[1].runtimeEnabled, "rq_online_fair(): update_runtime_enabled()");
    }
}
