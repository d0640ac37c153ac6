package org.proxytorture.kernel.sched;

/**
 * What each kind of atomic section costs in simulated ns: the emulated CPU's speed. The numbers
 * are of the order of a 2020s x86 server (a context switch about a microsecond, an IPI about a
 * microsecond in flight); they set how much happens per simulated second, not what can happen.
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
        return new Costs(20, 20, 100, 1_000, 300, 1_000, 300, 500, 100);
    }
}
