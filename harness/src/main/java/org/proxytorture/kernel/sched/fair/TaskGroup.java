package org.proxytorture.kernel.sched.fair;

import org.proxytorture.kernel.sched.Rq;
import org.proxytorture.kernel.sched.Weights;

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
    /** tg->children, in creation order (walk_tg_tree_from() visits them so). */
    final java.util.ArrayList<TaskGroup> children = new java.util.ArrayList<>(0);
    /** tg->cfs_bandwidth: cpu.max. */
    public final CfsBandwidth cfsBandwidth;
    private final FairBandwidth bw;

    public TaskGroup(String name, TaskGroup parent, long shares, Rq[] rqs, FairBandwidth bw) {
        this.name = name;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.shares = shares;
        this.bw = bw;
        this.cfsBandwidth = new CfsBandwidth(this, bw);
        if (parent != null) parent.children.add(this);
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

    /**
     * Writes cpu.max (cgroup v2): "QUOTA PERIOD", "QUOTA" (period kept) or "max [PERIOD]", in
     * microseconds, as cpu_max_write() parses it, then tg_set_cfs_bandwidth(). Set-up time only
     * (outside any section). A bad value throws IllegalArgumentException (-EINVAL).
     */
    public void setCpuMax(String cpuMax) {
        String[] tok = cpuMax.trim().split("\\s+");
        if (tok.length < 1 || tok.length > 2 || tok[0].isEmpty())
            throw new IllegalArgumentException("cpu.max: '" + cpuMax + "' (accepted: max|QUOTA_US [PERIOD_US], -EINVAL)");
        long period = cfsBandwidth.period;
        long quota;
        try {
            if (tok.length == 2) period = Math.multiplyExact(Long.parseLong(tok[1]), 1000L);
            quota = tok[0].equals("max") ? CfsBandwidth.RUNTIME_INF : Math.multiplyExact(Long.parseLong(tok[0]), 1000L);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("cpu.max: '" + cpuMax + "' (accepted: max|QUOTA_US [PERIOD_US], -EINVAL)");
        }
        bw.tgSetCfsBandwidth(this, period, quota);
    }

    /** cpu.max as it reads back, e.g. "max 100000". */
    public String cpuMax() {
        return cfsBandwidth.cpuMax();
    }

    /** cpu.stat usage: CPU time charged to this group (cgroup_account_cputime(): the donor's groups). */
    public long usage;

    /** The child groups, in creation order. */
    public java.util.List<TaskGroup> children() {
        return java.util.List.copyOf(children);
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
