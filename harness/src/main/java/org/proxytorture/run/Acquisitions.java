package org.proxytorture.run;

import java.util.Arrays;

/**
 * A locktorture run's acquisitions per kthread: {@code n_lock_acquired} of each writer's and each
 * reader's {@code struct lock_stress_stats} (cxt.lwsa, cxt.lrsa), in kthread order, as
 * __torture_print_stats() sums them into the Writes and Reads lines. Immutable; {@link #NONE} for
 * pidemo, which has no torture kthreads.
 */
public record Acquisitions(long[] writers, long[] readers) {
    public static final Acquisitions NONE = new Acquisitions(new long[0], new long[0]);

    public Acquisitions {
        writers = writers.clone();
        readers = readers.clone();
    }

    @Override
    public long[] writers() {
        return writers.clone();
    }

    @Override
    public long[] readers() {
        return readers.clone();
    }

    public boolean isEmpty() {
        return writers.length == 0 && readers.length == 0;
    }

    /** The Writes line's Max/Min (locktorture prints "???" where Max/2 > Min); NaN with no writer, infinite if one writer starved. */
    public double writerSpread() {
        if (writers.length == 0) return Double.NaN;
        long max = Arrays.stream(writers).max().getAsLong(), min = Arrays.stream(writers).min().getAsLong();
        return min == 0 ? (max == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) max / min;
    }

    /** The writers' counts as one word, {@code 1203/1180/1199}: what a baseline file keeps. */
    public String writersText() {
        StringBuilder b = new StringBuilder();
        for (long w : writers) b.append(b.length() == 0 ? "" : "/").append(w);
        return b.toString();
    }

    /** The inverse of {@link #writersText} (no readers); IllegalArgumentException if {@code text} is not one. */
    public static Acquisitions ofWritersText(String text) {
        String[] w = text.split("/", -1);
        long[] out = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            try {
                out[i] = Long.parseLong(w[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not writer counts such as 1203/1180/1199");
            }
            if (out[i] < 0) throw new IllegalArgumentException("'" + text + "' has a negative count");
        }
        return new Acquisitions(out, new long[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Acquisitions a && Arrays.equals(writers, a.writers) && Arrays.equals(readers, a.readers);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(writers) + Arrays.hashCode(readers);
    }

    @Override
    public String toString() {
        return "Acquisitions[writers=" + Arrays.toString(writers) + ", readers=" + Arrays.toString(readers) + "]";
    }
}
