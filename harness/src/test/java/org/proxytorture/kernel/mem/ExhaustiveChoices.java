package org.proxytorture.kernel.mem;

import java.util.Arrays;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;

/**
 * Enumerates every choice list depth-first: one run replays a prefix and reads 0 past its end,
 * recording each decision's value and range; {@link #next()} then increments the last decision
 * that has a larger value left and cuts the list after it. Every execution of a finite program is
 * visited exactly once.
 */
final class ExhaustiveChoices implements ChoiceSource {
    private int[] prefix = new int[0];
    private int[] values = new int[64];
    private int[] ranges = new int[64];
    private int taken;
    private ChoiceLog log = new ChoiceLog();

    /** Starts the next run; false once every choice list has been run. */
    boolean next() {
        for (int i = taken - 1; i >= 0; i--) {
            if (values[i] + 1 < ranges[i]) {
                prefix = Arrays.copyOf(values, i + 1);
                prefix[i]++;
                taken = 0;
                log = new ChoiceLog();
                return true;
            }
        }
        return false;
    }

    @Override
    public int choose(int n) {
        if (n <= 1) return 0;
        int v = taken < prefix.length ? prefix[taken] : 0;
        if (taken == values.length) {
            values = Arrays.copyOf(values, taken * 2);
            ranges = Arrays.copyOf(ranges, taken * 2);
        }
        values[taken] = v;
        ranges[taken++] = n;
        log.append(v);
        return v;
    }

    @Override
    public boolean oneIn(long oneIn) {
        if (oneIn <= 1) return oneIn == 1;
        return choose(2) == 1;
    }

    @Override
    public ChoiceLog log() {
        return log;
    }

    @Override
    public String describe() {
        return "exhaustive enumeration";
    }
}
