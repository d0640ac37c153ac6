package org.proxytorture.kernel.sched;

/**
 * struct task_group with FAIR_GROUP_SCHED: per-CPU group entities and queues; the group
 * entity's weight on a CPU follows calc_group_shares().
 */
public final class TaskGroup {
    public static final long MIN_SHARES = 2;
    public static final long MAX_SHARES = 1L << 18;
    public static final long ROOT_TASK_GROUP_LOAD = Weights.NICE_0_LOAD;

    public final String name;
    public final TaskGroup parent;
    public final int depth;
    /** tg->shares, the cgroup v1 cpu.shares value (v2 cpu.weight w maps to w*1024/100). */
    public long shares;
    /** per-CPU queue and entity; for the root group se[cpu] is null and cfsRq[cpu] becomes rq->cfs. */
    public final CfsRq[] cfsRq;
    public final SchedEntity[] se;
    /**
     * Sum over CPUs of cfsRq[cpu].loadWeight: stands in for tg->load_avg.
     * Simplification: instantaneous load weights instead of PELT averages.
     */
    long loadSum;

    TaskGroup(String name, TaskGroup parent, long shares, Rq[] rqs) {
        this.name = name;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.shares = shares;
        this.cfsRq = new CfsRq[rqs.length];
        this.se = new SchedEntity[rqs.length];
        for (int c = 0; c < rqs.length; c++) {
            if (parent == null) {
                cfsRq[c] = new CfsRq(rqs[c], this);
                rqs[c].cfs = cfsRq[c];
            } else {
                cfsRq[c] = new CfsRq(rqs[c], this);
                SchedEntity g = new SchedEntity(this, cfsRq[c]);
                g.cfsRq = parent.cfsRq[c];
                g.parent = parent.se[c];
                g.depth = parent.depth;
                g.setWeight(shares);
                se[c] = g;
            }
        }
    }

    /** cgroup v2 cpu.weight (1..10000, default 100) to shares. */
    public static long weightToShares(long cpuWeight) {
        return cpuWeight * 1024 / 100;
    }

    @Override
    public String toString() {
        return name;
    }
}
