package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;

/**
 * One broken invariant. Its {@link #identity()} (checker, invariant id, and the roles of the tasks
 * and locks involved, never pids or times) stays the same across runs and while a failing run is
 * shrunk; the rest says where and when, and what happened just before.
 *
 * @param roles "role=name" pairs such as "donor=lock_torture_wr", "lock=torture_mutex"
 * @param detail further lines of the report (a lockdep splat, a wait-for cycle)
 */
public record Violation(String checker, String invariant, List<String> roles, long timeNs, List<Integer> cpus,
        List<String> tasks, String message, List<String> detail, List<String> lastEvents) {

    public Violation {
        roles = List.copyOf(roles);
        cpus = List.copyOf(cpus);
        tasks = List.copyOf(tasks);
        detail = List.copyOf(detail);
        lastEvents = List.copyOf(lastEvents);
    }

    /** checker/invariant[roles]: what a shrinker keeps fixed. */
    public Identity identity() {
        return new Identity(checker, invariant, roles);
    }

    /** The report, kernel-console shaped: a headline, the details, the events before it. */
    public List<String> report() {
        List<String> out = new ArrayList<>();
        out.add(String.format("proxytorture: VIOLATION %s: %s", identity(), message));
        out.add(String.format("  at %d.%06d s, CPUs %s, tasks %s", timeNs / 1_000_000_000L, timeNs / 1000 % 1_000_000, cpus, tasks));
        out.addAll(detail);
        if (!lastEvents.isEmpty()) {
            out.add("  last events:");
            for (String e : lastEvents) out.add("    " + e);
        }
        return out;
    }
}
