package org.proxytorture.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** A reproducer is smaller on a smaller machine first, then with fewer forced choices: the shrinker's order. */
@Tag("fast")
class SizeTest {
    @Test
    void aSmallerMachineBeatsFewerForcedChoices() {
        Size shrunk = new Size(2, 2, 622);
        Size lucky = new Size(8, 16, 319);
        assertTrue(shrunk.compareTo(lucky) < 0, "a shrunk 2-CPU failure is smaller than an 8-CPU run that forced fewer choices");
        assertTrue(new Size(2, 2, 600).compareTo(shrunk) < 0);
        assertTrue(new Size(2, 3, 1).compareTo(shrunk) > 0);
    }
}
