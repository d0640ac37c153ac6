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

    /**
     * cpulist_parse() (lib/bitmap-str.c's bitmap_parselist() over nr_cpumask_bits = {@code nbits}):
     * regions separated by commas or white space, each N, N-M, "all" (any case) or N-M:used/group
     * ("0-7:2/4" is 0,1,4,5), where N stands for the last CPU. Empty regions are skipped, so ""
     * and ",,," give an empty mask. Throws IllegalArgumentException whose message starts with
     * the kernel's error: -EINVAL (bad format or character), -ERANGE (a CPU past the last),
     * -EOVERFLOW (a number past an unsigned int).
     */
    public static CpuMask cpulistParse(String list, int nbits) {
        long[] b = new long[WORDS];
        int i = 0;
        int n = list.length();
        while (true) {
            while (i < n && endOfRegionSeparator(list.charAt(i))) i++; // bitmap_find_region()
            if (i >= n || list.charAt(i) == '\n') return new CpuMask(b);
            int regionStart = i;
            long start, end, off, groupLen;
            long[] num = new long[1];
            if (list.regionMatches(true, i, "all", 0, 3)) {
                start = 0;
                end = nbits - 1;
                i += 3;
            } else {
                i = getnum(list, i, num, nbits, regionStart);
                start = num[0];
                if (endOfRegion(list, i)) {
                    end = start;
                    i = noPattern(list, i, regionStart);
                    set(b, start, end, end + 1, end + 1, nbits, list, regionStart);
                    continue;
                }
                if (list.charAt(i) != '-') throw bad("-EINVAL", list, regionStart);
                i = getnum(list, i + 1, num, nbits, regionStart);
                end = num[0];
            }
            if (endOfRegion(list, i)) { // no pattern
                i = noPattern(list, i, regionStart);
                off = end + 1;
                groupLen = end + 1;
            } else {
                if (list.charAt(i) != ':') throw bad("-EINVAL", list, regionStart);
                i = getnum(list, i + 1, num, nbits, regionStart);
                off = num[0];
                if (i >= n || list.charAt(i) != '/') throw bad("-EINVAL", list, regionStart);
                i = getnum(list, i + 1, num, nbits, regionStart);
                groupLen = num[0];
            }
            set(b, start, end, off, groupLen, nbits, list, regionStart);
        }
    }

    /** bitmap_check_region() then bitmap_set_region(). */
    private static void set(long[] b, long start, long end, long off, long groupLen, int nbits, String list, int at) {
        if (start > end || groupLen == 0 || off > groupLen) throw bad("-EINVAL", list, at);
        if (end >= nbits) throw bad("-ERANGE", list, at);
        for (long s = start; s <= end; s += groupLen)
            for (long c = s; c < s + Math.min(end - s + 1, off); c++) b[(int) (c >>> 6)] |= 1L << (c & 63);
    }

    /** The region ended at a separator or the end: a trailing character that is neither is -EINVAL. */
    private static int noPattern(String list, int i, int at) {
        if (!endOfRegion(list, i)) throw bad("-EINVAL", list, at);
        return i;
    }

    /** bitmap_getnum(): 'N' is the last bit; else decimal digits that fit an unsigned int. */
    private static int getnum(String list, int i, long[] num, int nbits, int at) {
        if (i < list.length() && list.charAt(i) == 'N') {
            num[0] = nbits - 1;
            return i + 1;
        }
        int j = i;
        long v = 0;
        boolean overflow = false;
        while (j < list.length() && list.charAt(j) >= '0' && list.charAt(j) <= '9') {
            v = v * 10 + (list.charAt(j) - '0');
            if (v > 0xffff_ffffL) overflow = true;
            if (overflow) v = 0x1_0000_0000L; // keep it from wrapping; the number is refused below
            j++;
        }
        if (j == i) throw bad("-EINVAL", list, at);
        if (overflow) throw bad("-EOVERFLOW", list, at);
        num[0] = v;
        return j;
    }

    private static boolean endOfRegionSeparator(char c) {
        return Character.isWhitespace(c) && c != '\n' || c == ','; // __end_of_region(): isspace(c) || c == ','
    }

    private static boolean endOfRegion(String list, int i) {
        return i >= list.length() || list.charAt(i) == ',' || Character.isWhitespace(list.charAt(i)); // end_of_region()
    }

    private static IllegalArgumentException bad(String errno, String list, int at) {
        int end = at;
        while (end < list.length() && !endOfRegion(list, end)) end++;
        return new IllegalArgumentException(errno + " at '" + list.substring(at, end) + "'");
    }
}
