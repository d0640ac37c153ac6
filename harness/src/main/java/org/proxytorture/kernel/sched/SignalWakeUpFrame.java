package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * send_sig(SIGUSR1, t, 1) -> signal_wake_up(t, 0): set TIF_SIGPENDING, then
 * wake_up_state(t, TASK_INTERRUPTIBLE), which ends an interruptible sleep (an uninterruptible one
 * goes on; the signal stays pending). Simplified: no siglock, no sigqueue, no kick_process().
 */
public final class SignalWakeUpFrame extends KFrame {
    private final Task target;

    public SignalWakeUpFrame(Task target) {
        this.target = target;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        boolean was = target.sigpending;
        target.sigpending = true; // set_tsk_thread_flag(t, TIF_SIGPENDING): before the wakeup reads the state
        if (core.tryToWakeUp(cpu, target, TaskState.TASK_INTERRUPTIBLE, 0) == Core.SPIN) {
            target.sigpending = was; // nothing done: the section is retried
            return SPIN;
        }
        cpu.cost(core.costs.atomic());
        return DONE;
    }

    @Override
    public String describe() {
        return "signal_wake_up(" + target.comm + ")";
    }
}
