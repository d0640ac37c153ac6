package org.proxytorture.torture;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.SetAttrFrame;
import org.proxytorture.kernel.sched.SleepFrame;
import org.proxytorture.kernel.cpu.SpinWaiters;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Weights;

/**
 * torture.c's stutter: torture_stutter_init(stutter, stutter) starts the torture_stutter kthread,
 * which applies and removes the load suddenly by writing stutter_pause_test; the torture threads
 * call stutter_wait() at the end of every iteration (reference section 3.4).
 * <pre>
 * torture_stutter:  stutter &gt; 2: stutter_pause_test = 1 for stutter-3 jiffies, then 2 for 2 jiffies
 *                   else:        stutter_pause_test = 2 for stutter jiffies
 *                   then         stutter_pause_test = 0 for stutter_gap (= stutter) jiffies
 * </pre>
 */
final class Stutter {
    /** One stutter_pause_test write: when, and the new value. */
    record Transition(long atNs, int pauseTest) { }

    private final Core core;
    private final int stutter;
    private final int stutterGap;
    /** stutter_pause_test: 0 run, 1 sleep a jiffy at a time, 2 spin. */
    int pauseTest;
    /** Spinners in stutter_wait() state 2, woken when stutter_pause_test changes (READ_ONCE in a loop). */
    final SpinWaiters spinners = new SpinWaiters();
    final List<Transition> transitions = new ArrayList<>();

    Stutter(Core core, int stutter) {
        this.core = core;
        this.stutter = stutter;
        this.stutterGap = stutter;
    }

    /** WRITE_ONCE(stutter_pause_test, v): spinners see it after a cache-line transfer. */
    private void set(int v) {
        if (pauseTest != v) transitions.add(new Transition(core.now(), v));
        pauseTest = v;
        spinners.wakeAll();
    }

    private Action write(int v) {
        return Action.hook("stutter_pause_test=" + v, false, (cpu, p, r) -> {
            set(v);
            return null;
        });
    }

    /** torture_stutter(): the kthread's loop; {@code started} prints VERBOSE_TOROUT_STRING, {@code mustStop} fills rStop. */
    Program program(Action started, Action mustStop, int rStop) {
        Program.Builder b = Program.builder("torture_stutter");
        if (started != null) b.call(started);
        b.label("loop");
        b.call(mustStop);
        b.jumpIfNonZero(rStop, "run");
        if (stutter > 2) {
            b.call(write(1));
            if (stutter > 3) b.idleSleep((stutter - 3) * core.tickNsec);
            b.call(write(2));
            b.idleSleep(2 * core.tickNsec);
        } else {
            b.call(write(2));
            b.idleSleep(stutter * core.tickNsec);
        }
        b.label("run");
        b.call(write(0));
        b.call(mustStop);
        b.jumpIfNonZero(rStop, "out");
        b.idleSleep(stutterGap * core.tickNsec);
        b.call(mustStop);
        b.jumpIfZero(rStop, "loop");
        b.label("out");
        b.exit();
        return b.build();
    }

    /** stutter_wait(title) as a program hook. */
    Action waitAction() {
        return Action.hook("stutter_wait", false, (cpu, p, r) -> pauseTest == 0 ? null : new StutterWaitFrame());
    }

    /**
     * stutter_wait(): while stutter_pause_test is set, a non-RT task is demoted once with
     * sched_set_normal(current, MAX_NICE); state 1 sleeps a jiffy, state 2 spins with
     * cond_resched() (a 10 us hrtimeout every 64K iterations). cond_resched_tasks_rcu_qs() at the
     * top is a preemption point, which every section boundary already is in the model.
     */
    private final class StutterWaitFrame extends KFrame {
        private static final long SPIN_SLEEP_NS = 10_000;
        private static final long ITERATIONS_PER_SLEEP = 0x10000;
        private boolean demoted;
        /** When the spin began counting toward its next 10 us sleep, or -1 before the first. */
        private long spinStart = -1;

        @Override
        public int step(Cpu cpu, Task p) {
            int spt = pauseTest; // READ_ONCE(stutter_pause_test)
            cpu.cost(core.costs.atomic());
            if (spt == 0) return DONE;
            if (!demoted && !p.isRt()) {
                demoted = true;
                p.push(SetAttrFrame.setScheduler(null, Policy.SCHED_NORMAL, 0, Weights.MAX_NICE));
                return CALL;
            }
            if (spt == 1) {
                spinStart = -1;
                p.push(SleepFrame.idle(core.tickNsec)); // torture_hrtimeout_jiffies(1, NULL)
                return CALL;
            }
            // spt == 2: while (READ_ONCE(stutter_pause_test)) { if (!(i++ & 0xffff)) torture_hrtimeout_us(10); cond_resched(); }
            // the iterations are counted as time: one loop iteration costs one atomic read
            long now = core.now();
            if (spinStart < 0 || now - spinStart >= ITERATIONS_PER_SLEEP * core.costs.atomic()) {
                spinStart = now + SPIN_SLEEP_NS;
                p.push(SleepFrame.idle(SPIN_SLEEP_NS));
                return CALL;
            }
            spinners.add(cpu);
            return SPIN_WAIT;
        }

        @Override
        public String describe() {
            return "stutter_wait(" + pauseTest + ")";
        }
    }
}
