package org.proxytorture.kernel.cpu;

import java.util.ArrayList;
import java.util.BitSet;

/**
 * CPUs busy-waiting on a condition (an optimistic spinner waiting for the mutex owner to release
 * the lock or to stop running). Instead of polling, a waiting CPU executes nothing until the
 * condition may have changed: {@link #wakeAll} then makes it re-check after a cache-line
 * transfer. The waiting time is still busy CPU time.
 */
public final class SpinWaiters {
    /** One cache-line transfer: how soon a spinner sees the change. */
    public static final long NOTICE_NS = 50;
    /** The waiting CPUs in the order they came (the order their re-checks are scheduled in). */
    private final ArrayList<Cpu> cpus = new ArrayList<>(2);
    /** The same CPUs by id: a membership test that does not scan the list (hundreds of spinners on one lock at 256 CPUs). */
    private final BitSet waiting = new BitSet();

    public void add(Cpu cpu) {
        if (waiting.get(cpu.id)) return;
        waiting.set(cpu.id);
        cpus.add(cpu);
    }

    public void wakeAll() {
        if (cpus.isEmpty()) return;
        for (Cpu c : cpus) c.spinWake();
        cpus.clear();
        waiting.clear();
    }
}
