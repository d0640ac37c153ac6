package org.proxytorture.explore.shrink;

import java.util.Arrays;
import org.proxytorture.sim.ChoiceLog;

/**
 * Choice lists as the shrinker orders them (Hypothesis' sort_key, with forced choices first): a
 * list is simpler when it has fewer forced (non-zero) choices, then fewer choices, then smaller
 * values, earliest first. A consumed list is compared without its trailing zeros (an exhausted
 * list reads as zeros).
 */
public final class ChoiceLists {
    private ChoiceLists() { }

    /** A consumed list, with the zeros at its end dropped. */
    public static int[] canonical(ChoiceLog log) {
        int[] a = log.toArray();
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) n--;
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    /** The forced (non-zero) choices of {@code a}. */
    public static long forced(int[] a) {
        long n = 0;
        for (int v : a) if (v != 0) n++;
        return n;
    }

    /** Shortlex on (forced choices, length, values). */
    static int compare(int[] a, int[] b) {
        int c = Long.compare(forced(a), forced(b));
        if (c != 0) return c;
        c = Integer.compare(a.length, b.length);
        return c != 0 ? c : Arrays.compare(a, b);
    }

    /** {@code a} without its positions {@code from} (inclusive) to {@code to} (exclusive). */
    static int[] delete(int[] a, int from, int to) {
        int[] c = new int[a.length - (to - from)];
        System.arraycopy(a, 0, c, 0, from);
        System.arraycopy(a, to, c, from, a.length - to);
        return c;
    }
}
