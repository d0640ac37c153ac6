package org.proxytorture.explore;

import java.util.Arrays;
import org.proxytorture.sim.SplitMix64;

/**
 * The mutations of a targeted search's climb, each a small named change of a recorded choice
 * list (Hypothesis' optimiser and mutator work on its choice sequence the same way). A value is
 * drawn for the kind of decision it replaces ({@link RecordingChoices}: W which CPU first, R a
 * rare event, M which store a load sees, C a workload draw such as a lockset mask): a rare event
 * is mostly taken away, seldom added (a redrawn 2 there would be a long hold every time).
 */
enum Mutation {
    /** Redraw 1-4 decisions. */
    REDRAW("redraw") {
        @Override
        int apply(int[] m, int[] list, byte[] kinds, long at, SplitMix64 rng) {
            int end = 0;
            for (int j = 1 + rng.nextInt(4); j > 0; j--) {
                int p = position(m.length, at, rng);
                m[p] = value(kind(kinds, p), rng);
                end = Math.max(end, p + 1);
            }
            return end;
        }
    },
    /** Redraw 1-4 workload draws (lockset masks, shuffles): deep mutex chains need the masks, not a reordered schedule. */
    REDRAW_WORKLOAD("redraw_workload") {
        @Override
        int apply(int[] m, int[] list, byte[] kinds, long at, SplitMix64 rng) {
            int end = 0;
            for (int j = 1 + rng.nextInt(4); j > 0; j--) {
                int p = nearest(kinds, position(m.length, at, rng), RecordingChoices.CHOICE);
                m[p] = value(RecordingChoices.CHOICE, rng);
                end = Math.max(end, p + 1);
            }
            return end;
        }
    },
    /** Zero a block of 1-64 decisions: the unforced defaults (earliest CPU first, no rare event). */
    ZERO_BLOCK("zero_block") {
        @Override
        int apply(int[] m, int[] list, byte[] kinds, long at, SplitMix64 rng) {
            int from = position(m.length, at, rng), to = Math.min(m.length, from + 1 + rng.nextInt(64));
            Arrays.fill(m, from, to, 0);
            return to;
        }
    },
    /** Copy a block of 1-64 decisions over another, where the kinds match (a pattern of decisions repeated). */
    COPY_BLOCK("copy_block") {
        @Override
        int apply(int[] m, int[] list, byte[] kinds, long at, SplitMix64 rng) {
            int from = position(m.length, at, rng), to = position(m.length, at, rng);
            int n = Math.min(1 + rng.nextInt(64), m.length - Math.max(from, to));
            for (int j = 0; j < n; j++) if (kind(kinds, from + j) == kind(kinds, to + j)) m[to + j] = list[from + j];
            return to + n;
        }
    },
    /** One decision up or down by one (a rare event taken away, or seldom added). */
    NUDGE("nudge") {
        @Override
        int apply(int[] m, int[] list, byte[] kinds, long at, SplitMix64 rng) {
            int p = position(m.length, at, rng);
            if (kind(kinds, p) == RecordingChoices.RARE) m[p] = m[p] != 0 ? 0 : value(RecordingChoices.RARE, rng);
            else m[p] = m[p] == 0 || rng.nextInt(2) == 0 ? m[p] + 1 : m[p] - 1;
            return p + 1;
        }
    };

    /** The name in the profile. */
    final String label;

    Mutation(String label) {
        this.label = label;
    }

    /** Mutates {@code m} (a copy of {@code list}); returns one past the last position it touched. */
    abstract int apply(int[] m, int[] list, byte[] kinds, long at, SplitMix64 rng);

    /**
     * A position in a list of {@code len}: three times in four a log-uniform distance from
     * {@code at}, where the score was reached: before it (two in three: the decisions that made
     * it) or after it (the run keeps the score and draws another future from there); else uniform.
     */
    static int position(int len, long at, SplitMix64 rng) {
        if (at <= 0 || rng.nextInt(4) == 0) return rng.nextInt(len);
        int bits = 64 - Long.numberOfLeadingZeros(at);
        long d = rng.nextLong(1L << rng.nextInt(bits + 1));
        long p = rng.nextInt(3) == 0 ? at + d : at - 1 - d;
        return (int) Math.max(0, Math.min(len - 1, p));
    }

    /** A value for a decision of {@code kind}: clamped to its range when it is replayed. */
    static int value(byte kind, SplitMix64 rng) {
        return switch (kind) {
            case RecordingChoices.RARE -> rng.nextInt(16) == 0 ? 1 : 0; // a long hold lasts longdelay_ms * 5: most runs want none
            case RecordingChoices.LOAD -> rng.nextInt(2);
            case RecordingChoices.CHOICE -> rng.nextInt(256);
            default -> rng.nextInt(4); // a window decision: which of the concurrent CPUs
        };
    }

    /** The kind at {@code p}, a window decision if unknown. */
    static byte kind(byte[] kinds, int p) {
        return p < kinds.length ? kinds[p] : RecordingChoices.WINDOW;
    }

    /** The position of {@code kind} nearest before (else after) {@code p}; {@code p} if none within 4096. */
    static int nearest(byte[] kinds, int p, byte kind) {
        for (int d = 0; d < 4096; d++) {
            if (p - d >= 0 && kind(kinds, p - d) == kind) return p - d;
            if (p + d < kinds.length && kinds[p + d] == kind) return p + d;
        }
        return p;
    }
}
