package org.proxytorture.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A soak run's number alone says what it runs: slot {@code seq % slots} of round
 * {@code seq / slots}; each scenario runs consecutive seeds from the first, its N slots (N*NAME)
 * taking N seeds a round, as kvm.sh gives a repeat the next seed.
 */
@Tag("fast")
class SoakPlanTest {
    /** --configs "PROXY01 2*LOCK01" --seed 10: LOCK01's two slots share its seed sequence. */
    private static final SoakPlan PLAN = new SoakPlan(List.of(new SoakPlan.Slot("PROXY01", null, 0, 1),
            new SoakPlan.Slot("LOCK01", null, 0, 2), new SoakPlan.Slot("LOCK01", null, 1, 2)), 10);

    @Test
    void runsAreNumberedRoundByRound() {
        List<String> got = new ArrayList<>();
        for (long seq = 0; seq < 9; seq++) got.add(PLAN.at(seq).scenario() + ":" + PLAN.at(seq).seed());
        assertEquals(List.of("PROXY01:10", "LOCK01:10", "LOCK01:11",
                "PROXY01:11", "LOCK01:12", "LOCK01:13",
                "PROXY01:12", "LOCK01:14", "LOCK01:15"), got);
    }

    @Test
    void aRunNumberFarIntoTheSoakNeedsNoneBeforeIt() {
        RunSpec r = PLAN.at(3_000_001);
        // round 1_000_000, slot 1: LOCK01's first slot
        assertEquals("LOCK01", r.scenario());
        assertEquals(10 + 2 * 1_000_000L, r.seed());
        assertEquals(3_000_001, r.seq());
    }
}
