/**
 * The scheduler core: kernel/sched/core.c and what it is built on.
 * <ul>
 *   <li>core.c: {@link org.proxytorture.kernel.sched.Core} (activate/deactivate, set_task_cpu(),
 *       resched_curr(), wakeup_preempt(), sched_tick(), __sched_setscheduler(), ...),
 *       {@link org.proxytorture.kernel.sched.Ttwu} and {@link org.proxytorture.kernel.sched.TtwuTail}
 *       (try_to_wake_up() and its helpers, select_task_rq(), select_fallback_rq()),
 *       {@link org.proxytorture.kernel.sched.Schedule} (__schedule() with find_proxy_task()'s
 *       chain walk, finish_task_switch()), {@link org.proxytorture.kernel.sched.WakeQ} (wake_q),
 *       {@link org.proxytorture.kernel.sched.Weights} (sched_prio_to_weight[]), the operations
 *       run as frames ({@link org.proxytorture.kernel.sched.SetAttrFrame},
 *       {@link org.proxytorture.kernel.sched.SetCpusAllowedFrame}, {@link org.proxytorture.kernel.sched.YieldFrame},
 *       {@link org.proxytorture.kernel.sched.ScheduleFrame}) and
 *       {@link org.proxytorture.kernel.sched.ProxyExec}, the CONFIG_SCHED_PROXY_EXEC hooks whose
 *       generations are kernel.proxy;</li>
 *   <li>kernel/sched/sched.h and include/linux/sched.h: {@link org.proxytorture.kernel.sched.Rq},
 *       {@link org.proxytorture.kernel.sched.Task}, {@link org.proxytorture.kernel.sched.TaskState},
 *       {@link org.proxytorture.kernel.sched.Policy}, {@link org.proxytorture.kernel.sched.SchedClass},
 *       {@link org.proxytorture.kernel.sched.BalanceCallback}; features.h:
 *       {@link org.proxytorture.kernel.sched.SchedFeat};</li>
 *   <li>idle.c ({@link org.proxytorture.kernel.sched.IdleClass}), stop_task.c
 *       ({@link org.proxytorture.kernel.sched.StopClass}) and kernel/stop_machine.c's stopper
 *       ({@link org.proxytorture.kernel.sched.StopperFrame}, {@link org.proxytorture.kernel.sched.StopWork});
 *       completion.c ({@link org.proxytorture.kernel.sched.Completion}); from outside kernel/sched,
 *       schedule_timeout() ({@link org.proxytorture.kernel.sched.SleepFrame}), signal_wake_up()
 *       ({@link org.proxytorture.kernel.sched.SignalWakeUpFrame}) and cpumask
 *       ({@link org.proxytorture.kernel.sched.CpuMask});</li>
 *   <li>the tracepoints, include/trace/events/sched.h ({@link org.proxytorture.kernel.sched.Trace},
 *       and proxytorture's own proxy ones, {@link org.proxytorture.kernel.sched.ProxyEvent}).</li>
 * </ul>
 * The sched classes are kernel.sched.fair (fair.c) and kernel.sched.rt (rt.c); the CPU hotplug
 * callbacks are kernel.hotplug; the processor the sections run on is kernel.cpu.
 */
package org.proxytorture.kernel.sched;
