package org.proxytorture.kernel.program;

import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;

/**
 * A program hook: bookkeeping of the test module itself (locktorture's lock_is_write_held check,
 * its counters, its delay and boost decisions). It may return a kernel operation to run next
 * (e.g. a RunFrame for mdelay(), a SetAttrFrame for sched_set_fifo()), or null.
 */
@FunctionalInterface
public interface Action {
    KFrame run(Cpu cpu, Task p, int[] regs);

    /** The hook's name for traces. */
    default String name() {
        return "call";
    }

    /**
     * True if the hook touches only the task's own state (a random decision, a register): it
     * then runs inside the current section instead of ending it.
     */
    default boolean local() {
        return false;
    }

    /** A named hook; {@code local} as in {@link #local()}. */
    static Action hook(String name, boolean local, Action a) {
        return new Action() {
            @Override
            public KFrame run(Cpu cpu, Task p, int[] regs) {
                return a.run(cpu, p, regs);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean local() {
                return local;
            }
        };
    }
}
