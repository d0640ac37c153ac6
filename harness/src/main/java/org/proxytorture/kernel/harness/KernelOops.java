package org.proxytorture.kernel.harness;

import java.util.List;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;

/**
 * A kernel oops (die()): the emulated kernel reached a NULL dereference or a BUG() that the real
 * kernel would also hit there, so the run cannot go on. Raised through {@link Core#oops}, which
 * traces it first; the torture run catches it and ends the test as a FAILURE.
 */
public final class KernelOops extends RuntimeException {
    /** The function whose code faults (the RIP line of the report). */
    public final String function;
    /** "BUG: kernel NULL pointer dereference", "kernel BUG at ...". */
    public final String bug;
    /** The CPU that oopsed (-1 outside any CPU), and the task it ran. */
    public final int cpu;
    public final transient Task task;

    public KernelOops(String function, String bug, int cpu, Task task) {
        super(bug + " in " + function, null, false, false);
        this.function = function;
        this.bug = bug;
        this.cpu = cpu;
        this.task = task;
    }

    /** The oops's identity text: "BUG: kernel NULL pointer dereference in check_preempt_wakeup_fair". */
    public String what() {
        return bug + " in " + function;
    }

    /** The console lines, shaped like the kernel's oops report (no registers or stack). */
    public List<String> report() {
        return List.of(bug + (bug.contains("NULL pointer") ? ", address: 0000000000000000" : ""),
                "Oops: 0000 [#1] PREEMPT SMP",
                "CPU: " + cpu + " PID: " + (task == null ? 0 : task.pid) + " Comm: " + (task == null ? "swapper" : task.comm),
                "RIP: 0010:" + function);
    }
}
