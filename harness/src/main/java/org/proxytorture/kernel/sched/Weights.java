package org.proxytorture.kernel.sched;

/** kernel/sched/core.c sched_prio_to_weight[] / sched_prio_to_wmult[] and prio helpers. */
public final class Weights {
    private Weights() { }

    public static final int MAX_NICE = 19;
    public static final int MIN_NICE = -20;
    public static final int MAX_RT_PRIO = 100;
    public static final int DEFAULT_PRIO = MAX_RT_PRIO + 20;
    public static final int MAX_PRIO = MAX_RT_PRIO + 40;
    public static final long NICE_0_LOAD = 1024;
    /** Simplification: weights are kept unscaled (scale_load() is the identity here). */
    public static final long WEIGHT_IDLEPRIO = 3;
    public static final int WMULT_SHIFT = 32;
    public static final long WMULT_CONST = 0xFFFFFFFFL;

    public static final long[] SCHED_PRIO_TO_WEIGHT = {
        /* -20 */ 88761, 71755, 56483, 46273, 36291,
        /* -15 */ 29154, 23254, 18705, 14949, 11916,
        /* -10 */ 9548, 7620, 6100, 4904, 3906,
        /*  -5 */ 3121, 2501, 1991, 1586, 1277,
        /*   0 */ 1024, 820, 655, 526, 423,
        /*   5 */ 335, 272, 215, 172, 137,
        /*  10 */ 110, 87, 70, 56, 45,
        /*  15 */ 36, 29, 23, 18, 15,
    };

    public static final long[] SCHED_PRIO_TO_WMULT = {
        /* -20 */ 48388, 59856, 76040, 92818, 118348,
        /* -15 */ 147320, 184698, 229616, 287308, 360437,
        /* -10 */ 449829, 563644, 704093, 875809, 1099582,
        /*  -5 */ 1376151, 1717300, 2157191, 2708050, 3363326,
        /*   0 */ 4194304, 5237765, 6557202, 8165337, 10153587,
        /*   5 */ 12820798, 15790321, 19976592, 24970740, 31350126,
        /*  10 */ 39045157, 49367440, 61356676, 76695844, 95443717,
        /*  15 */ 119304647, 148102320, 186737708, 238609294, 286331153,
    };

    public static int niceToPrio(int nice) {
        return DEFAULT_PRIO + nice;
    }

    public static int prioToNice(int prio) {
        return prio - DEFAULT_PRIO;
    }

    public static long niceWeight(int nice) {
        return SCHED_PRIO_TO_WEIGHT[nice + 20];
    }

    /** __update_inv_weight(): WMULT_CONST / w. */
    public static long invWeight(long w) {
        if (w >= WMULT_CONST) return 1;
        if (w == 0) return WMULT_CONST;
        return WMULT_CONST / w;
    }

    /**
     * __calc_delta(): delta_exec * weight / lw.weight, computed as the kernel does, with the
     * inverse weight and a 32-bit fixed-point multiply.
     */
    public static long calcDelta(long deltaExec, long weight, long lwWeight, long lwInvWeight) {
        long fact = weight;
        int shift = WMULT_SHIFT;
        long factHi = fact >>> 32;
        if (factHi != 0) {
            int fs = 64 - Long.numberOfLeadingZeros(factHi);
            shift -= fs;
            fact >>>= fs;
        }
        fact = fact * lwInvWeight; // u32 x u32 fits in u64
        factHi = fact >>> 32;
        if (factHi != 0) {
            int fs = 64 - Long.numberOfLeadingZeros(factHi);
            shift -= fs;
            fact >>>= fs;
        }
        return mulU64U32Shr(deltaExec, fact, shift);
    }

    /** mul_u64_u32_shr(): (a * mul) >> shift with a 128-bit intermediate. */
    public static long mulU64U32Shr(long a, long mul, int shift) {
        long lo = a * mul;
        long hi = Math.multiplyHigh(a, mul) + ((a >> 63) & mul) + ((mul >> 63) & a); // unsigned high half
        if (shift == 0) return lo;
        return (lo >>> shift) | (hi << (64 - shift));
    }
}
