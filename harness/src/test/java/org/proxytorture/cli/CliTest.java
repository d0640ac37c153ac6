package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line as a user meets it, in-process through {@link Main#execute}: exit codes
 * (0 success, 1 failure found, 2 bad input, 3 the harness failed: HelpAndExitCodesTest), one line
 * on stderr for bad input and no stack trace, and the kernel's words on stdout.
 */
class CliTest {
    record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Runs {@code Main.execute(args)} with System.out and System.err captured, then restores them. */
    static synchronized Outcome execute(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertNoStackTrace(Outcome o) {
        for (String s : List.of(o.out, o.err)) {
            assertFalse(s.contains("Exception"), () -> "an exception leaked:\n" + s);
            assertFalse(s.contains("at org."), () -> "a stack trace leaked:\n" + s);
            assertFalse(s.contains("at picocli."), () -> "a stack trace leaked:\n" + s);
        }
    }

    /** Exit 2, exactly one non-empty "proxytorture: ..." line on stderr naming {@code named}, no trace. */
    static void assertBadInput(Outcome o, String named) {
        assertEquals(Main.EXIT_BAD_INPUT, o.code, () -> "exit code; stderr:\n" + o.err + "stdout:\n" + o.out);
        List<String> lines = o.errLines();
        assertEquals(1, lines.size(), () -> "exactly one line on stderr, got:\n" + o.err);
        String line = lines.get(0);
        assertTrue(line.startsWith("proxytorture:") && line.length() > "proxytorture:".length() + 1,
                () -> "stderr line should start with 'proxytorture:' and say something: " + line);
        assertTrue(line.contains(named), () -> "stderr line should name " + named + ": " + line);
        assertNoStackTrace(o);
    }

    static Stream<Arguments> badBootargs() {
        return Stream.of(
                Arguments.of("locktorture.bogus=1", "locktorture.bogus"),
                // nested_locks=-1, rt_boost=3, writer_fifo=2, nwriters_stress=-2 and bad bind_* lists are the
                // kernel's to take (ParameterTableTest has every parameter's boundary values)
                Arguments.of("locktorture.nested_locks=four", "locktorture.nested_locks"),
                Arguments.of("locktorture.long_hold=1.5", "locktorture.long_hold"),
                Arguments.of("torture.random_shuffle=maybe", "torture.random_shuffle"),
                // The kernel's own wording ("invalid torture type"), which names the value but not
                // torture_type; see unknownTortureTypeNamesTheParameter.
                Arguments.of("locktorture.torture_type=foo", "\"foo\""),
                Arguments.of("locktorture.torture_type=rw_lock_irq", "locktorture.torture_type"),
                Arguments.of("locktorture.nwriters_stress=0", "nwriters_stress"));
    }

    @ParameterizedTest(name = "--bootargs \"{0}\"")
    @MethodSource("badBootargs")
    void badBootargIsBadInput(String bootargs, String named) {
        assertBadInput(execute("run", "--duration", "1ms", "--bootargs", bootargs), named);
    }

    @Test
    void unknownTortureTypeNamesTheParameter() {
        assertBadInput(execute("run", "--duration", "1ms", "--bootargs", "locktorture.torture_type=foo"), "torture_type");
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(List.of("run", "--cpus", "0"), "--cpus"),
                Arguments.of(List.of("run", "--cpus", "257"), "--cpus"),
                Arguments.of(List.of("run", "--cpus", "many"), "--cpus"),
                Arguments.of(List.of("run", "--duration", "ten"), "--duration"),
                Arguments.of(List.of("run", "--duration", "0s"), "--duration"),
                Arguments.of(List.of("run", "--duration", "-1s"), "--duration"),
                Arguments.of(List.of("run", "--duration", "30"), "no unit"), // kvm.sh's minutes are scripts/torture's; here a unit is asked for
                Arguments.of(List.of("run", "--seed", "x"), "--seed"),
                Arguments.of(List.of("run", "--hz", "5"), "--hz"),
                Arguments.of(List.of("run", "--frobnicate"), "--frobnicate"),
                Arguments.of(List.of("bench", "--checks", "maybe"), "--checks"),
                Arguments.of(List.of("--frobnicate"), "--frobnicate"),
                Arguments.of(List.of("frobnicate"), "frobnicate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void badOptionIsBadInput(List<String> args, String named) {
        assertBadInput(execute(args.toArray(String[]::new)), named);
    }

    @Test
    void shortMutexRunSucceedsInTheKernelsWords() {
        Outcome o = execute("run", "--cpus", "2", "--duration", "100ms", "--seed", "3");
        assertEquals(Main.EXIT_OK, o.code, () -> o.out + o.err);
        assertTrue(o.out.contains("mutex_lock-torture:--- Start of test"), o.out);
        assertTrue(Pattern.compile("Writes:  Total: \\d+  Max/Min: \\d+/\\d+ .*Fail: 0").matcher(o.out).find(), o.out);
        assertTrue(o.out.contains("End of test: SUCCESS"), o.out);
        assertFalse(o.out.contains("!!!"), o.out);
        assertEquals("", o.err);
        assertNoStackTrace(o);
    }

    @Test
    void lockBustedIsCaught() {
        Outcome o = execute("run", "--cpus", "4", "--duration", "1s", "--bootargs", "locktorture.torture_type=lock_busted");
        assertEquals(Main.EXIT_FAILURE, o.code, () -> o.out + o.err);
        assertTrue(o.out.contains("lock_busted-torture:--- Start of test"), o.out);
        assertTrue(Pattern.compile("Writes:  Total: \\d+  Max/Min: \\d+/\\d+ .*Fail: [1-9]\\d* !!!").matcher(o.out).find(), o.out);
        assertTrue(o.out.contains("End of test: FAILURE"), o.out);
        assertNoStackTrace(o);
    }

    @Test
    void sameSeedSameConsole() {
        String[] args = {"run", "--cpus", "2", "--duration", "20ms", "--seed", "11"};
        assertEquals(execute(args).out, execute(args).out);
    }

    @Test
    void helpAndVersionExitZero() {
        Outcome help = execute("run", "--help");
        assertEquals(Main.EXIT_OK, help.code);
        assertTrue(help.out.contains("--bootargs"), help.out);
        Outcome version = execute("--version");
        assertEquals(Main.EXIT_OK, version.code);
        assertTrue(version.out.startsWith("proxytorture "), version.out);
    }
}
