package org.proxytorture.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The bug catalog's injected faults (proxytorture.inject=B05,B23): one switch per real bug of the
 * reference's section 2, each re-creating the buggy kernel at the exact code point the bug lived
 * (grep for "// Bnn (inject)"), and synthetic ones (Snn: a dropped re-check, a counter charged to
 * the wrong task...) that nobody reported but a patch could plausibly contain. Set once at boot; a disabled fault costs one field read.
 * The catalog itself (stories, scenarios, expected checkers) is org.proxytorture.explore.BugCatalog.
 */
public final class Faults {
    /** Every injectable fault, in catalog order. */
    public static final List<String> IDS = List.of("B01", "B02", "B03", "B05", "B11", "B12", "B18", "B23", "B25", "B27",
            "B28", "B31", "B32", "B35", "B42", "S01", "S02", "S03", "S04");

    /** No fault: the kernel as fixed. */
    public static final Faults NONE = new Faults(List.of());

    public final boolean b01, b02, b03, b05, b11, b12, b18, b23, b25, b27, b28, b31, b32, b35, b42;
    /** Synthetic faults (Snn): bugs a plausible patch could contain, not real ones; see BugCatalog. */
    public final boolean s01, s02, s03, s04;
    private final List<String> enabled;

    private Faults(List<String> ids) {
        enabled = List.copyOf(ids);
        b01 = ids.contains("B01");
        b02 = ids.contains("B02");
        b03 = ids.contains("B03");
        b05 = ids.contains("B05");
        b11 = ids.contains("B11");
        b12 = ids.contains("B12");
        b18 = ids.contains("B18");
        b23 = ids.contains("B23");
        b25 = ids.contains("B25");
        b27 = ids.contains("B27");
        b28 = ids.contains("B28");
        b31 = ids.contains("B31");
        b32 = ids.contains("B32");
        b35 = ids.contains("B35");
        b42 = ids.contains("B42");
        s01 = ids.contains("S01");
        s02 = ids.contains("S02");
        s03 = ids.contains("S03");
        s04 = ids.contains("S04");
    }

    /**
     * "B05,B23" (commas or spaces, case-insensitive; empty or "none" for no fault). Unknown entries
     * throw IllegalArgumentException with one line naming them and listing the accepted ones.
     */
    public static Faults parse(String csv) {
        if (csv == null || csv.isBlank() || csv.trim().equalsIgnoreCase("none")) return NONE;
        TreeSet<String> ids = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String tok : csv.trim().split("[,\\s]+")) {
            if (tok.isEmpty()) continue;
            String id = tok.toUpperCase(java.util.Locale.ROOT);
            if (IDS.contains(id)) ids.add(id);
            else unknown.add(tok);
        }
        if (!unknown.isEmpty())
            throw new IllegalArgumentException("unknown fault " + String.join(",", unknown) + " (accepted: " + String.join(" ", IDS) + ")");
        return new Faults(new ArrayList<>(ids));
    }

    /** The enabled faults, in id order. */
    public List<String> enabled() {
        return enabled;
    }

    public boolean any() {
        return !enabled.isEmpty();
    }

    @Override
    public String toString() {
        return enabled.isEmpty() ? "none" : String.join(",", enabled);
    }
}
