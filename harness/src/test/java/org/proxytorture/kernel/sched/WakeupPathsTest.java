package org.proxytorture.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.IrqWork;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.RawSpinLock;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.sim.Timer;
import org.junit.jupiter.api.Tag;

/**
 * try_to_wake_up()'s paths as core.c has them, and interrupts held off by an irqs-off spin:
 * each test builds the window by hand (a waker that polls until its wakee is half switched out, a
 * lock held across sections) and states what the kernel does there.
 */
@Tag("fast")
class WakeupPathsTest {
    static final long MS = Machines.MS;
    static final long US = 1_000;

    /** set_current_state(TASK_UNINTERRUPTIBLE); schedule(): sleeps until woken, then returns. */
    static final class BlockFrame extends KFrame {
        private boolean slept;

        @Override
        public int step(Cpu cpu, Task p) {
            cpu.cost(50);
            if (slept) return DONE;
            p.state = TaskState.TASK_UNINTERRUPTIBLE;
            slept = true;
            return SCHEDULE;
        }

        @Override
        public String describe() {
            return "block";
        }
    }

    /**
     * A waker that polls (50 ns a section) until {@code wakee} is off its runqueue but still on_cpu,
     * the window between deactivate_task() in __schedule() and finish_task(), then wakes it.
     */
    static final class WakeInOnCpuWindow extends KFrame {
        private final Task wakee;
        long wokenAt = -1;

        WakeInOnCpuWindow(Task wakee) {
            this.wakee = wakee;
        }

        @Override
        public int step(Cpu cpu, Task p) {
            cpu.cost(50);
            boolean window = wakee.state == TaskState.TASK_UNINTERRUPTIBLE && wakee.onRq == 0 && wakee.onCpu.latest() != 0;
            if (!window) return NEXT;
            int r = cpu.core().tryToWakeUp(cpu, wakee, TaskState.TASK_NORMAL, 0);
            if (r == Core.SPIN) return SPIN;
            wokenAt = cpu.core().now();
            return DONE;
        }

        @Override
        public String describe() {
            return "wake_in_on_cpu_window";
        }
    }

    static final class Recorder implements Trace.Listener {
        final List<long[]> wakeups = new ArrayList<>();
        final List<long[]> wakings = new ArrayList<>();

        @Override
        public void schedWakeup(long now, int cpu, Task p) {
            wakeups.add(new long[] {now, p.pid, cpu});
        }

        @Override
        public void schedWaking(long now, int cpu, Task p, int targetCpu) {
            wakings.add(new long[] {now, p.pid, cpu});
        }

        final List<long[]> switchesOut = new ArrayList<>();

        @Override
        public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
            switchesOut.add(new long[] {now, prev.pid});
        }

        long firstSwitchOut(Task t) {
            for (long[] w : switchesOut) if (w[1] == t.pid) return w[0];
            return -1;
        }

        long firstWakeup(Task t) {
            for (long[] w : wakeups) if (w[1] == t.pid) return w[0];
            return -1;
        }
    }

    private static Task sleeperOn(Core core, int cpu) {
        Program s = Program.builder("S").run(MS).call(Action.hook("block", false, (c, t, r) -> new BlockFrame())).run(MS).exit().build();
        return Machines.spawn(core, "S", s, CpuMask.of(cpu));
    }

    private static WakeInOnCpuWindow wakerOn(Core core, int cpu, Task wakee) {
        WakeInOnCpuWindow w = new WakeInOnCpuWindow(wakee);
        Program p = Program.builder("W").call(Action.hook("wake", false, (c, t, r) -> w)).exit().build();
        Machines.spawn(core, "W", p, CpuMask.of(cpu));
        return w;
    }

    /**
     * The wakee's CPU will run nothing once it is switched out: ttwu_queue_cond() sends the wakeup
     * to that CPU's wake list, and its IPI is taken after finish_task(), since
     * __schedule() runs with interrupts off; sched_ttwu_pending() finds on_cpu clear.
     */
    @Test
    void aTaskWokenWhileItsIdleBoundCpuSwitchesItOutGoesOnThatCpusWakeList() {
        Core core = Machines.boot(2);
        Recorder rec = new Recorder();
        core.trace.add(rec);
        Task s = sleeperOn(core, 1);
        WakeInOnCpuWindow w = wakerOn(core, 0, s);
        Machines.run(core, 10 * MS);
        assertTrue(w.wokenAt > 0, "the waker found the on_cpu window");
        assertEquals(1, core.coverage.pointCount("ttwu_on_cpu_wakelist"));
        assertEquals(0, core.coverage.pointCount("ttwu_on_cpu_spin"));
        assertTrue(rec.firstWakeup(s) >= w.wokenAt + core.costs.ipi(), "activated by the IPI, not by the waker");
        assertEquals(List.of(), core.warnings);
        assertEquals(TaskState.TASK_DEAD, s.state, "S ran to its end");
    }

    /**
     * The wakee's CPU has more to run: ttwu_queue_cond() refuses the wake list, so the waker spins
     * on p->on_cpu (pi_lock held, IRQs off) until finish_task(), then activates S itself under
     * CPU 1's rq lock: the remote direct wakeup.
     */
    @Test
    void aTaskWokenWhileItsBusyCpuSwitchesItOutIsWaitedForThenWokenDirectly() {
        Core core = Machines.boot(2);
        core.schedFeat = SchedFeat.parse("NO_DELAY_DEQUEUE"); // S, not eligible beside the hog, would stay queued delayed
        Recorder rec = new Recorder();
        core.trace.add(rec);
        Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(1));
        Task s = sleeperOn(core, 1);
        WakeInOnCpuWindow w = wakerOn(core, 0, s);
        Machines.run(core, 30 * MS);
        assertTrue(w.wokenAt > 0, "the waker found the on_cpu window");
        assertEquals(1, core.coverage.pointCount("ttwu_on_cpu_spin"));
        assertTrue(core.coverage.pointCount("ttwu_remote_direct") >= 1);
        assertEquals(0, core.coverage.pointCount("ttwu_queue_wakelist") + core.coverage.pointCount("ttwu_on_cpu_wakelist"));
        long wakeup = rec.firstWakeup(s);
        long finishTask = rec.firstSwitchOut(s) + core.costs.schedule(); // the FINISH section after the pick's
        assertTrue(wakeup >= finishTask && wakeup < finishTask + core.costs.ipi(),
                "activated by the waker once on_cpu cleared at " + finishTask + ", not through an IPI: " + wakeup);
        assertEquals(List.of(), core.warnings);
    }

    /** A CPU whose section holds a lock across sections, and releases it in a later one. */
    static final class HoldAcross extends KFrame {
        private final RawSpinLock lock;
        private final long holdNs;
        private int pc;

        HoldAcross(RawSpinLock lock, long holdNs) {
            this.lock = lock;
            this.holdNs = holdNs;
        }

        @Override
        public int step(Cpu cpu, Task p) {
            switch (pc++) {
                case 0 -> {
                    if (!cpu.holdAcross(lock)) {
                        pc = 0;
                        return SPIN;
                    }
                    cpu.cost(50);
                    return NEXT;
                }
                case 1 -> {
                    cpu.cost(holdNs);
                    return NEXT;
                }
                default -> {
                    cpu.unlockAcross(lock);
                    cpu.cost(50);
                    return DONE;
                }
            }
        }

        @Override
        public String describe() {
            return "hold_across(" + lock + ")";
        }
    }

    /** Takes a lock for one section, spinning with IRQs off while it is busy. */
    static final class TakeOnce extends KFrame {
        private final RawSpinLock lock;
        long tookAt = -1;

        TakeOnce(RawSpinLock lock) {
            this.lock = lock;
        }

        @Override
        public int step(Cpu cpu, Task p) {
            if (!cpu.lock(lock)) return SPIN;
            cpu.cost(50);
            tookAt = cpu.core().now();
            return DONE;
        }

        @Override
        public String describe() {
            return "raw_spin_lock_irqsave(" + lock + ")";
        }
    }

    /**
     * raw_spin_lock_irqsave() spins with interrupts disabled: an interrupt raised on the spinning
     * CPU waits until it has the lock (the model used to take it between two polls).
     */
    @Test
    void anInterruptWaitsForAnIrqsOffSpinToEnd() {
        Core core = Machines.boot(2);
        RawSpinLock l = new RawSpinLock("L");
        Machines.spawn(core, "holder", Program.builder("holder")
                .call(Action.hook("hold", false, (c, t, r) -> new HoldAcross(l, 100 * US))).exit().build(), CpuMask.of(0));
        TakeOnce take = new TakeOnce(l);
        Machines.spawn(core, "taker", Program.builder("taker").run(10 * US)
                .call(Action.hook("take", false, (c, t, r) -> take)).exit().build(), CpuMask.of(1));
        long[] ranAt = {-1};
        IrqWork irq = new IrqWork() {
            protected int run(Cpu cpu) {
                if (ranAt[0] < 0) ranAt[0] = cpu.core().now();
                cpu.cost(100);
                return KFrame.DONE;
            }

            protected String name() {
                return "test_irq";
            }
        };
        core.loop.arm(new Timer(now -> core.cpus[1].raise(irq)), 50 * US);
        Machines.run(core, 1 * MS);
        assertTrue(take.tookAt > 100 * US, "the taker waited for the holder: " + take.tookAt);
        assertTrue(ranAt[0] >= take.tookAt, "the interrupt ran after the spin ended: irq " + ranAt[0] + ", lock " + take.tookAt);
    }

    /** Two CPUs each holding a raw spinlock across sections and spinning, IRQs off, for the other's. */
    static final class AbbaRaw extends KFrame {
        private final RawSpinLock first, second;
        private int pc;

        AbbaRaw(RawSpinLock first, RawSpinLock second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public int step(Cpu cpu, Task p) {
            if (pc == 0) {
                if (!cpu.holdAcross(first)) return SPIN;
                cpu.cost(1_000);
                pc = 1;
                return NEXT;
            }
            if (!cpu.lock(second)) return SPIN;
            cpu.unlockAcross(first);
            return DONE;
        }

        @Override
        public String describe() {
            return "abba(" + first + ", " + second + ")";
        }
    }

    /** An ABBA on raw spinlocks: neither CPU can take an interrupt again; the NMI watchdog's report. */
    @Test
    void twoCpusSpinningWithIrqsOffOnEachOtherAreAHardLockup() {
        Core core = Machines.boot(2);
        var checks = org.proxytorture.check.Checks.install(core,
                new org.proxytorture.check.Checks.Config(MS, 50 * MS, 200 * MS, 20 * MS, false));
        RawSpinLock a = new RawSpinLock("A"), b = new RawSpinLock("B");
        Machines.spawn(core, "ab", Program.builder("ab").call(Action.hook("ab", false, (c, t, r) -> new AbbaRaw(a, b))).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "ba", Program.builder("ba").call(Action.hook("ba", false, (c, t, r) -> new AbbaRaw(b, a))).exit().build(), CpuMask.of(1));
        Machines.run(core, 5 * MS);
        var lockup = checks.violations().stream().filter(v -> v.invariant().equals("hard-lockup")).findFirst();
        assertTrue(lockup.isPresent(), String.valueOf(checks.violations()));
        assertTrue(lockup.get().message().startsWith("watchdog: Watchdog detected hard LOCKUP on cpu "), lockup.get().message());
        assertEquals(List.of(0, 1), lockup.get().cpus().stream().sorted().toList());
        assertEquals("deadlock", lockup.get().checker());
        assertEquals(List.of("cpus=2"), lockup.get().roles(), "a cycle of two CPUs");
        String detail = String.join("\n", lockup.get().detail());
        assertTrue(detail.contains("raw_spin_lock(A)") && detail.contains("raw_spin_lock(B)"), detail);
    }

    /** Holds a raw spinlock across sections and never lets go, taking interrupts between its sections. */
    static final class HoldForever extends KFrame {
        private final RawSpinLock lock;

        HoldForever(RawSpinLock lock) {
            this.lock = lock;
        }

        @Override
        public int step(Cpu cpu, Task p) {
            if (!cpu.holdAcross(lock)) return SPIN;
            cpu.cost(10_000);
            return NEXT;
        }

        @Override
        public String describe() {
            return "hold_forever(" + lock + ")";
        }
    }

    /**
     * A CPU spinning with IRQs off on a lock that is never released takes no tick: the NMI watchdog
     * reports it once an interrupt has waited watchdog_thresh (10 s); the holder, which takes its
     * interrupts, is not reported.
     */
    @Test
    void aCpuThatTakesNoInterruptForWatchdogThreshIsAHardLockup() {
        Core core = Machines.boot(2);
        var checks = org.proxytorture.check.Checks.install(core,
                new org.proxytorture.check.Checks.Config(100 * MS, 60 * Machines.SEC, 60 * Machines.SEC, 60 * Machines.SEC, false));
        RawSpinLock l = new RawSpinLock("L");
        Machines.spawn(core, "holder", Program.builder("holder").call(Action.hook("hold", false, (c, t, r) -> new HoldForever(l))).exit().build(), CpuMask.of(0));
        Machines.spawn(core, "taker", Program.builder("taker").run(10 * US).call(Action.hook("take", false, (c, t, r) -> new TakeOnce(l))).exit().build(), CpuMask.of(1));
        Machines.run(core, 9 * Machines.SEC);
        assertTrue(checks.violations().isEmpty(), "not before watchdog_thresh: " + checks.violations());
        Machines.run(core, 11 * Machines.SEC);
        var lockup = checks.violations().stream().filter(v -> v.invariant().equals("hard-lockup")).toList();
        assertEquals(1, lockup.size(), String.valueOf(checks.violations()));
        assertEquals("watchdog: Watchdog detected hard LOCKUP on cpu 1", lockup.get(0).message());
        assertEquals("deadlock", lockup.get(0).checker());
        assertEquals(List.of("cpus=1"), lockup.get(0).roles());
    }

    /**
     * migration_cpu_stop() for a task that moved before the stopper ran and is still outside its
     * mask: the work chases it (stop_one_cpu_nowait(task_cpu(p), ...)) and the task ends inside
     * its mask, the completion done there. Here the work is queued on CPU 1 while the task runs
     * on CPU 2 with its mask already {3}.
     */
    @Test
    void migrationCpuStopChasesATaskThatMovedOutsideItsMask() {
        Core core = Machines.boot(4);
        Task t = Machines.spawn(core, "hog", Machines.hog("hog"), CpuMask.of(2));
        Completion done = new Completion();
        KFrame queueStale = new KFrame() {
            private boolean queued;

            @Override
            public int step(Cpu cpu, Task p) {
                if (!queued) {
                    if (!cpu.lock(core.rqs[1].lock)) return SPIN;
                    t.cpusMask = CpuMask.of(3); // __do_set_cpus_allowed()
                    t.migrationPending = true;
                    core.rqs[1].stopWorks.add(new StopWork(t, 3, done, false));
                    queued = true;
                    return NEXT;
                }
                return core.tryToWakeUp(cpu, core.rqs[1].stop, TaskState.TASK_NORMAL, 0) == Core.SPIN ? SPIN : DONE;
            }

            @Override
            public String describe() {
                return "queue a stale migration_cpu_stop";
            }
        };
        Machines.spawn(core, "kick", org.proxytorture.kernel.program.Program.builder("kick").sleep(Machines.MS)
                .call((cpu, p, r) -> queueStale).exit().build(), CpuMask.of(0));
        Machines.run(core, 5 * Machines.MS);
        assertEquals(3, t.cpu, "chased from CPU 1's stopper to CPU 2's, which moves it to CPU 3");
        assertTrue(done.isDone());
        assertFalse(t.migrationPending);
        assertTrue(core.warnings.isEmpty(), String.valueOf(core.warnings));
    }
}
