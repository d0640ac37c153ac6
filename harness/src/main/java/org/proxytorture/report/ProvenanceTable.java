package org.proxytorture.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.proxytorture.run.Provenance;

/** The provenance section every page has: each distinct provenance (model version, harness, commit, Java, host) and how many runs it holds. */
final class ProvenanceTable {
    private ProvenanceTable() { }

    /** {@code runsEach}: each provenance with its run count, in the order to show. */
    static void render(Page p, Map<Provenance, Long> runsEach) {
        p.h2("provenance", "Provenance");
        List<List<Object>> rows = new ArrayList<>();
        runsEach.forEach((v, n) -> rows.add(v.known() ? List.of(v.model(), v.harness(), v.commit(), v.java(), v.host(), n)
                : List.of("not recorded", "", "", "", "", n)));
        p.table("provenance-table", List.of("model version", "harness", "commit", "Java", "host", "runs"), rows);
    }
}
