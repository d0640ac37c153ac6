package org.proxytorture.sim;

/**
 * A seeded 64-bit generator (Steele, Lea and Flood's SplitMix64). Written out here rather than
 * taken from java.util so that a seed means the same stream on every JDK.
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in 0..bound-1, bound > 0; Lemire's multiply-shift with rejection. */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) return r & m;
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) { }
        return r;
    }

    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }
}
