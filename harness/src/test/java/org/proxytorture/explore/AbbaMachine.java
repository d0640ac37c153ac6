package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.check.Checks;
import org.proxytorture.check.Violation;
import org.proxytorture.kernel.locking.LockClass;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.program.Insn;
import org.proxytorture.kernel.program.Program;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Costs;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Machines;
import org.proxytorture.kernel.sched.ProxyExec;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.EventHash;
import org.proxytorture.sim.Timer;

/**
 * A test-only injected fault on a small Core-level machine: task "ab" takes A then B; task "ba"
 * takes A then B too, except when a rare event (oneIn(16)) makes it take B then A, and it
 * deadlocks only if "ab" is between its two locks then. Noise tasks draw choices and take a third
 * lock. The property: no wait-for cycle (checker "deadlock"); other checkers' reports (lockdep's
 * order warning comes first) are not this failure.
 */
record AbbaMachine(int cpus, int noise) implements Target {
    static final long MS = Machines.MS;

    @Override
    public String describe() {
        return "ABBA machine: " + cpus + " CPUs, 2 lock tasks + " + noise + " noise tasks";
    }

    @Override
    public Outcome run(ChoiceSource choices) {
        RecordingChoices rec = choices instanceof RecordingChoices r ? r : new RecordingChoices(choices, false);
        Core core = new Core(cpus, 1000, Costs.defaults(), rec, 200, new EventHash());
        core.proxy = ProxyExec.OFF;
        core.mutexSpinOnOwner = false;
        Checks checks = Checks.install(core, new Checks.Config(MS, 50 * MS, 200 * MS, 20 * MS, false));
        Mutex a = new Mutex(core, "A", new LockClass("A")), b = new Mutex(core, "B", new LockClass("B")), c = new Mutex(core, "C", new LockClass("C"));
        CpuMask all = CpuMask.first(cpus);
        Machines.spawn(core, "ab", Program.builder("ab").label("l").lock(a).run(20_000).lock(b).run(5_000).unlock(b).unlock(a)
                .run(50_000).jump("l").build(), all);
        Machines.spawn(core, "ba", Program.builder("ba").label("l").add(new Insn.OneIn(0, 16)).jumpIfNonZero(0, "inverted")
                .lock(a).run(5_000).lock(b).run(5_000).unlock(b).unlock(a).run(40_000).jump("l")
                .label("inverted").lock(b).run(20_000).lock(a).run(5_000).unlock(a).unlock(b).run(40_000).jump("l").build(), all);
        for (int i = 0; i < noise; i++)
            Machines.spawn(core, "noise" + i, Program.builder("noise").label("l").add(new Insn.Choose(1, 4)).run(10_000)
                    .lock(c).run(2_000).unlock(c).jump("l").build(), all);
        Timer[] poll = new Timer[1];
        poll[0] = new Timer(now -> {
            if (deadlock(checks) != null) core.loop.stop();
            else core.loop.arm(poll[0], now + MS);
        });
        core.loop.arm(poll[0], MS);
        core.loop.runUntil(200 * MS);
        Violation v = deadlock(checks);
        return new Outcome(v == null ? null : v.identity(), core.trace.hash().value(), core.trace.hash().events(), core.now(),
                rec.log(), rec.kinds(), rec.windowSteps(), cpus, 2 + noise, List.of(), v == null ? List.of() : v.report());
    }

    private static Violation deadlock(Checks checks) {
        for (Violation v : checks.violations()) if (v.checker().equals("deadlock")) return v;
        return null;
    }

    @Override
    public List<Simplification> simplifications(Outcome last) {
        List<Simplification> out = new ArrayList<>();
        if (cpus > 2) out.add(new Simplification(Simplification.Kind.FEWER_CPUS, cpus + " -> " + (cpus - 1), new AbbaMachine(cpus - 1, noise)));
        if (noise > 0) out.add(new Simplification(Simplification.Kind.FEWER_TASKS, noise + " -> " + (noise - 1) + " noise tasks", new AbbaMachine(cpus, noise - 1)));
        return out;
    }
}
