package org.proxytorture.kernel.rcu;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.SleepFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.WakeQ;

/**
 * rcu_sync_enter(): force readers onto their slow path.
 * <pre>
 * ENTER   [rss_lock] GP_IDLE -> GP_ENTER; gp_count++
 *         found GP_IDLE: synchronize_rcu() (a TASK_UNINTERRUPTIBLE sleep of one grace period),
 *         then FUNC; otherwise wait_event(gp_wait, gp_state >= GP_PASSED)
 * FUNC    [rss_lock] rcu_sync_func(): GP_PASSED, wake_up_locked(&amp;gp_wait)
 *           -- interleaving point: the wakeups --
 * WAIT    [rss_lock] prepare_to_wait(); gp_state >= GP_PASSED, or schedule() off the runqueue
 * </pre>
 * Simplified: the gp_wait waiters are woken after rss_lock is dropped (as with a wake_q).
 */
public final class RcuSyncEnterFrame extends KFrame {
    private static final int ENTER = 0, FUNC = 1, WAKE = 2, WAIT = 3;
    private final RcuSync rsp;
    private int pc = ENTER;
    private final WakeQ wake = new WakeQ();

    public RcuSyncEnterFrame(RcuSync rsp) {
        this.rsp = rsp;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case ENTER -> {
                if (!cpu.lock(rsp.rssLock)) return SPIN;
                cpu.cost(core.costs.section());
                if (rsp.enter() == RcuSync.GP_IDLE) {
                    pc = FUNC;
                    p.push(new SleepFrame(rsp.gracePeriodNs(), false)); // synchronize_rcu()
                    return CALL;
                }
                if (rsp.gpState >= RcuSync.GP_PASSED) return DONE;
                pc = WAIT;
                return NEXT;
            }
            case FUNC -> {
                if (!cpu.lock(rsp.rssLock)) return SPIN;
                cpu.cost(core.costs.section());
                rsp.func(wake);
                pc = WAKE;
                return NEXT;
            }
            case WAKE -> {
                int r = wake.wakeOne(cpu);
                if (r == SPIN) return SPIN;
                return r == WakeQ.MORE ? NEXT : DONE;
            }
            default -> { // WAIT
                if (!cpu.lock(rsp.rssLock)) return SPIN;
                cpu.cost(core.costs.section());
                if (rsp.gpState >= RcuSync.GP_PASSED) {
                    rsp.gpWait.remove(p); // finish_wait()
                    p.state = TaskState.TASK_RUNNING;
                    return DONE;
                }
                if (!rsp.gpWait.contains(p)) rsp.gpWait.add(p);
                p.state = TaskState.TASK_UNINTERRUPTIBLE;
                return SCHEDULE;
            }
        }
    }

    @Override
    public String describe() {
        return "rcu_sync_enter(" + rsp.rssLock.name + ")";
    }
}
