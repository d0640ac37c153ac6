package org.proxytorture.check;

import java.util.List;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.rt.Rt;
import org.proxytorture.kernel.sched.Task;

/**
 * R1, the rt class's balance chance at every change of context (rt.c has no tick-driven balancing,
 * so these hooks and balance_rt() at the pick are its only chances besides a wakeup):
 * <ul>
 * <li>put_prev: rq->donor changes from an RT task: put_prev_task_rt() ran for it first (it
 * rejoins pushable_tasks if it is still queued and not blocked). put_prev_set_next_task(), from
 * the pick, proxy_resched_idle() and proxy_reset_donor();
 * <li>set_next: rq->donor changes to an RT task: set_next_task_rt(rq, p, true) ran for it first,
 * whose rt_queue_push_tasks() queues push_rt_tasks when the rq is overloaded;
 * <li>replay (7.1 and later, f4fe6be82e6d "Fix potentially missing balancing"): __schedule()
 * picked the same RT donor again and switches rq->curr (donor B, curr A -&gt; B or C):
 * put_prev_set_next_task() did nothing since B == B, so the donor's put_prev_task() and
 * set_next_task(first) are replayed, whether or not find_proxy_task() ran. 6.17 (single-rq) has no
 * replay (its proxy_tag_curr() is not modelled), so it is not checked there.
 * </ul>
 * (Before model 11 the model replayed only after find_proxy_task(); this check found the gap.)
 * Read from rq_set_donor() and the two rt hooks, which the model traces without a choice or an
 * event-hash entry. No deadline class is modelled, so only RT is checked.
 */
final class RtBalanceChecker implements Checker {
    private final Checks checks;
    /** Per CPU, the task put_prev_task_rt() / set_next_task_rt(first) last ran for since the last rq_set_donor() or switch. */
    private final Task[] put, set;
    /** Per CPU, the last rq_set_donor() kept the donor (the replay's rq->donor == prev_donor). */
    private final boolean[] sameDonor;
    /** Per CPU, find_proxy_task() ran since the last rq_set_donor() (donor_picked). */
    private final boolean[] walked;

    RtBalanceChecker(Checks checks) {
        this.checks = checks;
        int n = checks.core.nrCpus();
        put = new Task[n];
        set = new Task[n];
        sameDonor = new boolean[n];
        walked = new boolean[n];
    }

    @Override
    public void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) {
        if (event.kind() == ProxyEvent.Kind.DONOR_PICKED) walked[cpu] = true;
    }

    @Override
    public String name() {
        return "rt";
    }

    private static boolean rt(Task t) {
        return t != null && t.schedClass instanceof Rt;
    }

    @Override
    public void rtPutPrev(long now, int cpu, Task p) {
        put[cpu] = p;
    }

    @Override
    public void rtSetNext(long now, int cpu, Task p, boolean first) {
        if (first) set[cpu] = p;
    }

    @Override
    public void rqSetDonor(long now, int cpu, Task prev, Task next) {
        if (prev != next) {
            if (rt(prev) && put[cpu] != prev)
                report("put_prev", cpu, "rq->donor changes from " + prev + " to " + next + " on CPU " + cpu
                        + " without put_prev_task_rt(" + prev + "): it cannot rejoin pushable_tasks", prev, prev, next);
            if (rt(next) && set[cpu] != next)
                report("set_next", cpu, "rq->donor changes from " + prev + " to " + next + " on CPU " + cpu
                        + " without set_next_task_rt(" + next + ", first): no rt_queue_push_tasks()", next, prev, next);
        }
        sameDonor[cpu] = prev == next;
        walked[cpu] = false;
        put[cpu] = set[cpu] = null;
    }

    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        Task donor = checks.core.rqs[cpu].donor;
        if (sameDonor[cpu] && rt(donor) && checks.core.proxy.replaysBalance()
                && (put[cpu] != donor || set[cpu] != donor)) {
            String what = "__schedule() picks the same donor " + donor + " again on CPU " + cpu + " and switches "
                    + prev + " -> " + next + " without replaying put_prev_task_rt() and set_next_task_rt(first)"
                    + " (\"Fix potentially missing balancing\": " + prev + " might have missed a RT balance opportunity)";
            report("replay", cpu, what + (walked[cpu] ? " after find_proxy_task()" : " (no chain walk)"), donor, prev, next);
        }
        sameDonor[cpu] = walked[cpu] = false;
        put[cpu] = set[cpu] = null;
    }

    /** Reports for the RT task {@code subject} that missed its hook; the identity names it alone. */
    private void report(String invariant, int cpu, String what, Task subject, Task a, Task b) {
        checks.report(this, invariant, what, List.of(Checks.role("rt", subject)), List.of(cpu), a, b);
    }
}
