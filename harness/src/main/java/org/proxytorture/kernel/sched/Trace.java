package org.proxytorture.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.sim.EventHash;

/**
 * Tracepoints, named as the kernel's. Every tracepoint is mixed into the run's event hash, then
 * handed to the listeners (checkers, trace writers) in registration order.
 */
public final class Trace {
    /** A tracepoint consumer; every method is optional. */
    public interface Listener {
        default void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) { }

        default void schedWaking(long now, int cpu, Task p, int targetCpu) { }

        default void schedWakeup(long now, int cpu, Task p) { }

        default void schedMigrateTask(long now, Task p, int origCpu, int destCpu) { }

        default void lockContended(long now, int cpu, Task p, Object lock) { }

        default void lockAcquired(long now, int cpu, Task p, Object lock) { }

        default void lockReleased(long now, int cpu, Task p, Object lock) { }

        default void warn(long now, int cpu, String what) { }

        default void affinityChanged(long now, Task p, CpuMask mask) { }
    }

    private final EventHash hash;
    private Listener[] listeners = new Listener[0];

    public Trace(EventHash hash) {
        this.hash = hash;
    }

    public void add(Listener l) {
        List<Listener> ls = new ArrayList<>(List.of(listeners));
        ls.add(l);
        listeners = ls.toArray(new Listener[0]);
    }

    public EventHash hash() {
        return hash;
    }

    void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        hash.mix(0x5157L << 32 | prev.pid, ((long) next.pid << 32) | (prevState & 0xFFFFFFFFL));
        for (Listener l : listeners) l.schedSwitch(now, cpu, prev, prevState, next);
    }

    void schedWaking(long now, int cpu, Task p, int targetCpu) {
        hash.mix(0x3A4BL << 32 | p.pid, targetCpu);
        for (Listener l : listeners) l.schedWaking(now, cpu, p, targetCpu);
    }

    void schedWakeup(long now, int cpu, Task p) {
        hash.mix(0x3A4CL << 32 | p.pid, cpu);
        for (Listener l : listeners) l.schedWakeup(now, cpu, p);
    }

    void schedMigrateTask(long now, Task p, int orig, int dest) {
        hash.mix(0x319AL << 32 | p.pid, ((long) orig << 32) | dest);
        for (Listener l : listeners) l.schedMigrateTask(now, p, orig, dest);
    }

    public void lockContended(long now, int cpu, Task p, Object lock) {
        hash.mix(0x10C1L << 32 | p.pid);
        for (Listener l : listeners) l.lockContended(now, cpu, p, lock);
    }

    public void lockAcquired(long now, int cpu, Task p, Object lock) {
        hash.mix(0x10C2L << 32 | p.pid);
        for (Listener l : listeners) l.lockAcquired(now, cpu, p, lock);
    }

    public void lockReleased(long now, int cpu, Task p, Object lock) {
        hash.mix(0x10C3L << 32 | p.pid);
        for (Listener l : listeners) l.lockReleased(now, cpu, p, lock);
    }

    void warn(long now, int cpu, String what) {
        hash.mix(what.hashCode());
        for (Listener l : listeners) l.warn(now, cpu, what);
    }

    void affinityChanged(long now, Task p, CpuMask mask) {
        for (Listener l : listeners) l.affinityChanged(now, p, mask);
    }
}
