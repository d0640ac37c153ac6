/**
 * CPU hotplug: kernel/cpu.c's control flow, remove_cpu() ({@link org.proxytorture.kernel.hotplug.CpuDownFrame})
 * and add_cpu() ({@link org.proxytorture.kernel.hotplug.CpuUpFrame}), and its state
 * ({@link org.proxytorture.kernel.hotplug.Hotplug}: the cpu_online/active/dying masks,
 * cpu_hotplug_lock, cpu_hotplug_disable()); with the kernel/sched/core.c hotplug callbacks that
 * flow calls (sched_cpu_deactivate(), sched_cpu_wait_empty(), sched_cpu_dying(),
 * sched_cpu_starting()/sched_cpu_activate(), balance_push()), kept in {@code Hotplug} beside the
 * state they change. scripts/coverage counts the three classes in core.c's figure.
 */
package org.proxytorture.kernel.hotplug;
