package org.proxytorture.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** summary.json: what toJson writes, parse reads back, whatever the strings hold; a missing figure is named. */
@Tag("fast")
class RunSummaryTest {
    private static final RunSummary RUN = new RunSummary("LOCK02", 7, 4, 1000, 2_000_000_000L, "locktorture.nested_locks=4",
            "locktorture", "FAILURE", 123, 1, 45_678, "ad49d71e991fdc72", 900, 12,
            "Writes:  Total: 123  Max/Min: 40/10 ???  Fail: 1 !!!", List.of("warn/x: \"quoted\"\r\n\ttab\\", "second"), 812);

    @Test
    void whatItWritesReadsBack() {
        assertEquals(RUN, RunSummary.parse(RUN.toJson()));
        RunSummary notRun = RunSummary.notRun(null, 1, 2, 250, 1_000_000L, "", "NOT_MODELLED", "why\u0001", 5);
        assertEquals(notRun, RunSummary.parse(notRun.toJson()));
    }

    @Test
    void oneFieldPerLineArraysOnOneLine() {
        String json = RUN.toJson();
        assertTrue(json.startsWith("{\n  \"scenario\": \"LOCK02\",\n  \"seed\": 7,\n"), json);
        assertTrue(json.contains("\n  \"failures\": [\"warn/x: \\\"quoted\\\"\\r\\n\\ttab\\\\\", \"second\"],\n"), json);
        assertTrue(json.endsWith("\n  \"wall_ms\": 812\n}\n"), json);
    }

    @Test
    void aMissingFigureOrBadJsonIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunSummary.parse(RUN.toJson().replace("\"fails\": 1", "\"fails\": \"1\"")));
        assertEquals("summary.json: no number \"fails\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunSummary.parse("{\"seed\": "));
        assertTrue(e.getMessage().startsWith("summary.json: Unexpected end-of-input"), e.getMessage());
    }
}
