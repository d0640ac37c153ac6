package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.proxytorture.config.BadInputException;
import org.junit.jupiter.api.Tag;

/** kvm.sh's --duration (a bare number is minutes; s, m, h, d) for scripts/torture; a unit required elsewhere. */
@Tag("fast")
class DurationsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void kvmShDurations() {
        assertEquals(30 * 60 * S, Durations.parseKvm("--duration", "30"), "a bare number is minutes, as kvm.sh reads it");
        assertEquals(45 * S, Durations.parseKvm("--duration", "45s"));
        assertEquals(2 * 60 * S, Durations.parseKvm("--duration", "2m"));
        assertEquals(2 * 3600 * S, Durations.parseKvm("--duration", "2h"));
        assertEquals(86400 * S, Durations.parseKvm("--duration", "1d"));
        assertEquals(500_000_000L, Durations.parseKvm("--duration", "500ms"), "and short simulated runs");
        for (String bad : new String[] {"0", "0s", "-1", "1.5", "10x", "m", "", "99999999999999999999"})
            assertThrows(BadInputException.class, () -> Durations.parseKvm("--duration", bad), bad);
    }

    @Test
    void theHarnessCommandsWantAUnit() {
        assertEquals(30 * S, Durations.parse("--duration", "30s"));
        assertEquals(86400 * S, Durations.parse("--duration", "1d"));
        BadInputException e = assertThrows(BadInputException.class, () -> Durations.parse("--duration", "30"));
        assertTrue(e.getMessage().startsWith("--duration=30: no unit (accepted: 30s, 30ms, 30m"), e.getMessage());
        assertTrue(e.getMessage().contains("a bare number is minutes only in scripts/torture, as in kvm.sh"), e.getMessage());
    }
}
