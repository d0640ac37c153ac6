package org.proxytorture.kernel.program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Policy;

/** A kthread program: a name and its instructions. Built with {@link #builder(String)}. */
public record Program(String name, List<Insn> insns) {
    public Program {
        insns = List.copyOf(insns);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Assembles a program; jumps name labels, resolved by {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final List<Object> items = new ArrayList<>();
        private final Map<String, Integer> labels = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        private record PendingJump(int reg, boolean ifNonZero, String label, boolean unconditional) { }

        public Builder label(String l) {
            if (labels.put(l, items.size()) != null) throw new IllegalArgumentException("duplicate label " + l);
            return this;
        }

        public Builder add(Insn i) {
            items.add(i);
            return this;
        }

        public Builder lock(Mutex m) { return add(new Insn.Lock(m)); }

        public Builder unlock(Mutex m) { return add(new Insn.Unlock(m)); }

        public Builder run(long ns) { return add(new Insn.Run(ns)); }

        public Builder sleep(long ns) { return add(new Insn.Sleep(ns, false)); }

        public Builder idleSleep(long ns) { return add(new Insn.IdleSleep(ns)); }

        public Builder yield() { return add(new Insn.Yield()); }

        public Builder nice(int nice) { return add(new Insn.SetNice(nice)); }

        public Builder policy(Policy p, int rtPriority, int nice) { return add(new Insn.SetPolicy(p, rtPriority, nice)); }

        public Builder affinity(CpuMask m) { return add(new Insn.SetAffinity(m)); }

        public Builder call(Action a) { return add(new Insn.Call(a)); }

        public Builder exit() { return add(new Insn.Exit()); }

        public Builder jumpIfZero(int reg, String label) {
            items.add(new PendingJump(reg, false, label, false));
            return this;
        }

        public Builder jumpIfNonZero(int reg, String label) {
            items.add(new PendingJump(reg, true, label, false));
            return this;
        }

        public Builder jump(String label) {
            items.add(new PendingJump(0, false, label, true));
            return this;
        }

        public Program build() {
            List<Insn> out = new ArrayList<>(items.size());
            for (Object o : items) {
                if (o instanceof PendingJump j) {
                    Integer t = labels.get(j.label);
                    if (t == null) throw new IllegalArgumentException("undefined label " + j.label);
                    out.add(j.unconditional ? new Insn.Jump(t) : new Insn.JumpIf(j.reg, j.ifNonZero, t));
                } else {
                    out.add((Insn) o);
                }
            }
            return new Program(name, out);
        }
    }
}
