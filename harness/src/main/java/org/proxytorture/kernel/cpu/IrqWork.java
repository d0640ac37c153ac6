package org.proxytorture.kernel.cpu;

/**
 * Work a CPU does in interrupt context at its next section boundary (the tick, the wake-list and
 * reschedule IPIs, an expired hrtimer, the SCHED_SOFTIRQ load balancer). Interrupts are taken
 * only between atomic sections (simplification: sections run with interrupts off).
 */
public abstract class IrqWork {
    boolean queued;
    /** When it was raised (the hard-lockup watchdog's view of an interrupt not taken). */
    long raisedAt;
    /** The IPI carrying this work to its CPU, while one is in flight. */
    org.proxytorture.sim.Timer ipi;

    /** One section; returns KFrame.DONE, NEXT (more sections to go) or SPIN. */
    protected abstract int run(Cpu cpu);

    protected abstract String name();
}
