package org.proxytorture.explore;

import java.util.Arrays;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;

/**
 * The outermost choice source of an exploration or shrinking run: passes every decision to the
 * strategy's source and notes, for each decision that source records, its kind (which the
 * schedule-aware shrink passes use), and counts the window-ordering decisions (PCT's steps k).
 */
public final class RecordingChoices implements ChoiceSource {
    /** Which of several concurrent CPUs runs first (EventLoop's window). */
    public static final byte WINDOW = 'W';
    /** A rare event drawn by oneIn(): a forced preemption, a long hold, a relaxed read of a stale CPU. */
    public static final byte RARE = 'R';
    /** Which store a load sees (the memory model's store buffers). */
    public static final byte LOAD = 'M';
    /** Any other choose(n): lockset masks, random_shuffle, hotplug CPUs, a scenario generator's draws. */
    static final byte CHOICE = 'C';

    private final ChoiceSource in;
    private final boolean keepKinds;
    private byte[] kinds = new byte[64];
    private int nkinds;
    private long windowSteps;

    public RecordingChoices(ChoiceSource in, boolean keepKinds) {
        this.in = in;
        this.keepKinds = keepKinds;
    }

    /** One kind per decision the source recorded meanwhile (PCT draws its priorities inside a window decision). */
    private void note(long before, byte kind) {
        if (!keepKinds) return;
        for (long i = before; i < in.log().size(); i++) {
            if (nkinds == kinds.length) kinds = Arrays.copyOf(kinds, nkinds * 2);
            kinds[nkinds++] = kind;
        }
    }

    @Override
    public int choose(int n) {
        long before = in.log().size();
        int v = in.choose(n);
        note(before, CHOICE);
        return v;
    }

    @Override
    public boolean oneIn(long oneIn) {
        long before = in.log().size();
        boolean v = in.oneIn(oneIn);
        note(before, RARE);
        return v;
    }

    @Override
    public boolean readsAgentIds() {
        return in.readsAgentIds();
    }

    @Override
    public int chooseAgent(int[] agents, int n) {
        windowSteps++;
        long before = in.log().size();
        int v = in.chooseAgent(agents, n);
        note(before, WINDOW);
        return v;
    }

    @Override
    public int chooseLoad(int n) {
        long before = in.log().size();
        int v = in.chooseLoad(n);
        note(before, LOAD);
        return v;
    }

    @Override
    public ChoiceLog log() {
        return in.log();
    }

    @Override
    public String describe() {
        return in.describe();
    }

    /** The kind of each recorded decision, in order (empty unless kinds are kept). */
    byte[] kinds() {
        return Arrays.copyOf(kinds, nkinds);
    }

    /** Window-ordering decisions taken (recorded or not): PCT's step count. */
    long windowSteps() {
        return windowSteps;
    }
}
