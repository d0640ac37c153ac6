package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * send_sig(SIGUSR1, t, 1) -> signal_wake_up(t, 0): set TIF_SIGPENDING, then
 * wake_up_state(t, TASK_INTERRUPTIBLE), which ends an interruptible sleep (an uninterruptible one
 * goes on; the signal stays pending). Two sections: between the flag and the wakeup's read of
 * t->__state, t may schedule() and meet the flag in try_to_block_task(). Simplified: no siglock,
 * no sigqueue, no kick_process().
 */
public final class SignalWakeUpFrame extends KFrame {
    private final Task target;
    private boolean flagged;

    public SignalWakeUpFrame(Task target) {
        this.target = target;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        if (!flagged) {
            target.sigpending = true; // set_tsk_thread_flag(t, TIF_SIGPENDING)
            flagged = true;
            cpu.cost(core.costs.atomic());
            return NEXT;
        }
        if (core.tryToWakeUp(cpu, target, TaskState.TASK_INTERRUPTIBLE, 0) == Core.SPIN) return SPIN;
        cpu.cost(core.costs.atomic());
        return DONE;
    }

    @Override
    public String describe() {
        return "signal_wake_up(" + target.comm + ")";
    }
}
