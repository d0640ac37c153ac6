/**
 * kernel/sched/fair.c: fair_sched_class with EEVDF ({@link org.proxytorture.kernel.sched.fair.Fair}
 * for the entity operations, {@link org.proxytorture.kernel.sched.fair.Eevdf} for avg_vruntime(),
 * eligibility, the timeline and pick_eevdf()), FAIR_GROUP_SCHED (struct task_group,
 * {@link org.proxytorture.kernel.sched.fair.TaskGroup}; struct cfs_rq and struct sched_entity,
 * {@link org.proxytorture.kernel.sched.fair.CfsRq} and {@link org.proxytorture.kernel.sched.fair.SchedEntity}),
 * CONFIG_CFS_BANDWIDTH ({@link org.proxytorture.kernel.sched.fair.FairBandwidth}, struct cfs_bandwidth
 * {@link org.proxytorture.kernel.sched.fair.CfsBandwidth}, its hrtimers
 * {@link org.proxytorture.kernel.sched.fair.CfsBandwidthTimer}, and the two throttle models behind
 * {@link org.proxytorture.kernel.sched.fair.ThrottleModel}: {@link org.proxytorture.kernel.sched.fair.TaskThrottle}
 * since 6.18, {@link org.proxytorture.kernel.sched.fair.GroupThrottle} up to 6.17) and load
 * balancing, sched_balance_rq() ({@link org.proxytorture.kernel.sched.fair.LoadBalance}).
 * select_idle_sibling() is called through Core (it sits beside select_task_rq() in kernel.sched's Ttwu).
 */
package org.proxytorture.kernel.sched.fair;
