package org.proxytorture.sim;

/**
 * The k-th smallest of distinct packed keys, found in place without sorting them: the event loop's
 * choice of an agent among the concurrent ones in (time, id) order, where the choice source only
 * wants a position. Deterministic (median-of-three pivots, no randomness).
 */
final class KeySelect {
    private KeySelect() {
    }

    /** The key at position {@code k} (0-based) of {@code a[0..n)} in ascending order; reorders {@code a}. */
    static long kth(long[] a, int n, int k) {
        if (k < 0 || k >= n) throw new IllegalArgumentException("position " + k + " of " + n);
        if (k == 0) return min(a, n);
        int lo = 0, hi = n - 1;
        while (hi - lo > 16) {
            long pivot = medianOfThree(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        for (int i = lo + 1; i <= hi; i++) { // insertion sort of the last short range
            long v = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        return a[k];
    }

    private static long min(long[] a, int n) {
        long m = a[0];
        for (int i = 1; i < n; i++) if (a[i] < m) m = a[i];
        return m;
    }

    private static long medianOfThree(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
