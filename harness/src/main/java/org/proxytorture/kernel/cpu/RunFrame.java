package org.proxytorture.kernel.cpu;

import org.proxytorture.kernel.sched.Task;

/** Computing for N ns (a busy loop, mdelay(), the body of a critical section): preemptible. */
public final class RunFrame extends KFrame {
    long remaining;
    private final long total;

    public RunFrame(long ns) {
        this.remaining = ns;
        this.total = ns;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        if (remaining <= 0) return DONE;
        cpu.startRun(this, remaining);
        return NEXT;
    }

    @Override
    public String describe() {
        return "run(" + total + "ns)";
    }
}
