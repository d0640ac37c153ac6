package org.proxytorture.kernel.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.proxytorture.kernel.sched.Weights;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.ReplayChoices;

/**
 * A small machine for proxy-execution case tests: spinning off (mutex waiters block), every
 * event recorded, so a test reads as: given these tasks, the walk decides X, then Y runs where.
 */
final class ProxyScenario implements Trace.Listener {
    static final long MS = Machines.MS;

    /** One recorded event: kind is "switch", "wakeup", "migrate", "acquired", or a proxy event. */
    record Ev(long t, int cpu, String kind, Task a, Task b) {
        @Override
        public String toString() {
            return t + " cpu" + cpu + " " + kind + " " + a + (b == null ? "" : " " + b);
        }
    }

    final Core core;
    final List<Ev> events = new ArrayList<>();

    ProxyScenario(int cpus, ProxyExec variant, ChoiceSource choices) {
        this(cpus, variant, choices, 200);
    }

    ProxyScenario(int cpus, ProxyExec variant, ChoiceSource choices, long windowNs) {
        core = Machines.boot(cpus, choices, windowNs);
        core.proxy = variant;
        core.mutexSpinOnOwner = false;
        core.trace.add(this);
    }

    ProxyScenario(int cpus, ProxyExec variant) {
        this(cpus, variant, ReplayChoices.of());
    }

    Mutex mutex(String name) {
        return new Mutex(core, name, new LockClass(name));
    }

    Task spawn(String name, Program p, CpuMask mask, int nice) {
        Task t = core.createTask(name, mask, core.rootTaskGroup, new ProgramFrame(p));
        if (nice != 0) {
            t.staticPrio = t.normalPrio = t.prio = Weights.niceToPrio(nice);
            t.schedClassWeight(Weights.niceWeight(nice));
        }
        core.wakeUpNewTask(t);
        return t;
    }

    static Program.Builder prog(String name) {
        return Program.builder(name);
    }

    void runUntil(long t) {
        Machines.run(core, t);
    }

    Ev first(Predicate<Ev> p) {
        for (Ev e : events) if (p.test(e)) return e;
        return null;
    }

    Ev firstAfter(Ev after, Predicate<Ev> p) {
        boolean seen = false;
        for (Ev e : events) {
            if (e == after) seen = true;
            else if (seen && p.test(e)) return e;
        }
        return null;
    }

    Ev branch(String name) {
        return first(e -> e.kind.equals("find_proxy_task:" + name));
    }

    String dump() {
        StringBuilder sb = new StringBuilder();
        int from = Math.max(0, events.size() - 80);
        for (int i = from; i < events.size(); i++) sb.append('\n').append(events.get(i));
        return sb.toString();
    }

    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        events.add(new Ev(now, cpu, "switch", prev, next));
    }

    @Override
    public void schedWakeup(long now, int cpu, Task p) {
        events.add(new Ev(now, cpu, "wakeup", p, null));
    }

    @Override
    public void schedMigrateTask(long now, Task p, int origCpu, int destCpu) {
        events.add(new Ev(now, destCpu, "migrate", p, null));
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        events.add(new Ev(now, cpu, "acquired", p, null));
    }

    @Override
    public void proxy(long now, int cpu, org.proxytorture.kernel.sched.ProxyEvent pe, Task donor, Task task) {
        String event = pe.text();
        events.add(new Ev(now, cpu, event, donor, task));
    }
}
