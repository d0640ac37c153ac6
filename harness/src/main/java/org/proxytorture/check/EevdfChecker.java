package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.fair.CfsRq;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.fair.Fair;
import org.proxytorture.kernel.sched.fair.SchedEntity;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.fair.TaskGroup;

/**
 * vruntime sanity (reference section 4.6): E1 the sums recomputed exactly (sum_weight and
 * sum_w_vruntime over the tree, curr excluded), without overflow; E3 a sleeping entity's lag
 * within its clamp; E7 cfs_rq->curr not in the tree; E4 (DELAY_DEQUEUE) a sched_delayed entity
 * is in the tree, never cfs_rq->curr, had a negative lag when it was delayed and its lag
 * (weight * vlag) never decreases while it stays delayed; a delayed task is on_rq and asleep, a
 * delayed group entity has an empty queue; E8 throttled limbo tasks are throttled and
 * off their queue, in a throttled hierarchy (CFS bandwidth); and while an owner runs as a proxy its own vruntime does not move (the donor is
 * charged, reference 4.3). E6 (deadline - vruntime <= vslice) holds only right after placement:
 * a relative deadline kept across a class change (PLACE_REL_DEADLINE) legitimately carries the old
 * weight's slice, so the audit does not check it.
 */
final class EevdfChecker implements Checker {
    private final Checks checks;
    private final Core core;
    /** Per CPU: the owner running as proxy, its vruntime and weight when it was chosen. */
    private final Task[] proxyOwner;
    private final long[] ownerVruntime;
    private final long[] ownerWeight;
    /** E4: per delayed entity, its delay episode (se.delayCount), weight and vlag when last audited. */
    private final java.util.IdentityHashMap<SchedEntity, long[]> delayed = new java.util.IdentityHashMap<>();

    EevdfChecker(Checks checks) {
        this.checks = checks;
        this.core = checks.core;
        int n = core.nrCpus();
        proxyOwner = new Task[n];
        ownerVruntime = new long[n];
        ownerWeight = new long[n];
    }

    @Override
    public String name() {
        return "eevdf";
    }

    @Override
    public void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) {
        closeProxyWindow(cpu); // any change of context on this CPU (donor_reset, resched idle, a new pick) ends the window
        if (event.kind() != ProxyEvent.Kind.PROXY_CHOSEN) return;
        if (task == donor || task.schedClass != core.fair) return;
        proxyOwner[cpu] = task;
        ownerVruntime[cpu] = task.se.vruntime;
        ownerWeight[cpu] = task.se.weight;
    }

    @Override
    public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
        closeProxyWindow(cpu);
    }

    @Override
    public void schedAttrChanged(long now, Task p) {
        for (int c = 0; c < proxyOwner.length; c++) if (proxyOwner[c] == p) proxyOwner[c] = null; // re-placed on purpose
    }

    private void closeProxyWindow(int cpu) {
        Task o = proxyOwner[cpu];
        if (o == null) return;
        proxyOwner[cpu] = null;
        if (o.se.weight != ownerWeight[cpu] || o.schedClass != core.fair) return; // reweighted (nice/boost): v rescaled on purpose
        // a dequeue/enqueue of the queued owner (lag kept, re-placed) may round by 1; a charge moves it forward by more
        if (o.se.vruntime - ownerVruntime[cpu] > 1)
            checks.report(this, "proxy-charge", o + " ran as a proxy on CPU " + cpu + " and its own vruntime moved by "
                    + (o.se.vruntime - ownerVruntime[cpu]) + " (the donor must be charged)", List.of(Checks.role("owner", o)), List.of(cpu), o);
    }

    @Override
    public void audit(long now) {
        java.util.IdentityHashMap<SchedEntity, long[]> seen = new java.util.IdentityHashMap<>();
        for (CfsRq cfs : cfsRqs()) {
            if (cfs.rq.lock.heldAcross()) continue;
            checkSums(cfs);
            checkDelayed(cfs, seen);
        }
        delayed.keySet().retainAll(seen.keySet());
        delayed.putAll(seen);
        for (String e8 : core.fair.bandwidth.audit())
            checks.report(this, "E8", e8, List.of("cfs_bandwidth"), List.of());
        for (Task t : core.tasks) {
            if (t == null || t.isIdle || t.schedClass != core.fair) continue;
            SchedEntity se = t.se;
            if (!se.onRq) sleeperLag(t, se);
        }
    }

    /**
     * E3: a sleeper's vlag is within the clamp update_entity_lag() gave it. A weight change while
     * the task was in another class (set_user_nice() of an RT task only sets static_prio;
     * sched_setscheduler(SCHED_NORMAL) then runs set_load_weight() before the class switch, so
     * reweight_task_fair() does not rescale vlag) leaves vlag in the old weight's units: the
     * kernel does that too, so it is a soft finding (E3-unscaled), not a violation.
     */
    private void sleeperLag(Task t, SchedEntity se) {
        long limit = slack(Fair.calcDeltaFair(Fair.SYSCTL_SCHED_BASE_SLICE + core.tickNsec, se));
        if (Math.abs(se.vlag) <= limit) return;
        double w = se.vlagWeight;
        if (w != 0 && w != se.weight) {
            long then = slack((long) ((Fair.SYSCTL_SCHED_BASE_SLICE + core.tickNsec) * (double) org.proxytorture.kernel.sched.Weights.NICE_0_LOAD / w));
            if (Math.abs(se.vlag) <= then) {
                checks.finding(this, "E3-unscaled", t + " sleeps with lag " + se.vlag + " clamped at weight " + Math.round(w) + " (clamp " + then
                        + "), now weight " + se.weight + " (clamp " + limit + "): its weight changed outside the fair class, where"
                        + " reweight_task_fair() does not rescale vlag; on wakeup place_entity() takes it as it is",
                        List.of(Checks.role("task", t)), List.of(t.cpu), t);
                return;
            }
        }
        checks.report(this, "E3", t + " sleeps with lag " + se.vlag + " beyond its clamp " + limit,
                List.of(Checks.role("task", t)), List.of(t.cpu), t);
    }

    /**
     * A clamp with rounding room: calc_delta_fair()'s 32-bit inverse weight and reweight_entity()'s
     * integer vlag * old / new each lose a few ns (explore --space: a reniced sleeper 1 ns past its
     * recomputed clamp), never a part in 65536.
     */
    private static long slack(long limit) {
        return limit + 1 + (limit >> 16);
    }

    private void checkSums(CfsRq cfs) {
        long w = 0, wv = 0;
        try {
            for (SchedEntity se : cfs.timeline()) {
                w = Math.addExact(w, se.weight);
                wv = Math.addExact(wv, Math.multiplyExact(Math.subtractExact(se.vruntime, cfs.zeroVruntime), se.weight));
                if (se == cfs.curr)
                    checks.report(this, "E7", cfs + ": cfs_rq->curr is in the tree", List.of("cfs_rq=" + cfs.tg.name), List.of(cfs.rq.cpu), task(se));
            }
        } catch (ArithmeticException e) {
            checks.report(this, "E1-overflow", cfs + ": sum_w_vruntime overflows 64 bits", List.of("cfs_rq=" + cfs.tg.name), List.of(cfs.rq.cpu));
            return;
        }
        if (w != cfs.sumWeight || wv != cfs.sumWVruntime)
            checks.report(this, "E1", cfs + ": sum_weight " + cfs.sumWeight + " (recomputed " + w + "), sum_w_vruntime " + cfs.sumWVruntime
                    + " (recomputed " + wv + ")", List.of("cfs_rq=" + cfs.tg.name), List.of(cfs.rq.cpu));
    }

    /** E4: DELAY_DEQUEUE's entities (reference 4.2 and 4.6); sched_delayed ones are in the sums (E1) like any other. */
    private void checkDelayed(CfsRq cfs, java.util.IdentityHashMap<SchedEntity, long[]> seen) {
        String q = "cfs_rq=" + cfs.tg.name;
        int cpu = cfs.rq.cpu;
        if (cfs.curr != null && cfs.curr.schedDelayed)
            checks.report(this, "E4-curr", cfs + ": the sched_delayed " + cfs.curr + " is cfs_rq->curr", List.of(q), List.of(cpu), task(cfs.curr));
        for (SchedEntity se : cfs.timeline()) {
            if (!se.schedDelayed) continue;
            Task t = task(se);
            if (!se.onRq)
                checks.report(this, "E4-on_rq", cfs + ": the sched_delayed " + se + " is in the tree with se->on_rq = 0", List.of(q), List.of(cpu), t);
            if (t != null && (t.onRq != org.proxytorture.kernel.sched.TaskState.TASK_ON_RQ_QUEUED
                    || t.state == org.proxytorture.kernel.sched.TaskState.TASK_RUNNING))
                checks.report(this, "E4-task", t + " is sched_delayed with p->on_rq = " + t.onRq + " and state " + t.state
                        + " (a delayed task is queued and asleep)", List.of(Checks.role("task", t)), List.of(cpu), t);
            if (t == null && se.myQ.nrQueued != 0)
                checks.report(this, "E4-group", cfs + ": the sched_delayed " + se + " has " + se.myQ.nrQueued + " entities queued below it",
                        List.of(q), List.of(cpu));
            if (se.vlagAtDelay >= 0)
                checks.report(this, "E4", se + " was delayed with lag " + se.vlagAtDelay + " >= 0 (only a non-eligible entity is delayed)",
                        List.of(q), List.of(cpu), t);
            long[] last = delayed.get(se);
            if (last != null && last[0] == se.delayCount) {
                // lag = weight * vlag; a reweight keeps it up to rounding (vlag * w_old / w_new truncates)
                boolean decreased = last[1] == se.weight ? se.vlag < last[2] : se.weight * se.vlag < last[1] * last[2] - se.weight;
                if (decreased)
                    checks.report(this, "E4", se + " is sched_delayed and its lag decreased from " + last[1] * last[2] + " to " + se.weight * se.vlag
                            + " (weight * vlag)", List.of(q), List.of(cpu), t);
            }
            seen.put(se, new long[] {se.delayCount, se.weight, se.vlag});
        }
    }

    private static Task task(SchedEntity se) {
        return se.isTask() ? se.task : null;
    }

    /** Every cfs_rq: the root ones and those of every group a task is in, and their parents. */
    private List<CfsRq> cfsRqs() {
        List<TaskGroup> groups = new ArrayList<>();
        for (Task t : core.tasks) {
            if (t == null) continue;
            for (TaskGroup g = t.group; g != null; g = g.parent) if (!groups.contains(g)) groups.add(g);
        }
        List<CfsRq> out = new ArrayList<>();
        for (TaskGroup g : groups) for (CfsRq c : g.cfsRq) if (c != null) out.add(c);
        return out;
    }
}
