package org.proxytorture.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.sched.Machines.MS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.proxy.FullProxy;

/**
 * CPU hotplug on the scheduler's side: remove_cpu() empties the CPU through balance_push() and
 * the stopper, select_fallback_rq() widens a mask with no online CPU left, the offline CPU takes
 * no work, add_cpu() brings it back, and the last online CPU is never offlined.
 */
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
        Program p = Program.builder("ctl").sleep(delay).call(Action.hook("hotplug", false, (cpu, t, r) -> op)).exit().build();
        Task t = Machines.spawn(core, "ctl", p, CpuMask.of(0));
        t.pfKthread = true;
        return t;
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
}
