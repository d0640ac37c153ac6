package org.proxytorture.kernel.program;

import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.Policy;

/**
 * One instruction of a kthread program. A task's behaviour is a list of these, executed by the
 * emulated CPU ({@link ProgramFrame}), so a workload is data. Registers r0..r7 are task-local.
 */
public sealed interface Insn {
    /** mutex_lock(m) */
    record Lock(Mutex m) implements Insn { }

    /** mutex_unlock(m) */
    record Unlock(Mutex m) implements Insn { }

    /** mutex_lock(m) if bit {@code bit} of register {@code reg} is set (locktorture's lockset). */
    record LockIfBit(int reg, int bit, Mutex m) implements Insn { }

    /** mutex_unlock(m) if bit {@code bit} of register {@code reg} is set. */
    record UnlockIfBit(int reg, int bit, Mutex m) implements Insn { }

    /** Compute for ns (preemptible): a busy loop, mdelay(), a critical-section body. */
    record Run(long ns) implements Insn { }

    /** schedule_timeout_{un,}interruptible(ns) */
    record Sleep(long ns, boolean interruptible) implements Insn { }

    /** torture_hrtimeout_ns(): sleep in TASK_IDLE, as torture.c's kthreads do. */
    record IdleSleep(long ns) implements Insn { }

    /** sched_yield() */
    record Yield() implements Insn { }

    /** set_user_nice(current, nice) */
    record SetNice(int nice) implements Insn { }

    /** sched_setscheduler(current, policy, rt_priority) (nice for the fair policies). */
    record SetPolicy(Policy policy, int rtPriority, int nice) implements Insn { }

    /** set_cpus_allowed_ptr(current, mask) */
    record SetAffinity(CpuMask mask) implements Insn { }

    /** reg = choose(n): a uniform decision through the choice source. */
    record Choose(int reg, int n) implements Insn { }

    /** reg = 1 with probability 1/n (torture_random() % n == 0), else 0. */
    record OneIn(int reg, long n) implements Insn { }

    /** Jump to {@code target} if register reg is zero (or, with {@code ifNonZero}, non-zero). */
    record JumpIf(int reg, boolean ifNonZero, int target) implements Insn { }

    /** Unconditional jump. */
    record Jump(int target) implements Insn { }

    /** A hook of the harness (locktorture's checks and counters): see {@link Action}. */
    record Call(Action action) implements Insn { }

    /** The kthread function returns: do_exit(). */
    record Exit() implements Insn { }
}
