package org.proxytorture.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.config.BadInputException;
import org.junit.jupiter.api.Tag;

/** The gate set's syntax: directives, seeds ranges, defaults, and one-line errors naming the line. */
@Tag("fast")
class GateSetTest {
    private static final long MS = 1_000_000L;

    private static GateSet parse(String... lines) {
        return GateSet.parse("TEST", List.of(lines), v -> {
            if (!v.endsWith("ms")) throw new BadInputException("bad duration '" + v + "' (accepted: Nms in this test)");
            return Long.parseLong(v.substring(0, v.length() - 2)) * MS;
        });
    }

    private static String error(String... lines) {
        return assertThrows(BadInputException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void eachDirectiveExpandsItsSeedsIntoNamedRuns() {
        GateSet s = parse("# a comment", "duration 200ms", "scenario PROXY01 seeds=1-2 pin  # pinned",
                "scenario PROXY01 seeds=1 label=PROXY01-spin bootargs=\"proxytorture.mutex_spin=0 sched_proxy_exec=1\"",
                "detect B05 seeds=3 duration=900ms", "clean B05 seeds=1");
        assertEquals(List.of("PROXY01.seed1", "PROXY01.seed2", "PROXY01-spin.seed1", "B05.seed3", "B05.clean.seed1"),
                s.runs().stream().map(GateRun::name).toList());
        GateRun.Scenario spin = (GateRun.Scenario) s.runs().get(2);
        assertEquals("PROXY01", spin.scenario());
        assertEquals("proxytorture.mutex_spin=0 sched_proxy_exec=1", spin.bootargs().toString());
        assertTrue(s.runs().get(0).pinned());
        assertEquals(200 * MS, s.runs().get(0).durationNs(), "the duration line's default");
        assertEquals(900 * MS, s.runs().get(3).durationNs());
        assertEquals("catalog.B05", s.runs().get(3).suite());
    }

    @Test
    void badInputNamesTheLineAndWhatIsAccepted() {
        assertEquals("gate set TEST line 1: unknown directive 'scenarios' (accepted: duration, scenario, detect, clean)",
                error("scenarios PROXY01 seeds=1"));
        assertEquals("gate set TEST line 2: bad seeds '2-1' (accepted: N or A-B, 1 <= A <= B, at most 1000 seeds)",
                error("", "scenario PROXY01 seeds=2-1"));
        assertTrue(error("scenario PROXY01").endsWith("scenario PROXY01: seeds=A-B is required"));
        assertTrue(error("detect B99 seeds=1").startsWith("gate set TEST line 1: unknown catalog entry 'B99' (accepted: "));
        assertTrue(error("detect B05 seeds=1 label=x").contains("bad option 'label=x'"));
        assertTrue(error("scenario PROXY01 seeds=1", "scenario PROXY01 seeds=1").contains("line 2: run PROXY01.seed1 twice"));
        assertTrue(error("scenario PROXY01 seeds=1 bootargs=\"a=b").endsWith("an unclosed double quote"));
        assertTrue(error("duration 1s").contains("bad duration '1s'"));
        assertEquals("gate set TEST: no runs (directives: duration, scenario, detect, clean)", error("# nothing"));
    }
}
