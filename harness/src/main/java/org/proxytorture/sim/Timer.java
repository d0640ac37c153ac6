package org.proxytorture.sim;

/** A one-shot timer on the simulated clock (an hrtimer, a tick, an IPI in flight). Reusable. */
public final class Timer {
    /** What runs when the timer expires, at simulated time {@code now}. */
    @FunctionalInterface
    public interface Callback {
        void expire(long now);
    }

    final Callback callback;
    long expires;
    long seq;
    int heapIndex = -1;

    public Timer(Callback callback) {
        this.callback = callback;
    }

    public boolean armed() {
        return heapIndex >= 0;
    }

    public long expires() {
        return expires;
    }
}
