package org.proxytorture.kernel.mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.proxytorture.sim.EventLoop;

/**
 * A litmus test in the shape of tools/memory-model/litmus-tests: threads (one per CPU) of kernel
 * primitives on shared words x, y (initially 0), and the outcomes declared per model, jcstress
 * style: each outcome of the registers is ALLOWED (must be observed) or FORBIDDEN (must not be)
 * under sc, tso and arm64. {@link #run} explores every schedule and every model choice.
 */
final class Litmus {
    static final int X = 0;
    static final int Y = 1;
    static final String[] NAMES = {"x", "y"};

    enum Verdict { ALLOWED, FORBIDDEN }

    static final Verdict ALLOWED = Verdict.ALLOWED;
    static final Verdict FORBIDDEN = Verdict.FORBIDDEN;

    enum Kind { LOAD, LOAD_ACQUIRE, STORE, STORE_RELEASE, XCHG, MB, WMB, RMB, LOCK, UNLOCK }

    /** One primitive: {@code reg} receives a load's (or xchg's old) value; -1 for none. */
    record Op(Kind kind, int loc, long val, int reg) {
        @Override
        public String toString() {
            return switch (kind) {
                case LOAD -> "r" + reg + " = READ_ONCE(*" + NAMES[loc] + ")";
                case LOAD_ACQUIRE -> "r" + reg + " = smp_load_acquire(" + NAMES[loc] + ")";
                case STORE -> "WRITE_ONCE(*" + NAMES[loc] + ", " + val + ")";
                case STORE_RELEASE -> "smp_store_release(" + NAMES[loc] + ", " + val + ")";
                case XCHG -> "r" + reg + " = xchg(" + NAMES[loc] + ", " + val + ")";
                case MB -> "smp_mb()";
                case WMB -> "smp_wmb()";
                case RMB -> "smp_rmb()";
                case LOCK -> "spin_lock(s)";
                case UNLOCK -> "spin_unlock(s)";
            };
        }
    }

    static Op load(int reg, int loc) {
        return new Op(Kind.LOAD, loc, 0, reg);
    }

    static Op loadAcquire(int reg, int loc) {
        return new Op(Kind.LOAD_ACQUIRE, loc, 0, reg);
    }

    static Op store(int loc, long v) {
        return new Op(Kind.STORE, loc, v, -1);
    }

    static Op storeRelease(int loc, long v) {
        return new Op(Kind.STORE_RELEASE, loc, v, -1);
    }

    static Op xchg(int reg, int loc, long v) {
        return new Op(Kind.XCHG, loc, v, reg);
    }

    static Op mb() {
        return new Op(Kind.MB, 0, 0, -1);
    }

    static Op wmb() {
        return new Op(Kind.WMB, 0, 0, -1);
    }

    static Op rmb() {
        return new Op(Kind.RMB, 0, 0, -1);
    }

    /** spin_lock() of the test's one lock: the interpreter gives mutual exclusion, the model the ordering hook. */
    static Op lock() {
        return new Op(Kind.LOCK, 0, 0, -1);
    }

    static Op unlock() {
        return new Op(Kind.UNLOCK, 0, 0, -1);
    }

    final String name;
    final List<Op[]> threads = new ArrayList<>();
    /** Outcome -> verdict under sc, tso, arm64 (MemoryModel order). */
    final Map<String, Verdict[]> expected = new LinkedHashMap<>();
    /** Verdicts for every register outcome over {0, 1} not declared one by one (jcstress's default outcome); null: none. */
    Verdict[] otherwise;
    /** Outcomes also name the final values of x and y (the LKMM's "exists (y=2 /\ ...)"). */
    boolean finals;
    int nregs;

    private Litmus(String name) {
        this.name = name;
    }

    static Litmus named(String name) {
        return new Litmus(name);
    }

    Litmus thread(Op... ops) {
        threads.add(ops);
        for (Op op : ops) nregs = Math.max(nregs, op.reg + 1);
        return this;
    }

    /** The verdicts under sc, tso, arm64, in that order. */
    Litmus outcome(String regs, Verdict sc, Verdict tso, Verdict arm64) {
        expected.put(regs, new Verdict[] {sc, tso, arm64});
        return this;
    }

    /** Every outcome not declared has these verdicts (sc, tso, arm64): for tests with many registers. */
    Litmus otherwise(Verdict sc, Verdict tso, Verdict arm64) {
        otherwise = new Verdict[] {sc, tso, arm64};
        return this;
    }

    /** Outcomes end with the final values of x and y. */
    Litmus withFinalValues() {
        finals = true;
        return this;
    }

    /** Whether {@code outcome} is declared, one by one or by {@link #otherwise}. */
    boolean declares(String outcome) {
        return expected.containsKey(outcome) || (otherwise != null && binaryOutcomes().contains(outcome));
    }

    /** The outcomes declared ALLOWED under {@code m}. */
    TreeSet<String> allowed(MemoryModel m) {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, Verdict[]> e : expected.entrySet())
            if (e.getValue()[m.ordinal()] == Verdict.ALLOWED) out.add(e.getKey());
        if (otherwise != null && otherwise[m.ordinal()] == Verdict.ALLOWED)
            for (String o : binaryOutcomes()) if (!expected.containsKey(o)) out.add(o);
        return out;
    }

    /** Every assignment of 0 or 1 to the registers, as outcome text. */
    private List<String> binaryOutcomes() {
        List<String> out = new ArrayList<>();
        for (int bits = 0; bits < 1 << nregs; bits++) {
            long[] regs = new long[nregs];
            for (int r = 0; r < nregs; r++) regs[r] = (bits >> (nregs - 1 - r)) & 1;
            out.add(outcome(regs, null));
        }
        return out;
    }

    private String outcome(long[] regs, SharedWord[] locs) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < nregs; r++) sb.append(r == 0 ? "" : " ").append("r").append(r).append('=').append(regs[r]);
        if (locs != null) for (int l = 0; l < locs.length; l++) sb.append(' ').append(NAMES[l]).append('=').append(locs[l].latest());
        return sb.toString();
    }

    /** Runs every execution under {@code m}; returns the set of register outcomes seen. */
    TreeSet<String> run(MemoryModel m) {
        return run(m, false);
    }

    /**
     * Every schedule, with the model's own choices all 0 (the unforced default) and the threads'
     * accesses in program order: what a run of the emulator with no forced memory choice does.
     */
    TreeSet<String> runDefaultChoices(MemoryModel m) {
        return run(m, true);
    }

    private TreeSet<String> run(MemoryModel m, boolean defaults) {
        TreeSet<String> outcomes = new TreeSet<>();
        ExhaustiveChoices choices = new ExhaustiveChoices();
        int runs = 0;
        do {
            outcomes.add(runOnce(m, choices, defaults));
            if (++runs > 1_000_000) throw new AssertionError(name + ": more than a million executions");
        } while (choices.next());
        return outcomes;
    }

    private String runOnce(MemoryModel m, ExhaustiveChoices choices, boolean defaults) {
        int n = threads.size();
        // Simulated time stays at 0: every store is within the window, so every reordering the model allows is open.
        Memory mem = new Memory(m, n, defaults ? org.proxytorture.sim.ReplayChoices.of() : choices,
                new EventLoop(choices, 0), 200);
        SharedWord[] locs = {new SharedWord(0), new SharedWord(0)};
        long[] regs = new long[nregs];
        boolean[][] done = new boolean[n][];
        for (int t = 0; t < n; t++) done[t] = new boolean[threads.get(t).length];
        int[] candT = new int[64];
        int[] candOp = new int[64];
        int lockHolder = -1;
        while (true) {
            int c = 0;
            for (int t = 0; t < n; t++) {
                Op[] ops = threads.get(t);
                int first = 0;
                while (first < ops.length && done[t][first]) first++;
                if (first == ops.length) continue;
                if (ops[first].kind == Kind.LOCK && lockHolder >= 0) continue; // spins

                candT[c] = t;
                candOp[c++] = first;
                if (m.loadStoreReordering && !defaults) c = laterStores(t, ops, done[t], first, candT, candOp, c);
            }
            if (c == 0) break;
            int k = choices.choose(c);
            int t = candT[k];
            Op op = threads.get(t)[candOp[k]];
            done[t][candOp[k]] = true;
            if (op.kind == Kind.LOCK) lockHolder = t;
            if (op.kind == Kind.UNLOCK) lockHolder = -1;
            execute(mem, t, op, locs, regs);
        }
        return outcome(regs, finals ? locs : null);
    }

    /**
     * Load buffering: a plain store may be executed before the thread's earlier not-yet-executed
     * ops if they are all plain loads of other words (no barrier, acquire, release or RMW between,
     * and no dependency: stores here store constants).
     */
    private static int laterStores(int t, Op[] ops, boolean[] done, int first, int[] candT, int[] candOp, int c) {
        for (int j = first + 1; j < ops.length; j++) {
            if (done[j]) continue;
            Op op = ops[j];
            if (op.kind == Kind.STORE) {
                boolean ok = true;
                for (int i = first; i < j; i++) {
                    if (!done[i] && (ops[i].kind != Kind.LOAD || ops[i].loc == op.loc)) ok = false;
                }
                if (ok) {
                    candT[c] = t;
                    candOp[c++] = j;
                }
            }
            if (op.kind != Kind.LOAD && op.kind != Kind.STORE) break;
        }
        return c;
    }

    private static void execute(Memory mem, int cpu, Op op, SharedWord[] locs, long[] regs) {
        switch (op.kind) {
            case LOAD -> regs[op.reg] = mem.load(cpu, locs[op.loc]);
            case LOAD_ACQUIRE -> regs[op.reg] = mem.loadAcquire(cpu, locs[op.loc]);
            case STORE -> mem.store(cpu, locs[op.loc], op.val);
            case STORE_RELEASE -> mem.storeRelease(cpu, locs[op.loc], op.val);
            case XCHG -> regs[op.reg] = mem.xchg(cpu, locs[op.loc], op.val);
            case MB -> mem.smpMb(cpu);
            case WMB -> mem.smpWmb(cpu);
            case RMB -> mem.smpRmb(cpu);
            case LOCK -> mem.spinAcquired(cpu);
            case UNLOCK -> mem.spinReleased(cpu);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        for (int t = 0; t < threads.size(); t++) sb.append(" | P").append(t).append(": ").append(Arrays.toString(threads.get(t)));
        return sb.toString();
    }
}
