package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/** schedule_timeout_{un,}interruptible(): sleep with an hrtimer that wakes the task. */
public final class SleepFrame extends KFrame {
    private final long ns;
    private final int sleepState;
    private int pc;

    public SleepFrame(long ns, boolean interruptible) {
        this(ns, interruptible ? TaskState.TASK_INTERRUPTIBLE : TaskState.TASK_UNINTERRUPTIBLE);
    }

    private SleepFrame(long ns, int state) {
        this.ns = ns;
        this.sleepState = state;
    }

    /** torture_hrtimeout_ns(): torture.c's kthreads sleep in TASK_IDLE (not counted as load, not hung). */
    public static SleepFrame idle(long ns) {
        return new SleepFrame(ns, TaskState.TASK_IDLE);
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        if (pc == 0) {
            cpu.cost(core.costs.section());
            p.state = sleepState; // set_current_state()
            p.sleepTimerCpu = cpu.id;
            core.loop.arm(p.sleepTimer, core.now() + ns);
            pc = 1;
            return SCHEDULE;
        }
        cpu.cost(core.costs.atomic());
        core.loop.cancel(p.sleepTimer); // del_timer_sync(), a no-op once it has fired
        return DONE;
    }

    @Override
    public String describe() {
        return "schedule_timeout(" + ns + "ns)";
    }
}
