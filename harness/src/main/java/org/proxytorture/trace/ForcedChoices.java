package org.proxytorture.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;

/**
 * A ChoiceSource that passes every decision through unchanged and notes when each forced
 * (non-zero) one was taken, so a timeline can mark the rows that follow it. The notes are a ring
 * of the last {@code capacity} forced choices; the choice list itself is the wrapped source's.
 */
public final class ForcedChoices implements ChoiceSource {
    private final ChoiceSource inner;
    private final long[] time;
    private final long[] index;
    private final int[] value;
    private long n;
    /** Forced choices since the recorder last took the count. */
    private int pending;
    private LongSupplier clock = () -> 0;

    public ForcedChoices(ChoiceSource inner, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.inner = inner;
        time = new long[capacity];
        index = new long[capacity];
        value = new int[capacity];
    }

    /** The simulated clock to stamp choices with (set once the machine exists). */
    void clock(LongSupplier now) {
        this.clock = now;
    }

    @Override
    public int choose(int n) {
        long before = inner.log().size();
        int v = inner.choose(n);
        if (v != 0 && inner.log().size() > before) note(before, v);
        return v;
    }

    @Override
    public int chooseLoad(int n) {
        long before = inner.log().size();
        int v = inner.chooseLoad(n);
        if (v != 0 && inner.log().size() > before) note(before, v);
        return v;
    }

    @Override
    public boolean oneIn(long oneIn) {
        long before = inner.log().size();
        boolean hit = inner.oneIn(oneIn);
        if (hit && inner.log().size() > before) note(before, 1);
        return hit;
    }

    private void note(long at, int v) {
        pending++;
        int i = (int) (n++ % time.length);
        time[i] = clock.getAsLong();
        index[i] = at;
        value[i] = v;
    }

    @Override
    public ChoiceLog log() {
        return inner.log();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    /** The number of forced choices since the last call (the recorder stamps it on its next event). */
    int takePending() {
        int p = pending;
        pending = 0;
        return p;
    }

    /** Forced choices not yet stamped on an event. */
    int pending() {
        return pending;
    }

    /** Forced choices noted so far, including those the ring no longer holds. */
    public long noted() {
        return n;
    }

    /** The forced choices still in the ring, oldest first. */
    public List<ForcedChoice> kept() {
        List<ForcedChoice> out = new ArrayList<>();
        for (long k = Math.max(0, n - time.length); k < n; k++) {
            int i = (int) (k % time.length);
            out.add(new ForcedChoice(time[i], index[i], value[i]));
        }
        return out;
    }
}
