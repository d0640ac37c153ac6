package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Task;

/**
 * Time accounting with split contexts (reference 1.2, "Time accounting": update_se()): wall time
 * goes to the task that runs (rq->curr), whatever entity pays for it (the donor's vruntime: the
 * eevdf checker's proxy-charge). Read from sched_stat_runtime, the kernel's tracepoint of each
 * charge, against the checker's own record of each CPU's rq->curr (sched_switch):
 * <ul>
 * <li>A1 runs-charged: every charge names the task that is rq->curr of that CPU;
 * <li>A2 exec-time: a task's sum_exec_runtime is exactly the sum of the charges it got (none lost
 * on the way, none added elsewhere);
 * <li>A3 cpu-time: a CPU is never charged more time than has passed on its rq clock.
 * </ul>
 */
final class AccountingChecker implements Checker {
    private final Checks checks;
    /** Per pid: the sum of the charges sched_stat_runtime reported. */
    private long[] charged = new long[64];
    private final Task[] curr;
    private final long[] cpuCharged;
    private final long[] clockAtStart;
    private final boolean[] reported = new boolean[1 << 16];
    private final boolean[] cpuReported;

    AccountingChecker(Checks checks) {
        this.checks = checks;
        int n = checks.core.nrCpus();
        curr = new Task[n];
        cpuCharged = new long[n];
        clockAtStart = new long[n];
        cpuReported = new boolean[n];
        for (int c = 0; c < n; c++) {
            Rq rq = checks.core.rqs[c];
            curr[c] = rq.curr;
            clockAtStart[c] = rq.clock;
        }
    }

    @Override
    public String name() {
        return "accounting";
    }

    @Override
    public void schedSwitch(long now, int cpu, boolean preempt, Task prev, int prevState, Task next) {
        curr[cpu] = next;
    }

    @Override
    public void schedStatRuntime(long now, int cpu, Task running, long delta) {
        if (running.pid >= charged.length) charged = java.util.Arrays.copyOf(charged, Math.max(running.pid + 1, charged.length * 2));
        charged[running.pid] += delta;
        cpuCharged[cpu] += delta;
        if (running != curr[cpu])
            checks.report(this, "A1", "CPU " + cpu + " charged " + delta + " ns of runtime to " + running + ", but " + curr[cpu]
                    + " is running there", List.of(Checks.role("charged", running), Checks.role("running", curr[cpu])), List.of(cpu), running, curr[cpu]);
        long elapsed = checks.core.rqs[cpu].clock - clockAtStart[cpu];
        if (cpuCharged[cpu] > elapsed && !cpuReported[cpu]) {
            cpuReported[cpu] = true;
            checks.report(this, "A3", "CPU " + cpu + " was charged " + cpuCharged[cpu] + " ns of runtime in " + elapsed + " ns",
                    List.of(), List.of(cpu), running);
        }
    }

    @Override
    public void audit(long now) {
        for (Task t : checks.core.tasks) {
            if (t == null || t.isIdle) continue;
            long want = t.pid < charged.length ? charged[t.pid] : 0;
            if (t.se.sumExecRuntime != want && t.pid < reported.length && !reported[t.pid]) {
                reported[t.pid] = true;
                checks.report(this, "A2", t + " has sum_exec_runtime " + t.se.sumExecRuntime + " ns, but was charged " + want + " ns",
                        List.of(Checks.role("task", t)), List.of(t.cpu), t);
            }
        }
    }
}
