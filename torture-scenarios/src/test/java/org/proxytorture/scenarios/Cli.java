package org.proxytorture.scenarios;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** scripts/torture's entry point, {@link TortureMain#execute}, and the harness's, with stdout and stderr captured. */
final class Cli {
    record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        void assertNoStackTrace() {
            for (String s : List.of(out, err)) {
                assertFalse(s.contains("Exception"), () -> "an exception leaked:\n" + s);
                assertFalse(s.contains("\tat ") || s.contains(" at org.") || s.contains(" at java."), () -> "a stack trace leaked:\n" + s);
            }
        }
    }

    private Cli() { }

    static Outcome torture(String... args) {
        return capture(() -> TortureMain.execute(args));
    }

    /** The harness's own command line (scripts/proxytorture), {@code org.proxytorture.cli.Main#execute}. */
    static Outcome proxytorture(String... args) {
        return capture(() -> org.proxytorture.cli.Main.execute(args));
    }

    private static synchronized Outcome capture(java.util.function.IntSupplier main) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = main.getAsInt();
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
