package org.proxytorture.kernel.sched;

import java.util.Arrays;

/** An immutable cpumask of up to {@link #NR_CPUS} CPUs. */
public final class CpuMask {
    public static final int NR_CPUS = 256;
    private static final int WORDS = NR_CPUS / 64;
    private final long[] bits;
    private final int weight;

    private CpuMask(long[] bits) {
        this.bits = bits;
        int w = 0;
        for (long b : bits) w += Long.bitCount(b);
        this.weight = w;
    }

    public static CpuMask none() {
        return new CpuMask(new long[WORDS]);
    }

    /** CPUs 0..n-1. */
    public static CpuMask first(int n) {
        long[] b = new long[WORDS];
        for (int i = 0; i < n; i++) b[i >>> 6] |= 1L << (i & 63);
        return new CpuMask(b);
    }

    public static CpuMask of(int... cpus) {
        long[] b = new long[WORDS];
        for (int c : cpus) b[c >>> 6] |= 1L << (c & 63);
        return new CpuMask(b);
    }

    public boolean test(int cpu) {
        return cpu >= 0 && cpu < NR_CPUS && (bits[cpu >>> 6] & (1L << (cpu & 63))) != 0;
    }

    public CpuMask set(int cpu) {
        long[] b = bits.clone();
        b[cpu >>> 6] |= 1L << (cpu & 63);
        return new CpuMask(b);
    }

    public CpuMask clear(int cpu) {
        long[] b = bits.clone();
        b[cpu >>> 6] &= ~(1L << (cpu & 63));
        return new CpuMask(b);
    }

    public CpuMask and(CpuMask o) {
        long[] b = new long[WORDS];
        for (int i = 0; i < WORDS; i++) b[i] = bits[i] & o.bits[i];
        return new CpuMask(b);
    }

    public boolean intersects(CpuMask o) {
        for (int i = 0; i < WORDS; i++) if ((bits[i] & o.bits[i]) != 0) return true;
        return false;
    }

    /** cpumask_weight(). */
    public int weight() {
        return weight;
    }

    /** cpumask_first(), or NR_CPUS when empty. */
    public int first() {
        return next(-1);
    }

    /** cpumask_next(): the first set CPU after {@code cpu}, or NR_CPUS. */
    public int next(int cpu) {
        for (int c = cpu + 1; c < NR_CPUS; ) {
            long w = bits[c >>> 6] >>> (c & 63);
            if (w != 0) return c + Long.numberOfTrailingZeros(w);
            c = (c | 63) + 1;
        }
        return NR_CPUS;
    }

    /** The first set CPU at or after {@code start}, wrapping around; NR_CPUS when empty. */
    public int nextWrap(int start) {
        int c = next(start - 1);
        return c < NR_CPUS ? c : first();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuMask m && Arrays.equals(bits, m.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    /** The kernel's cpulist format (%*pbl): "0-3,6". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int c = first();
        while (c < NR_CPUS) {
            int end = c;
            while (test(end + 1)) end++;
            if (sb.length() > 0) sb.append(',');
            sb.append(c);
            if (end > c) sb.append('-').append(end);
            c = next(end);
        }
        return sb.toString();
    }

    /** Parses a cpulist ("0-3,6"); throws IllegalArgumentException naming the bad part. */
    public static CpuMask parse(String list, int nrCpus) {
        long[] b = new long[WORDS];
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) throw new IllegalArgumentException("empty element in cpulist '" + list + "'");
            String[] r = p.split("-", -1);
            int lo, hi;
            try {
                lo = Integer.parseInt(r[0]);
                hi = r.length == 2 ? Integer.parseInt(r[1]) : lo;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad cpulist element '" + p + "' (expected N or N-M)");
            }
            if (r.length > 2 || lo < 0 || hi < lo || hi >= nrCpus)
                throw new IllegalArgumentException("bad cpulist element '" + p + "' (CPUs are 0-" + (nrCpus - 1) + ")");
            for (int i = lo; i <= hi; i++) b[i >>> 6] |= 1L << (i & 63);
        }
        return new CpuMask(b);
    }
}
