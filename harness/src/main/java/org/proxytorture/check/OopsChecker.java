package org.proxytorture.check;

import java.util.List;

/**
 * Kernel oopses (Core.oops(): a NULL dereference or BUG() the real kernel would hit at the same
 * place) as violations "oops/&lt;bug&gt; in &lt;function&gt;". The oops also ends the run.
 */
final class OopsChecker implements Checker {
    private final Checks checks;

    OopsChecker(Checks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "oops";
    }

    @Override
    public void oops(long now, int cpu, String what) {
        checks.report(this, Identity.withoutNumbers(what), what, List.of(), cpu < 0 ? List.of() : List.of(cpu));
    }
}
