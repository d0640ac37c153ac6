package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.cli.CliTest.assertBadInput;
import static org.proxytorture.cli.CliTest.assertNoStackTrace;
import static org.proxytorture.cli.CliTest.execute;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;

/**
 * The CFS bandwidth bootargs as a user meets them: proxytorture.writer_cpu_max,
 * writer_cpu_weight and throttle_model; a bad value is one line naming the parameter and the
 * accepted values, exit 2.
 */
@Tag("fast")
class BandwidthBootargsTest {
    static Stream<Arguments> badBootargs() {
        return Stream.of(
                Arguments.of("proxytorture.throttle_model=cgroup", "task|group"),
                Arguments.of("proxytorture.writer_cpu_max=20000", "QUOTA_US,PERIOD_US"),
                Arguments.of("proxytorture.writer_cpu_max=20000,100000,5", "QUOTA_US,PERIOD_US"),
                Arguments.of("proxytorture.writer_cpu_max=fast,100000", "QUOTA_US,PERIOD_US"),
                Arguments.of("proxytorture.writer_cpu_max=500,100000", "QUOTA_US >= 1000"),
                Arguments.of("proxytorture.writer_cpu_max=20000,999", "PERIOD_US 1000..1000000"),
                Arguments.of("proxytorture.writer_cpu_max=max,2000000", "PERIOD_US 1000..1000000"),
                Arguments.of("proxytorture.writer_cpu_weight=0", "1..10000"),
                Arguments.of("proxytorture.writer_cpu_weight=10001", "1..10000"));
    }

    @ParameterizedTest(name = "--bootargs \"{0}\"")
    @MethodSource("badBootargs")
    void badBandwidthBootargIsOneLineNamingItAndTheAcceptedValues(String bootargs, String accepted) {
        CliTest.Outcome o = execute("run", "--duration", "1ms", "--bootargs", bootargs);
        assertBadInput(o, bootargs.substring(0, bootargs.indexOf('=')));
        assertTrue(o.err().contains(accepted), () -> "should list the accepted values (" + accepted + "): " + o.err());
    }

    @Test
    void writersInALimitedGroupRunToSuccessUnderEitherModel() {
        for (String model : new String[] {"task", "group"}) {
            CliTest.Outcome o = execute("run", "--cpus", "2", "--duration", "300ms", "--seed", "5", "--bootargs",
                    "locktorture.nested_locks=2 proxytorture.writer_cpu_max=20000,100000 proxytorture.writer_cpu_weight=50 proxytorture.throttle_model=" + model);
            assertEquals(Main.EXIT_OK, o.code(), () -> o.out() + o.err());
            assertTrue(o.out().contains("proxytorture: writers in task group lock_torture: cpu.max=20000 100000 cpu.weight=50 proxytorture.throttle_model=" + model), o.out());
            assertTrue(o.out().contains("End of test: SUCCESS"), o.out());
            assertNoStackTrace(o);
        }
    }
}
