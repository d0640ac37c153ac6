package org.proxytorture.sim;

/**
 * Decisions read back from a recorded list. Values too large for the decision at hand are
 * clamped to n-1 (so a smaller value is never a more complex decision); past the end of the
 * list every decision is 0. The decisions actually taken are recorded again, so a replay has a
 * log of its own that replays to the same run.
 */
public final class ReplayChoices implements ChoiceSource {
    private final ChoiceLog.Reader in;
    private final long recorded;
    private final ChoiceLog log = new ChoiceLog();

    public ReplayChoices(ChoiceLog recorded) {
        this.in = recorded.reader();
        this.recorded = recorded.size();
    }

    public static ReplayChoices of(int... values) {
        ChoiceLog l = new ChoiceLog();
        for (int v : values) l.append(v);
        return new ReplayChoices(l);
    }

    @Override
    public int choose(int n) {
        if (n <= 1) return 0;
        int v = in.hasNext() ? Math.min(in.next(), n - 1) : 0;
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
        return "replay of " + recorded + " recorded choices";
    }
}
