package org.proxytorture.kernel.mem;

/**
 * A long-valued shared kernel word (an atomic_long_t, an int, a bool: mutex-&gt;owner with its
 * flag bits, p-&gt;on_cpu, p-&gt;on_rq, p-&gt;__state, sem-&gt;count). The object is the word's
 * storage: {@link #latest()} is the plain field, for code that holds the lock serialising the
 * writers; the unlocked READ_ONCE() is {@link Memory#load(int, SharedWord)}.
 */
public final class SharedWord extends Shared {
    final long[] val = new long[HISTORY];

    public SharedWord(long initial) {
        val[0] = initial;
    }

    /**
     * The newest value in coherence order: what the last writer stored. Exact for the writer
     * itself, and for a reader holding the lock every writer holds (the writers' unlock made their
     * stores visible); a reader without that lock uses {@link Memory#load}.
     */
    public long latest() {
        return val[newest()];
    }

    /**
     * Sets the word outside any run's concurrency (boot, set-up): visible to every CPU at once,
     * no history. Not for kernel code paths, which store through {@link Memory}.
     */
    public void reset(long v) {
        val[resetHistory()] = v;
    }

    @Override
    String valueAt(int slot) {
        return Long.toString(val[slot]);
    }
}
