package org.proxytorture.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.proxytorture.cli.Main;

/** The README's first command: with no arguments, the default scenario runs to SUCCESS. */
class DefaultScenarioTest {
    @Test
    void theDefaultScenarioRunsToSuccess() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = Main.execute();
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        assertTrue(out.contains("mutex_lock-torture:--- Start of test: "), out);
        assertTrue(out.contains(" nested_locks=4 "), "the default scenario nests 4 locks");
        // 10 s of simulated time, then the writers stop (a stutter pause may take a few hundred ms)
        assertTrue(out.matches("(?s).*\\[ +10\\.\\d{6}\\] mutex_lock-torture:--- End of test.*"), "it ran 10 s of simulated time");
        assertTrue(out.contains("mutex_lock-torture:--- End of test: SUCCESS"), out);
        assertTrue(out.matches("(?s).*event hash [0-9a-f]{16}.*"), "the event hash is printed");
    }
}
