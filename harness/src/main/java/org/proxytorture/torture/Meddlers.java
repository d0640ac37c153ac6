package org.proxytorture.torture;

import java.util.List;
import org.proxytorture.kernel.program.Action;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Policy;
import org.proxytorture.kernel.sched.SetAttrFrame;
import org.proxytorture.kernel.sched.SignalWakeUpFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Weights;

/**
 * The harness's own kthreads that change a writer from outside, whatever it is doing (blocked on a
 * lock, owning one, running): torture_setprio (proxytorture.setprio_interval), torture_renice
 * (proxytorture.renice_interval) and torture_signal (proxytorture.signal_interval). Not in locktorture; they drive the kernel's paths for a task
 * changed while it blocks: rt_mutex_adjust_pi() and the -EINTR exit of an interruptible wait.
 */
final class Meddlers {
    private Meddlers() { }

    /** A kthread that, until torture_must_stop(), sleeps {@code intervalMs} then runs {@code poke} on a random writer. */
    static Program program(String comm, Core core, int intervalMs, Action mustStop, int rStop, List<Task> writers, Poke poke) {
        Program.Builder b = Program.builder(comm);
        b.label("loop");
        b.idleSleep(intervalMs * 1_000_000L); // torture_hrtimeout_ms()
        b.call(mustStop);
        b.jumpIfNonZero(rStop, "out");
        b.call(Action.hook(comm, false, (cpu, p, r) -> poke.frame(core, writers.get(core.choices.choose(writers.size())))));
        b.jump("loop");
        b.label("out");
        b.exit();
        return b.build();
    }

    interface Poke {
        org.proxytorture.kernel.cpu.KFrame frame(Core core, Task writer);
    }

    /**
     * sched_setscheduler(w, SCHED_FIFO, 1..MAX_RT_PRIO-2) for a fair writer; back to SCHED_NORMAL at
     * its own nice for an RT one (the weight stays: a sleeping writer's lag was clamped at it).
     */
    static final Poke SETPRIO = (core, w) -> w.policy.isRt() ? atOwnNice(w, Policy.SCHED_NORMAL) : fifo(core, w);

    /**
     * With proxytorture.setprio_idle: a SCHED_NORMAL writer to SCHED_FIFO, SCHED_IDLE or SCHED_BATCH
     * (a third each), any other back to SCHED_NORMAL at its own nice.
     */
    static final Poke SETPRIO_IDLE = (core, w) -> {
        if (w.policy != Policy.SCHED_NORMAL) return atOwnNice(w, Policy.SCHED_NORMAL);
        return switch (core.choices.choose(3)) {
            case 0 -> fifo(core, w);
            case 1 -> atOwnNice(w, Policy.SCHED_IDLE);
            default -> atOwnNice(w, Policy.SCHED_BATCH);
        };
    };

    /** sched_setscheduler(w, SCHED_FIFO, 1..MAX_RT_PRIO-2), the rt_priority drawn. */
    private static SetAttrFrame fifo(Core core, Task w) {
        return SetAttrFrame.setScheduler(w, Policy.SCHED_FIFO, 1 + core.choices.choose(Weights.MAX_RT_PRIO - 2), 0);
    }

    /** sched_setscheduler(w, policy) of a fair policy, at w's own nice. */
    private static SetAttrFrame atOwnNice(Task w, Policy policy) {
        return SetAttrFrame.setScheduler(w, policy, 0, w.staticPrio - Weights.niceToPrio(0));
    }

    /** set_user_nice(w, MIN_NICE..MAX_NICE) */
    static final Poke RENICE = (core, w) -> SetAttrFrame.setUserNice(w, Weights.MIN_NICE + core.choices.choose(Weights.MAX_NICE - Weights.MIN_NICE + 1));

    /** send_sig(SIGUSR1, w, 1) */
    static final Poke SIGNAL = (core, w) -> new SignalWakeUpFrame(w);
}
