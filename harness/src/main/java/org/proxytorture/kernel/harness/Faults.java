package org.proxytorture.kernel.harness;

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
    public static final List<String> IDS = List.of("B01", "B02", "B03", "B05", "B11", "B12", "B17", "B18", "B23", "B25", "B27",
            "B28", "B31", "B32", "B35", "B42", "S01", "S02", "S03", "S04",
            "S05", "S06", "S07", "S08", "S09", "S10", "S11", "S12", "S13", "S14", "S15", "S16", "S17",
            "S18", "S19", "S20", "S21", "S22", "S23", "S24", "S25", "S26", "S27", "S28", "S29", "S30");

    /** No fault: the kernel as fixed. */
    public static final Faults NONE = new Faults(List.of());

    public final boolean b01, b02, b03, b05, b11, b12, b17, b18, b23, b25, b27, b28, b31, b32, b35, b42;
    /** Synthetic faults (Snn): bugs a plausible patch could contain, not real ones; see BugCatalog. */
    public final boolean s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12, s13, s14,
            s15, s16, s17, s18, s19, s20, s21, s22, s23, s24, s25, s26, s27, s28, s29, s30;
    private final List<String> enabled;

    private Faults(List<String> ids) {
        enabled = List.copyOf(ids);
        b01 = ids.contains("B01");
        b02 = ids.contains("B02");
        b03 = ids.contains("B03");
        b05 = ids.contains("B05");
        b11 = ids.contains("B11");
        b12 = ids.contains("B12");
        b17 = ids.contains("B17");
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
        s05 = ids.contains("S05");
        s06 = ids.contains("S06");
        s07 = ids.contains("S07");
        s08 = ids.contains("S08");
        s09 = ids.contains("S09");
        s10 = ids.contains("S10");
        s11 = ids.contains("S11");
        s12 = ids.contains("S12");
        s13 = ids.contains("S13");
        s14 = ids.contains("S14");
        s15 = ids.contains("S15");
        s16 = ids.contains("S16");
        s17 = ids.contains("S17");
        s18 = ids.contains("S18");
        s19 = ids.contains("S19");
        s20 = ids.contains("S20");
        s21 = ids.contains("S21");
        s22 = ids.contains("S22");
        s23 = ids.contains("S23");
        s24 = ids.contains("S24");
        s25 = ids.contains("S25");
        s26 = ids.contains("S26");
        s27 = ids.contains("S27");
        s28 = ids.contains("S28");
        s29 = ids.contains("S29");
        s30 = ids.contains("S30");
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
