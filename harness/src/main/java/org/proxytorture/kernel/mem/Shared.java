package org.proxytorture.kernel.mem;

/**
 * One kernel word that another CPU reads without the lock that serialises its writers
 * (mutex-&gt;owner, p-&gt;on_cpu, p-&gt;on_rq, p-&gt;__state, p-&gt;blocked_on, sem-&gt;count): its
 * storage, and the last few stores to it, newest first, in coherence order (the order the
 * emulated CPUs executed them). {@link Memory} decides which of them a load by a given CPU may
 * return; {@link SharedWord} and {@link SharedRef} hold the values.
 *
 * <p>The history is a ring of {@link #HISTORY} entries: per entry the writer CPU (-1: the value at
 * boot), the writer's store number, the simulated time of the store, when the store became
 * visible to all other CPUs (a stamp of {@link Memory}'s visibility clock; {@link #PENDING}: still
 * in the writer's store buffer) and, under arm64, the last store of the same writer that must be
 * visible first (smp_wmb(), release). Allocated once per word; a load or store allocates nothing.
 */
public abstract sealed class Shared permits SharedWord, SharedRef {
    /** Stores kept per word: enough for the window's few writers; older ones are overwritten for everybody. */
    static final int HISTORY = 4;
    static final int MASK = HISTORY - 1;
    static final long PENDING = Long.MAX_VALUE;

    /** Coherence index of the newest store (the boot value is 0), and how many are kept. */
    long idx;
    int count = 1;
    final int[] writer = new int[HISTORY];
    final long[] seq = new long[HISTORY];
    final long[] time = new long[HISTORY];
    final long[] visibleAt = new long[HISTORY];
    final long[] mustFollow = new long[HISTORY];
    /** ARM64 only, allocated at its first stale-capable load: per CPU, the newest index it has read (CoRR). */
    long[] lastRead;

    Shared() {
        writer[0] = -1;
    }

    static int slot(long i) {
        return (int) (i & MASK);
    }

    /** The newest store's slot. */
    final int newest() {
        return slot(idx);
    }

    /** Whether the store with coherence index {@code i} is still kept. */
    final boolean holds(long i) {
        return i <= idx && i > idx - count;
    }

    /** Appends a store; the value is set by the caller at the returned slot. */
    final int push(int cpu, long storeSeq, long now, long follow) {
        idx++;
        if (count < HISTORY) count++;
        int s = slot(idx);
        writer[s] = cpu;
        seq[s] = storeSeq;
        time[s] = now;
        visibleAt[s] = PENDING;
        mustFollow[s] = follow;
        return s;
    }

    /** Forgets the history: the current value becomes one visible to every CPU (boot, set-up). */
    final int resetHistory() {
        idx++;
        count = 1;
        int s = slot(idx);
        writer[s] = -1;
        seq[s] = 0;
        time[s] = 0;
        visibleAt[s] = 0;
        mustFollow[s] = 0;
        if (lastRead != null) java.util.Arrays.fill(lastRead, 0);
        return s;
    }

    /** The value at {@code slot} as text (traces, test outcomes). */
    abstract String valueAt(int slot);

    @Override
    public String toString() {
        return valueAt(newest());
    }
}
