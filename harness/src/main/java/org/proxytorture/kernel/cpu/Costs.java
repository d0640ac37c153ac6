package org.proxytorture.kernel.cpu;

/**
 * What each kind of atomic section costs in simulated ns: the emulated CPU's speed. The numbers
 * are of the order of a kvm.sh QEMU/KVM guest on a 2020s x86 host, where locktorture normally
 * runs: a contended cache line about 100 ns, a context switch about 2 us, a virtual IPI about
 * 2 us in flight. They set how much happens per simulated second, not what can happen.
 */
public record Costs(
        long insn,          // one kthread-program instruction (bookkeeping)
        long atomic,        // a lone cmpxchg (mutex fast paths, trylock)
        long section,       // a short section under a spinlock
        long schedule,      // __schedule() with a context switch
        long ttwu,          // try_to_wake_up()
        long ipi,           // an IPI in flight, sender to receiver
        long tick,          // sched_tick() in the timer interrupt
        long balance,       // one load-balance section
        long spinPoll) {    // one poll of an optimistic spinner / a contended spinlock

    public static Costs defaults() {
        return new Costs(50, 100, 200, 2_000, 1_000, 2_000, 1_000, 1_000, 100);
    }
}
