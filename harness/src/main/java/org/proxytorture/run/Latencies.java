package org.proxytorture.run;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A run's latency samples as HdrHistogram keeps them (the pidemo foreground's lock latency, ns, to
 * 3 significant digits): each recorded value with its count, in ascending order. Immutable; empty
 * for a workload that measures none. Encodes to one line (HdrHistogram's compressed form, base64)
 * for a baseline file.
 */
public record Latencies(long[] valuesNs, long[] counts) {
    public static final Latencies NONE = new Latencies(new long[0], new long[0]);

    public Latencies {
        if (valuesNs.length != counts.length) throw new IllegalArgumentException("values and counts differ in length");
        valuesNs = valuesNs.clone();
        counts = counts.clone();
    }

    public static Latencies of(Histogram h) {
        int n = 0;
        for (HistogramIterationValue v : h.recordedValues()) n++;
        long[] values = new long[n], counts = new long[n];
        int i = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            values[i] = h.highestEquivalentValue(v.getValueIteratedTo());
            counts[i++] = v.getCountAtValueIteratedTo();
        }
        return new Latencies(values, counts);
    }

    /** The samples pooled with {@code other}'s (several seeds of one scenario). */
    public Latencies plus(Latencies other) {
        Histogram h = histogram();
        h.add(other.histogram());
        return of(h);
    }

    public Histogram histogram() {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < valuesNs.length; i++) h.recordValueWithCount(valuesNs[i], counts[i]);
        return h;
    }

    public long count() {
        return Arrays.stream(counts).sum();
    }

    public boolean isEmpty() {
        return valuesNs.length == 0;
    }

    /** Every sample, in ns, in ascending order (what the statistical tests take). */
    public double[] samples() {
        double[] out = new double[Math.toIntExact(count())];
        int k = 0;
        for (int i = 0; i < valuesNs.length; i++) for (long c = 0; c < counts[i]; c++) out[k++] = valuesNs[i];
        return out;
    }

    /** HdrHistogram's compressed encoding, base64: one line. */
    public String encode() {
        Histogram h = histogram();
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(b.array(), len));
    }

    /** The inverse of {@link #encode}; IllegalArgumentException if {@code text} is not one. */
    public static Latencies decode(String text) {
        try {
            return of(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0));
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded latency histogram: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Latencies l && Arrays.equals(valuesNs, l.valuesNs) && Arrays.equals(counts, l.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(valuesNs) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Latencies[" + count() + " samples]";
    }
}
