package org.proxytorture.explore.shrink;

import java.util.ArrayList;
import java.util.List;

/**
 * How a fresh run is drawn ({@link org.proxytorture.explore.SparseChoices}): one choose() in
 * {@code forcedOneIn} forced (the first {@code burst} of them uniform), one window decision in
 * {@code agentOneIn}, rare events {@code rareThin} times rarer. The resampling strategies beside
 * the driver each hold their own table of these.
 */
record Density(int forcedOneIn, int agentOneIn, int rareThin, int burst) {

    /** Runs whose workload draws (lockset masks, shuffles) are uniform and window decisions one in 4096. */
    static final Density WORKLOAD_DENSE = new Density(1, 4096, 16, 0);

    /** A table from (one-in, rare-thinning) pairs: workload draws and window decisions equally sparse, no burst. */
    static Density[] table(int... pairs) {
        Density[] out = new Density[pairs.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = new Density(pairs[2 * i], pairs[2 * i], pairs[2 * i + 1], 0);
        return out;
    }

    /** {@code d} with {@code first} before it and {@code last} after it (each null: none). */
    static Density[] with(Density first, Density[] d, Density last) {
        List<Density> out = new ArrayList<>();
        if (first != null) out.add(first);
        out.addAll(List.of(d));
        if (last != null) out.add(last);
        return out.toArray(new Density[0]);
    }
}
