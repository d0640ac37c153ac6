package org.proxytorture.kernel.mem;

/**
 * A pointer-valued shared kernel word (p-&gt;blocked_on, a task pointer read without its lock).
 * Compared by identity, as the kernel compares pointers. See {@link SharedWord} for how
 * {@link #latest()} relates to the unlocked {@link Memory#load(int, SharedRef)}.
 */
public final class SharedRef<T> extends Shared {
    final Object[] val = new Object[HISTORY];

    public SharedRef(T initial) {
        val[0] = initial;
    }

    /** The newest value in coherence order (see {@link SharedWord#latest()}). */
    @SuppressWarnings("unchecked")
    public T latest() {
        return (T) val[newest()];
    }

    /** Sets the pointer outside any run's concurrency (boot, set-up), visible to all at once. */
    public void reset(T v) {
        val[resetHistory()] = v;
    }

    @SuppressWarnings("unchecked")
    T at(int slot) {
        return (T) val[slot];
    }

    @Override
    String valueAt(int slot) {
        return String.valueOf(val[slot]);
    }
}
