package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;

/**
 * sched_yield(): current's class's yield_task() under the rq lock, then schedule(). With proxy
 * execution current may be a lock owner running on a donor's behalf: yield_task_fair() then
 * moves rq->donor's deadline (kernel-proxy-exec.md 4.3), counted as sched_yield_proxied.
 */
public final class YieldFrame extends KFrame {
    private boolean yielded;

    @Override
    public int step(Cpu cpu, Task p) {
        if (yielded) return DONE;
        if (!cpu.lock(cpu.rq.lock)) return SPIN;
        cpu.cost(cpu.core().costs.section());
        cpu.rq.clock = cpu.core().now();
        if (cpu.rq.donor != p) cpu.core().coverage.point("sched_yield_proxied");
        p.schedClass.yieldTask(cpu.rq);
        yielded = true;
        return SCHEDULE;
    }

    @Override
    public String describe() {
        return "sched_yield()";
    }
}
