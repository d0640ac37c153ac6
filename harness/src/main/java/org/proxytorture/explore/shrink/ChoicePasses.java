package org.proxytorture.explore.shrink;

import static org.proxytorture.explore.shrink.ChoiceLists.delete;

import java.util.Arrays;

/**
 * The passes over the best failure's choice list (replayed lists, no fresh runs): each is one
 * {@link ShrinkPass.Step}, and each keeps a candidate only if it fails the same way and is
 * simpler ({@link ChoiceLists}). {@link Shrinker#ROUND} puts them in order.
 */
final class ChoicePasses {
    private ChoicePasses() { }

    /** zero_all: the all-default schedule (an empty list reads as zeros). */
    static boolean zeroAll(Shrinker s, String pass) {
        return s.best.length > 0 && s.attempt(pass, s.target, new int[0], false);
    }

    /** Positions of forced choices, of one kind (0: any). */
    static int[] forcedPositions(Shrinker s, byte kind) {
        byte[] kinds = s.bestOutcome.kinds();
        int[] out = new int[s.best.length];
        int n = 0;
        for (int i = 0; i < s.best.length; i++) {
            if (s.best[i] == 0) continue;
            if (kind != 0 && (i >= kinds.length || kinds[i] != kind)) continue;
            out[n++] = i;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Zeroes the forced choices of a kind (0: any) in chunks, halving the chunk size (delta
     * debugging's complement step): O(m log n) runs for m choices that matter among n forced ones.
     */
    static boolean zeroChunks(Shrinker s, String pass, byte kind) {
        boolean any = false;
        int[] pos = forcedPositions(s, kind);
        for (int size = Math.max(1, pos.length / 2); size >= 1 && pos.length > 0 && !s.stop(); size /= 2) {
            for (int from = 0; from < pos.length && !s.stop(); ) {
                int[] c = s.best.clone();
                for (int j = from; j < Math.min(pos.length, from + size); j++) if (pos[j] < c.length) c[pos[j]] = 0;
                if (s.attempt(pass, s.target, c, false)) {
                    any = true;
                    pos = forcedPositions(s, kind); // the list changed; go on from the same place
                } else {
                    from += size;
                }
            }
            if (size == 1) break;
        }
        return any;
    }

    /** Runs delete_spans may take per round (moving forced choices earlier included). */
    static final int DELETE_BUDGET = 64;

    /**
     * delete_spans: deletes 8, 4, 2 or 1 choices just before each forced choice (moving it
     * earlier), or starting at it (dropping it, and shifting the decisions after it).
     */
    static boolean deleteSpans(Shrinker s, String pass) {
        long budget = s.calls + DELETE_BUDGET; // a per-round limit: it rarely pays on schedules, and each try is a whole run
        boolean any = moveForcedEarlier(s, pass, budget);
        for (int k : new int[] {8, 4, 2, 1}) {
            int[] pos = forcedPositions(s, (byte) 0);
            for (int j = pos.length - 1; j >= 0 && !s.stop() && s.calls < budget; j--) {
                int i = pos[j];
                if (i > 0 && i <= s.best.length) any |= s.attempt(pass, s.target, delete(s.best, Math.max(0, i - k), i), false);
                if (i < s.best.length && !s.stop()) any |= s.attempt(pass, s.target, delete(s.best, i, Math.min(s.best.length, i + k)), false);
            }
        }
        return any;
    }

    /**
     * Hypothesis' adaptive deletion: before each forced choice, deletes the longest run of
     * choices it can (doubling the length while the failure stays, then a binary search), so a
     * forced choice deep in a long run moves to the front in O(log n) runs instead of O(n).
     */
    private static boolean moveForcedEarlier(Shrinker s, String pass, long budget) {
        boolean any = false;
        int[] pos = forcedPositions(s, (byte) 0);
        for (int j = 0; j < pos.length && !s.stop() && s.calls < budget; j++) {
            int i = pos[j];
            int prev = j == 0 ? 0 : pos[j - 1] + 1; // only the zeros between this forced choice and the one before
            if (i <= prev || i > s.best.length) continue;
            int ok = 0, k = 1;
            while (k <= i - prev && !s.stop() && s.attempt(pass, s.target, delete(s.best, i - ok - k, i - ok), false)) {
                ok += k; // best lost ok choices before position i; the forced one is now at i - ok
                any = true;
                k *= 2;
                if (i - ok - k < prev) k = i - ok - prev;
                if (k <= 0) break;
            }
            int lo = 1, hi = k - 1; // a binary search for what is left below the failed length
            while (lo <= hi && !s.stop() && i - ok - lo >= prev) {
                int mid = (lo + hi) >>> 1;
                if (s.attempt(pass, s.target, delete(s.best, i - ok - mid, i - ok), false)) {
                    ok += mid;
                    any = true;
                    hi = Math.min(hi - mid, i - ok - prev);
                } else {
                    hi = mid - 1;
                }
            }
            pos = forcedPositions(s, (byte) 0);
        }
        return any;
    }

    /** lower_values: each forced value above 1 to 1, else by binary search to the lowest that still fails. */
    static boolean lowerValues(Shrinker s, String pass) {
        boolean any = false;
        int[] pos = forcedPositions(s, (byte) 0);
        for (int j = 0; j < pos.length && !s.stop(); j++) {
            int i = pos[j];
            if (i >= s.best.length || s.best[i] <= 1) continue;
            int lo = 1, hi = s.best[i]; // hi fails; find the lowest value that does
            while (lo < hi && !s.stop()) {
                int mid = (lo + hi) >>> 1;
                int[] c = s.best.clone();
                c[i] = mid;
                if (s.attempt(pass, s.target, c, false)) {
                    any = true;
                    if (i >= s.best.length || s.best[i] == 0) break;
                    hi = s.best[i];
                } else {
                    lo = mid + 1;
                }
            }
        }
        return any;
    }
}
