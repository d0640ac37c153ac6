package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import org.proxytorture.config.RunConfig;
import org.proxytorture.config.BadInputException;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.mem.MemoryModel;
import org.junit.jupiter.api.Tag;

/** proxytorture.memory_model: tso by default, carried into the machine at boot, a bad value refused naming the accepted ones. */
@Tag("fast")
class MemoryModelParamTest {
    private static MemoryModel booted(String bootargs) {
        RunConfig cfg = new RunConfig(2, 1000, 1_000_000L, bootargs, 1, null);
        TortureRun run = Checking.checked(cfg, new Console(new PrintStream(new ByteArrayOutputStream()), false)).boot();
        return run.core().mem.model;
    }

    @Test
    void defaultIsTsoAndEachModelReachesTheMachine() {
        assertEquals(MemoryModel.TSO, TortureParams.fromBootArgs(BootArgs.parse(""), 2).memoryModel);
        assertEquals(MemoryModel.TSO, booted(""));
        for (MemoryModel m : MemoryModel.values()) assertEquals(m, booted("proxytorture.memory_model=" + m.label));
    }

    @Test
    void unknownModelIsRefusedNamingTheAcceptedValues() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> TortureParams.fromBootArgs(BootArgs.parse("proxytorture.memory_model=pso"), 2));
        assertTrue(e.getMessage().contains("proxytorture.memory_model=pso") && e.getMessage().contains("sc|tso|arm64"), e.getMessage());
    }
}
