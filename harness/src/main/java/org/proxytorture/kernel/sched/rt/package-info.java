/**
 * kernel/sched/rt.c: rt_sched_class ({@link org.proxytorture.kernel.sched.rt.Rt}: SCHED_FIFO/SCHED_RR
 * queues, push_rt_tasks()/pull_rt_task() as balance callbacks, RT bandwidth) and struct rt_rq
 * ({@link org.proxytorture.kernel.sched.rt.RtRq}).
 */
package org.proxytorture.kernel.sched.rt;
