package org.proxytorture.torture;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.RunFrame;
import org.proxytorture.kernel.sched.Task;

/** j = jiffies; mdelay(ms); pr_alert(...jiffies - j): a busy wait, then a line on the console. */
final class MdelayPrintFrame extends KFrame {
    private final long ns;
    private final Runnable print;
    private boolean delayed;

    MdelayPrintFrame(long ns, Runnable print) {
        this.ns = ns;
        this.print = print;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        cpu.cost(cpu.core().costs.insn());
        if (!delayed) {
            delayed = true;
            p.push(new RunFrame(ns));
            return CALL;
        }
        print.run();
        return DONE;
    }

    @Override
    public String describe() {
        return "mdelay(" + ns / 1_000_000 + ")+pr_alert";
    }
}
