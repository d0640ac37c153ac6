package org.proxytorture.check;

import java.util.List;

/**
 * The kernel's WARN_ON_ONCE()s (core.warnOnce()) as violations: each distinct WARN text, with
 * numbers and pids stripped ("CPU 3" -> "CPU N", "lock_torture_wr:12" -> "lock_torture_wr"), is
 * the invariant of a violation "warn/&lt;text&gt;", so a WARN has a stable identity across seeds and
 * while a run is shrunk.
 */
final class WarnChecker implements Checker {
    private final Checks checks;

    WarnChecker(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "warn";
    }

    @Override
    public void warn(long now, int cpu, String what) {
        checks.report(this, Identity.withoutNumbers(what), "WARNING: " + what, List.of(), cpu < 0 ? List.of() : List.of(cpu));
    }
}
