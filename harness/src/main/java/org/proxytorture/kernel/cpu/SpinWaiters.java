package org.proxytorture.kernel.cpu;

import java.util.ArrayList;

/**
 * CPUs busy-waiting on a condition (an optimistic spinner waiting for the mutex owner to release
 * the lock or to stop running). Instead of polling, a waiting CPU executes nothing until the
 * condition may have changed: {@link #wakeAll} then makes it re-check after a cache-line
 * transfer. The waiting time is still busy CPU time.
 */
public final class SpinWaiters {
    /** One cache-line transfer: how soon a spinner sees the change. */
    public static final long NOTICE_NS = 50;
    private final ArrayList<Cpu> cpus = new ArrayList<>(2);

    public void add(Cpu cpu) {
        if (!cpus.contains(cpu)) cpus.add(cpu);
    }

    public void wakeAll() {
        if (cpus.isEmpty()) return;
        for (Cpu c : cpus) c.spinWake();
        cpus.clear();
    }
}
