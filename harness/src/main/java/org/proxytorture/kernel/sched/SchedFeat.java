package org.proxytorture.kernel.sched;

import java.util.List;

/**
 * sched_feat() (kernel/sched/features.h): the scheduler features the model can switch, by the
 * names /sys/kernel/debug/sched/features takes (proxytorture.sched_feat=NO_DELAY_DEQUEUE,...).
 * Every other feature is fixed at its mainline default. Set once at boot.
 */
public final class SchedFeat {
    /** The switchable features; each is also accepted as NO_&lt;name&gt;. */
    public static final List<String> NAMES = List.of("DELAY_DEQUEUE", "DELAY_ZERO");

    /** DELAY_DEQUEUE (6.12+, on): a sleeping non-eligible entity stays queued until it is picked or woken. */
    public final boolean delayDequeue;
    /** DELAY_ZERO (on): a delayed entity leaves with its lag clamped to at most 0. */
    public final boolean delayZero;

    /** The mainline defaults. */
    public static final SchedFeat DEFAULTS = new SchedFeat(true, true);

    public SchedFeat(boolean delayDequeue, boolean delayZero) {
        this.delayDequeue = delayDequeue;
        this.delayZero = delayZero;
    }

    /**
     * A comma-separated list of names and NO_names applied in order to the defaults.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SchedFeat parse(String list) {
        boolean dd = DEFAULTS.delayDequeue;
        boolean dz = DEFAULTS.delayZero;
        for (String tok : list.split(",", -1)) {
            String name = tok.trim();
            boolean on = !name.startsWith("NO_");
            switch (on ? name : name.substring(3)) {
                case "DELAY_DEQUEUE" -> dd = on;
                case "DELAY_ZERO" -> dz = on;
                default -> throw new IllegalArgumentException("unknown feature " + (name.isEmpty() ? "\"\"" : name) + " (accepted: " + accepted() + ")");
            }
        }
        return new SchedFeat(dd, dz);
    }

    /** "DELAY_DEQUEUE|NO_DELAY_DEQUEUE|DELAY_ZERO|NO_DELAY_ZERO, comma-separated". */
    public static String accepted() {
        StringBuilder b = new StringBuilder();
        for (String n : NAMES) b.append(b.length() == 0 ? "" : "|").append(n).append("|NO_").append(n);
        return b + ", comma-separated";
    }

    /** As the features file would list the switchable ones: DELAY_DEQUEUE,NO_DELAY_ZERO. */
    @Override
    public String toString() {
        return (delayDequeue ? "" : "NO_") + "DELAY_DEQUEUE," + (delayZero ? "" : "NO_") + "DELAY_ZERO"; // coverage: not model (text)
    }
}
