package org.proxytorture.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** KeySelect.kth is the sorted array's k-th element, for every k, on shapes quickselect gets wrong. */
@Tag("fast")
class KeySelectTest {

    @Test
    void everyPositionOfRandomDistinctKeysIsTheSortedOnes() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int n : new int[] {1, 2, 3, 16, 17, 18, 100, 1000}) {
            long[] keys = rng.longs(n * 4L, 0, 1L << 40).distinct().limit(n).toArray();
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < keys.length; k++) assertEquals(sorted[k], KeySelect.kth(keys.clone(), keys.length, k), "n " + n + " k " + k);
        }
    }

    @Test
    void ascendingDescendingAndOrganPipeKeys() {
        int n = 500;
        long[][] shapes = {new long[n], new long[n], new long[n]};
        for (int i = 0; i < n; i++) {
            shapes[0][i] = i;
            shapes[1][i] = n - i;
            shapes[2][i] = i < n / 2 ? 2L * i : 2L * (n - i) + 1;
        }
        for (long[] keys : shapes) {
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < n; k += 7) assertEquals(sorted[k], KeySelect.kth(keys.clone(), n, k));
        }
    }
}
