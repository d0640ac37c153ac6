package org.proxytorture.sim;

/**
 * A running 64-bit hash over the event stream: two runs with the same hash executed the same
 * atomic sections, at the same simulated times, on the same CPUs, in the same order.
 */
public final class EventHash {
    private long h = 0x6A09E667F3BCC909L;
    private long events;

    public void mix(long x) {
        long z = (h ^ x) * 0x9E3779B97F4A7C15L;
        h = z ^ (z >>> 29);
    }

    public void mix(long a, long b) {
        mix(a);
        mix(b);
    }

    /** Counts one executed atomic section (the unit of the events/s benchmark). */
    public void event(long time, int cpu, int kind) {
        events++;
        mix(time);
        mix(((long) cpu << 32) | (kind & 0xFFFFFFFFL));
    }

    public long value() {
        long z = h;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    public long events() {
        return events;
    }

    public static String hex(long h) {
        return String.format("%016x", h);
    }
}
