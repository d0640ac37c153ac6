package org.proxytorture.kernel.program;

import org.proxytorture.kernel.locking.MutexLockFrame;
import org.proxytorture.kernel.locking.MutexUnlockFrame;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.RunFrame;
import org.proxytorture.kernel.sched.SetAttrFrame;
import org.proxytorture.kernel.sched.SetCpusAllowedFrame;
import org.proxytorture.kernel.sched.SleepFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.YieldFrame;

/**
 * The interpreter at the bottom of every kthread's stack. Register and jump instructions touch
 * only the task itself, so a run of them is executed in one section; an instruction that enters
 * the kernel (lock, sleep, ...) pushes that operation's frame and ends the section, as does a
 * harness hook (it may look at shared state).
 */
public final class ProgramFrame extends KFrame {
    private static final int MAX_LOCAL = 64;
    private final Program program;
    private final Insn[] code;
    private int pc;
    final int[] regs = new int[8];

    public ProgramFrame(Program program) {
        this.program = program;
        this.code = program.insns().toArray(new Insn[0]);
    }

    public int pc() {
        return pc;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        var core = cpu.core();
        // the stand-in for return to user (no lock held between two instructions): task work
        // such as CFS bandwidth's throttle_cfs_rq_work() runs here
        if (p.throttleWork && p.lockdepDepth == 0) return core.fair.bandwidth.throttleCfsRqWork(cpu, p);
        for (int n = 1; ; n++) {
            if (pc >= code.length) return DONE;
            Insn i = code[pc++];
            cpu.cost(core.costs.insn());
            KFrame call = null;
            if (i instanceof Insn.Lock l) call = new MutexLockFrame(l.m());
            else if (i instanceof Insn.Unlock u) call = new MutexUnlockFrame(u.m());
            else if (i instanceof Insn.LockIfBit l) {
                if ((regs[l.reg()] & (1 << l.bit())) != 0) call = new MutexLockFrame(l.m());
            } else if (i instanceof Insn.UnlockIfBit u) {
                if ((regs[u.reg()] & (1 << u.bit())) != 0) call = new MutexUnlockFrame(u.m());
            } else if (i instanceof Insn.Run r) call = new RunFrame(r.ns());
            else if (i instanceof Insn.Sleep s) call = new SleepFrame(s.ns(), s.interruptible());
            else if (i instanceof Insn.IdleSleep s) call = SleepFrame.idle(s.ns());
            else if (i instanceof Insn.Yield) call = new YieldFrame();
            else if (i instanceof Insn.SetNice s) call = SetAttrFrame.setUserNice(null, s.nice());
            else if (i instanceof Insn.SetPolicy s) call = SetAttrFrame.setScheduler(null, s.policy(), s.rtPriority(), s.nice());
            else if (i instanceof Insn.SetAffinity a) call = new SetCpusAllowedFrame(null, a.mask());
            else if (i instanceof Insn.Choose c) regs[c.reg()] = core.choices.choose(c.n());
            else if (i instanceof Insn.OneIn o) regs[o.reg()] = core.choices.oneIn(o.n()) ? 1 : 0;
            else if (i instanceof Insn.JumpIf j) {
                if ((regs[j.reg()] != 0) == j.ifNonZero()) pc = j.target();
            } else if (i instanceof Insn.Jump j) pc = j.target();
            else if (i instanceof Insn.Call c) {
                call = c.action().run(cpu, p, regs);
                if (call == null && !c.action().local()) return NEXT; // a shared-state hook ends the section
            } else if (i instanceof Insn.Exit) pc = code.length;
            if (call != null) {
                p.push(call);
                return CALL;
            }
            if (pc >= code.length) return DONE;
            if (n >= MAX_LOCAL) return NEXT;
        }
    }

    @Override
    public String describe() {
        return program.name() + "+" + pc;
    }
}
