package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.explore.shrink.ChoiceLists;
import org.proxytorture.run.FailureTime;

/**
 * The shrunk failure, short enough to read (at most {@link #MAX_LINES} lines): the recipe, the
 * forced decisions by kind, then the failure's report (the checker's lines and the events just
 * before it, or locktorture's last console lines).
 */
public final class Timeline {
    public static final int MAX_LINES = 60;

    private Timeline() { }

    /** Lines before the report: failure, scenario, machine, forced decisions. */
    private static final int HEAD_LINES = 4;

    /** How many lines the timeline of {@code o} has before any cut: more than {@link #MAX_LINES} means it was cut. */
    public static int length(Outcome o) {
        return HEAD_LINES + o.report().size();
    }

    public static List<String> render(Target target, int[] choices, Outcome o) {
        List<String> out = new ArrayList<>();
        out.add("failure: " + o.identity());
        out.add("scenario: " + target.describe());
        // the phase too: a failure after a short test's end (in the stop grace) would otherwise contradict the test's length
        String when = o.when().phase() != FailureTime.Phase.NONE ? o.when().describe()
                : String.format("failed at %d.%06d s", o.simNs() / 1_000_000_000L, o.simNs() / 1000 % 1_000_000);
        out.add(String.format("machine: %d CPUs, %d tasks; %d decisions, %d forced; event hash %s; %s",
                o.cpus(), o.tasks(), choices.length, ChoiceLists.forced(choices), o.hashHex(), when));
        StringBuilder f = new StringBuilder("forced decisions (#index kind=value; W which CPU first, R rare event, M which store a load saw, C other):");
        int shown = 0;
        byte[] kinds = o.kinds();
        for (int i = 0; i < choices.length; i++) {
            if (choices[i] == 0) continue;
            if (shown++ == 24) {
                f.append(" ...");
                break;
            }
            f.append(" #").append(i).append(' ').append(i < kinds.length ? (char) kinds[i] : '?').append('=').append(choices[i]);
        }
        out.add(f.toString());
        for (String l : o.report()) {
            if (out.size() == MAX_LINES - 1) {
                out.add("  ... (" + (o.report().size() - (MAX_LINES - 5)) + " more report lines)");
                break;
            }
            out.add(l);
        }
        return out;
    }
}
