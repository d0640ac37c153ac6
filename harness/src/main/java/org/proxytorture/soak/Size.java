package org.proxytorture.soak;

import java.util.Comparator;

/**
 * How big a reproducer is, as the shrinker makes them smaller: a smaller machine first (CPUs, then
 * workload tasks), then fewer forced choices. A shrunk 2-CPU failure is smaller than an 8-CPU run
 * of the full scenario that happened to force fewer choices.
 */
public record Size(int cpus, int tasks, long forced) implements Comparable<Size> {
    private static final Comparator<Size> ORDER = Comparator.comparingInt(Size::cpus).thenComparingInt(Size::tasks).thenComparingLong(Size::forced);

    @Override
    public int compareTo(Size o) {
        return ORDER.compare(this, o);
    }

    /** "2 CPUs, 2 tasks, 622 forced choices". */
    public String describe() {
        return cpus + " CPUs, " + tasks + " tasks, " + forced + " forced choices";
    }
}
