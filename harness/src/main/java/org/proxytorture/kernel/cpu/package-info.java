/**
 * The emulated machine the kernel model runs on, not a kernel subsystem: what hardware, the
 * arch code and the raw spinlock primitives are to the real kernel.
 * <ul>
 *   <li>{@link org.proxytorture.kernel.cpu.Cpu}: a processor that executes one atomic section per
 *       step (interrupt work, balance callbacks, schedule(), preemption, newidle balancing, else
 *       the current task's next section), with interrupts taken only between sections;</li>
 *   <li>{@link org.proxytorture.kernel.cpu.KFrame}: a kernel operation on a task's stack, a state
 *       machine whose steps are the atomic sections; {@link org.proxytorture.kernel.cpu.RunFrame}
 *       computing for N ns;</li>
 *   <li>{@link org.proxytorture.kernel.cpu.IrqWork}: work in interrupt context (the tick, IPIs,
 *       expired hrtimers, SCHED_SOFTIRQ);</li>
 *   <li>the spinlock model: {@link org.proxytorture.kernel.cpu.RawSpinLock} (raw_spinlock_t,
 *       taken at a section's start, include/linux/spinlock.h), its lock_acquire() hook
 *       {@link org.proxytorture.kernel.cpu.RawLockdep}, and busy-waiting CPUs
 *       ({@link org.proxytorture.kernel.cpu.SpinWaiters});</li>
 *   <li>{@link org.proxytorture.kernel.cpu.Costs}: what each kind of section costs, the CPU's
 *       speed.</li>
 * </ul>
 * The scheduler it calls into (schedule(), the tick, sched_ttwu_pending()) is kernel.sched.
 */
package org.proxytorture.kernel.cpu;
