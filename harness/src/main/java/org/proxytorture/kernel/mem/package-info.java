/**
 * The emulated machine's memory model (proxytorture.memory_model=sc|tso|arm64, default tso):
 * which value a CPU's unlocked read of a shared kernel word returns while another CPU's store to
 * it is recent (within proxytorture.window_ns of simulated time).
 *
 * <p>How kernel code uses it. A word another CPU reads without the lock is a {@link
 * org.proxytorture.kernel.mem.SharedWord} (or {@link org.proxytorture.kernel.mem.SharedRef} for a
 * pointer): the object <em>is</em> the field's storage, so the model keeps one copy of the truth.
 * <ul>
 *   <li>writers store through the model, naming the kernel primitive and their CPU:
 *       {@code core.mem.store(cpu.id, p.onCpu, 1)} for WRITE_ONCE(p-&gt;on_cpu, 1),
 *       {@code core.mem.storeRelease(cpu.id, prev.onCpu, 0)} for finish_task()'s
 *       smp_store_release(&amp;prev-&gt;on_cpu, 0), {@code core.mem.cmpxchg(cpu.id, lock.owner, 0, curr)}
 *       for the mutex fast path;</li>
 *   <li>readers without the lock load through it: {@code core.mem.load(cpu.id, owner.onCpu)} for
 *       READ_ONCE(owner-&gt;on_cpu) in mutex_spin_on_owner(), {@code core.mem.loadAcquire(cpu.id,
 *       p.onCpu)} for smp_cond_load_acquire(&amp;p-&gt;on_cpu, !VAL) in try_to_wake_up();</li>
 *   <li>code holding the lock that serialises every writer (rq lock, wait_lock, pi_lock) reads
 *       {@code x.latest()}: the writers' unlock made their stores visible, so that is exact, and
 *       it costs nothing;</li>
 *   <li>barriers are calls with the CPU: {@code core.mem.smpMb(cpu.id)},
 *       {@code smpMbAfterSpinlock}, {@code smpWmb}, {@code smpRmb}; the spinlock model calls
 *       {@code spinAcquired(cpu.id)} when a raw_spin_lock() succeeds and {@code spinReleased(cpu.id)}
 *       at its unlock.</li>
 * </ul>
 * A CPU id of -1 (outside any section: boot, set-up) is an access by nobody in particular:
 * loads return the newest value and stores are visible at once; {@code reset()} on a word does
 * the same without the model.
 *
 * <p>Every decision (is a pending store seen yet; which older value an arm64 load returns) is one
 * {@code ChoiceSource.choose(n)} of the run's one choice source, 0 the newest value: replayed and
 * shrunk like every other choice. A load whose newest store is older than the window, or the
 * reader's own, takes no choice.
 *
 * <p>Simplification: kernel code executes each CPU's accesses in program order, so arm64's
 * load-to-store reordering (the LB shape) is not produced on kernel paths; the litmus interpreter
 * in the tests produces it by executing a later store before an earlier load.
 */
package org.proxytorture.kernel.mem;
