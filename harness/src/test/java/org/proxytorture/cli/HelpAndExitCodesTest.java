package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.proxytorture.explore.Strategies;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.Tag;

/**
 * The harness failing is exit 3 with one line naming the file that holds the trace; every command
 * has help (also as {@code help COMMAND}), the version, its exit codes, and every option a
 * description and a readable label.
 */
@Tag("fast")
class HelpAndExitCodesTest {
    /** A command that fails the way a harness bug does: an exception no one expected. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("an internal invariant of the harness broke");
        }
    }

    @Test
    void anExceptionInsideTheHarnessExitsThreeWithOneLineAndTheTraceInAFile() throws Exception {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("boom", new Boom());
        PrintStream oldErr = System.err;
        var err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute(Main.configure(cl), "boom");
        } finally {
            System.setErr(oldErr);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_HARNESS_FAILED, code, e);
        assertEquals(1, e.lines().count(), () -> "one line:\n" + e);
        assertTrue(e.startsWith("proxytorture: harness failed (a bug in proxytorture, not a finding): java.lang.IllegalStateException: an internal"), e);
        assertFalse(e.contains("\tat "), "no trace on stderr");
        Matcher m = Pattern.compile("stack trace in (\\S+)$").matcher(e.strip());
        assertTrue(m.find(), e);
        Path trace = Path.of(m.group(1));
        try {
            String t = Files.readString(trace);
            assertTrue(t.contains("command line: proxytorture boom"), t);
            assertTrue(t.contains("at org.proxytorture.cli.HelpAndExitCodesTest$Boom.call"), t);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    @Test
    void helpCommandShowsACommandsHelp() {
        CliTest.Outcome all = CliTest.execute("help");
        assertEquals(Main.EXIT_OK, all.code(), all.err());
        assertTrue(all.out().contains("Commands:") && all.out().contains("explore"), all.out());
        CliTest.Outcome run = CliTest.execute("help", "run");
        assertEquals(Main.EXIT_OK, run.code(), run.err());
        assertEquals(CliTest.execute("run", "--help").out(), run.out(), "help run is run --help");
    }

    @Test
    void everyCommandPrintsTheVersion() {
        for (String cmd : commands()) {
            CliTest.Outcome o = CliTest.execute(cmd, "-V");
            assertEquals(Main.EXIT_OK, o.code(), cmd);
            assertTrue(o.out().startsWith("proxytorture ") && o.out().contains("model " + org.proxytorture.explore.ReplayFile.MODEL_VERSION),
                    cmd + " -V: " + o.out());
        }
        assertEquals(CliTest.execute("-V").out(), CliTest.execute("run", "-V").out());
    }

    @Test
    void everyCommandsHelpListsExitCodesZeroToThree() {
        for (String cmd : commands()) {
            String help = CliTest.execute(cmd, "--help").out();
            assertTrue(help.contains("Exit codes:"), cmd + ":\n" + help);
            for (String code : List.of("  0   ", "  1   ", "  2   bad input", "  3   the harness itself failed"))
                assertTrue(help.contains(code), cmd + " --help lacks exit code '" + code.trim() + "':\n" + help);
        }
    }

    @Test
    void everyOptionHasADescriptionAndAReadableLabel() {
        List<String> bad = new ArrayList<>();
        CommandLine cl = Main.configure(new CommandLine(new Main()));
        for (var e : cl.getSubcommands().entrySet()) {
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                String what = e.getKey() + " " + o.longestName();
                if (String.join("", o.description()).isBlank()) bad.add(what + ": no description");
                if (o.arity().max() > 0 && o.paramLabel().startsWith("<")) bad.add(what + ": label " + o.paramLabel());
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void strategyListsItsValues() {
        String help = CliTest.execute("explore", "--help").out();
        String line = help.substring(help.indexOf("--strategy"));
        line = line.substring(0, line.indexOf("\n  -", 1) > 0 ? line.indexOf("\n  -", 1) : line.length());
        for (String s : Strategies.NAMES) assertTrue(line.contains(s), "--strategy's help names " + s + ":\n" + line);
    }

    private static List<String> commands() {
        List<String> out = new ArrayList<>(Main.configure(new CommandLine(new Main())).getSubcommands().keySet());
        out.remove("help");
        return out;
    }
}
