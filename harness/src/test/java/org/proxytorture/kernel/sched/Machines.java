package org.proxytorture.kernel.sched;

import org.proxytorture.kernel.cpu.Costs;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.program.ProgramFrame;
import org.proxytorture.kernel.sched.fair.TaskGroup;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.EventHash;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;

/** Test fixtures: small emulated machines and the programs scheduler tests run on them. */
public final class Machines {
    private Machines() { }

    public static final long MS = 1_000_000L;
    public static final long SEC = 1_000_000_000L;

    /** A machine whose every decision is the default (an empty replay list). */
    public static Core boot(int cpus) {
        return boot(cpus, ReplayChoices.of());
    }

    public static Core boot(int cpus, ChoiceSource choices) {
        return boot(cpus, choices, 200);
    }

    /** windowNs: how far apart two CPUs' events may be and still be concurrent (proxytorture.window_ns). */
    public static Core boot(int cpus, ChoiceSource choices, long windowNs) {
        return new Core(cpus, 1000, Costs.defaults(), choices, windowNs, new EventHash());
    }

    public static Core bootSeeded(int cpus, long seed) {
        return boot(cpus, new SeededChoices(seed));
    }

    /** A CPU hog: computes forever in 1 ms chunks. */
    public static Program hog(String name) {
        return Program.builder(name).label("l").run(MS).jump("l").build();
    }

    /** Creates and wakes a task running {@code program} on {@code mask} in {@code group}, at nice. */
    public static Task spawn(Core core, String comm, Program program, CpuMask mask, TaskGroup group, int nice) {
        Task t = core.createTask(comm, mask, group == null ? core.rootTaskGroup : group, new ProgramFrame(program));
        if (nice != 0) {
            t.staticPrio = t.normalPrio = t.prio = Weights.niceToPrio(nice);
            t.se.setWeight(Weights.niceWeight(nice));
        }
        core.wakeUpNewTask(t);
        return t;
    }

    public static Task spawn(Core core, String comm, Program program, CpuMask mask) {
        return spawn(core, comm, program, mask, null, 0);
    }

    /** Makes a task SCHED_FIFO at rtPriority before it first runs. */
    public static void makeFifo(Core core, Task t, int rtPriority) {
        t.policy = Policy.SCHED_FIFO;
        t.rtPriority = rtPriority;
        t.normalPrio = t.prio = Weights.MAX_RT_PRIO - 1 - rtPriority;
        t.schedClass = core.rt;
    }

    public static void run(Core core, long until) {
        core.loop.runUntil(until);
    }
}
