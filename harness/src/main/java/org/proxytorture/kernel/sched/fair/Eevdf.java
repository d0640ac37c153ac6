package org.proxytorture.kernel.sched.fair;

import org.proxytorture.kernel.sched.Core;

/**
 * kernel/sched/fair.c's EEVDF core: the per-cfs_rq virtual time (sum_w_vruntime, sum_weight,
 * zero_vruntime and avg_vruntime()), eligibility (vruntime_eligible(), entity_eligible()), the
 * timeline (__enqueue_entity(), __dequeue_entity(); a list standing in for the rb-tree) and
 * pick_eevdf(). Static helpers over a {@link CfsRq}, called by {@link Fair}, which owns
 * update_entity_lag() and place_entity(). cfs_rq's rq lock held throughout.
 */
final class Eevdf {
    private Eevdf() {
    }

    /** entity_key(): v - zero_vruntime, the key the sums are kept in. */
    static long entityKey(CfsRq cfsRq, SchedEntity se) {
        return se.vruntime - cfsRq.zeroVruntime;
    }

    /** sum_w_vruntime_add() (avg_vruntime_add() before 2025) */
    private static void sumWVruntimeAdd(CfsRq cfsRq, SchedEntity se) {
        cfsRq.sumWVruntime += entityKey(cfsRq, se) * se.weight;
        cfsRq.sumWeight += se.weight;
    }

    /** sum_w_vruntime_sub() (avg_vruntime_sub() before 2025) */
    private static void sumWVruntimeSub(CfsRq cfsRq, SchedEntity se) {
        cfsRq.sumWVruntime -= entityKey(cfsRq, se) * se.weight;
        cfsRq.sumWeight -= se.weight;
    }

    /** update_zero_vruntime(): moves zero_vruntime by delta, the sums following. */
    static void updateZeroVruntime(CfsRq cfsRq, long delta) {
        // v' = v + d ==> sum_w_vruntime' = sum_w_vruntime - d*sum_weight
        cfsRq.sumWVruntime -= cfsRq.sumWeight * delta;
        cfsRq.zeroVruntime += delta;
    }

    /** avg_vruntime(): V; moves zero_vruntime onto it (it mutates, as mainline's does since 2025). */
    static long avgVruntime(CfsRq cfsRq) {
        SchedEntity curr = cfsRq.curr;
        if (curr != null && !curr.onRq) curr = null;
        long weight = cfsRq.sumWeight;
        long delta = 0;
        if (weight != 0) {
            long runtime = cfsRq.sumWVruntime;
            if (curr != null) {
                runtime += entityKey(cfsRq, curr) * curr.weight;
                weight += curr.weight;
            }
            if (runtime < 0) runtime -= (weight - 1); // sign flips effective floor / ceiling
            delta = runtime / weight;
        } else if (curr != null) {
            delta = curr.vruntime - cfsRq.zeroVruntime; // one element: it is the average
        }
        updateZeroVruntime(cfsRq, delta);
        return cfsRq.zeroVruntime;
    }

    /** vruntime_eligible(): lag >= 0, cross-multiplied so there is no division. */
    static boolean vruntimeEligible(CfsRq cfsRq, long vruntime) {
        SchedEntity curr = cfsRq.curr;
        long avg = cfsRq.sumWVruntime;
        long load = cfsRq.sumWeight;
        if (curr != null && curr.onRq) {
            avg += entityKey(cfsRq, curr) * curr.weight;
            load += curr.weight;
        }
        return avg >= (vruntime - cfsRq.zeroVruntime) * load;
    }

    /** entity_eligible() */
    static boolean entityEligible(CfsRq cfsRq, SchedEntity se) {
        return vruntimeEligible(cfsRq, se.vruntime);
    }

    // ---------------------------------------------------------------- the "rb-tree"

    /** __enqueue_entity(): into the timeline, and into sum_w_vruntime/sum_weight. */
    static void enqueueTree(CfsRq cfsRq, SchedEntity se) {
        sumWVruntimeAdd(cfsRq, se);
        se.treeIndex = cfsRq.timeline.size();
        se.treeSeq = cfsRq.treeSeq++;
        cfsRq.timeline.add(se);
    }

    /** __dequeue_entity(): out of the timeline and the sums; an entity not in it is an oops. */
    static void dequeueTree(Core core, CfsRq cfsRq, SchedEntity se) {
        int i = se.treeIndex;
        // the kernel's rb_erase() would rewrite another tree's nodes here and crash later, at a
        // place the model cannot follow: the model stops at the corruption, as an oops
        if (i < 0 || i >= cfsRq.timeline.size() || cfsRq.timeline.get(i) != se)
            throw core.oops("__dequeue_entity", "rb_erase() of " + se + ", which is not in " + cfsRq + "'s tree: cfs_rq corrupted");
        sumWVruntimeSub(cfsRq, se);
        SchedEntity last = cfsRq.timeline.remove(cfsRq.timeline.size() - 1);
        if (last != se) {
            cfsRq.timeline.set(i, last);
            last.treeIndex = i;
        }
        se.treeIndex = -1;
    }

    /** entity_before(): earlier deadline first; ties in queueing order (the model's stand-in for rb-tree order). */
    private static boolean before(SchedEntity a, SchedEntity b) {
        long d = a.deadline - b.deadline;
        return d < 0 || (d == 0 && a.treeSeq < b.treeSeq);
    }

    /** protect_slice(): RUN_TO_PARITY, curr keeps the CPU until its protected vruntime. */
    static boolean protectSlice(SchedEntity se) {
        return se.vprot - se.vruntime > 0;
    }

    /** pick_eevdf(): the eligible entity with the earliest virtual deadline. */
    static SchedEntity pickEevdf(CfsRq cfsRq, boolean protect) {
        SchedEntity curr = cfsRq.curr;
        if (cfsRq.nrQueued == 1) {
            if (curr != null && curr.onRq) return curr;
            return cfsRq.timeline.isEmpty() ? null : cfsRq.timeline.get(0);
        }
        if (curr != null && (!curr.onRq || !entityEligible(cfsRq, curr))) curr = null;
        if (curr != null && protect && protectSlice(curr)) return curr;
        SchedEntity best = null;
        for (int i = 0, n = cfsRq.timeline.size(); i < n; i++) {
            SchedEntity se = cfsRq.timeline.get(i);
            if ((best == null || before(se, best)) && entityEligible(cfsRq, se)) best = se;
        }
        if (best == null || (curr != null && curr.deadline - best.deadline < 0)) best = curr;
        return best; // nothing eligible: NULL, as __pick_eevdf() returns it (broken sums are the only way here)
    }
}
