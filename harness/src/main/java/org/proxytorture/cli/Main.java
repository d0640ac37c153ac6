package org.proxytorture.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.proxytorture.config.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * scripts/proxytorture: run | bench | pidemo | explore | replay | shrink | bugs | soak | gate | report | help. Exit codes:
 * 0 success, 1 failure found, 2 bad input, 3 the harness itself failed.
 */
@Command(name = "proxytorture", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A locktorture-style stress harness for proxy execution, on an emulated SMP machine."
                + " Without a command: run with the default scenario.",
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:a command found a failure (see each command's help)", Main.EXIT_2, Main.EXIT_3},
        subcommands = {RunCommand.class, BenchCommand.class, PiDemoCommand.class, ExploreCommand.class, ReplayCommand.class, ShrinkCommand.class,
                BugsCommand.class, SoakCommand.class, GateCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** The harness itself failed (an exception outside the emulated kernel): a bug in proxytorture, not a finding. */
    public static final int EXIT_HARNESS_FAILED = 3;

    /** Every command's --help ends with its exit codes: these lines, and its own meaning of 1. */
    static final String EXIT_CODES_HEADING = "%nExit codes:%n";
    static final String EXIT_0 = "0:success";
    static final String EXIT_2 = "2:bad input: one line on stderr naming the problem and the accepted values";
    static final String EXIT_3 = "3:the harness itself failed (a bug in proxytorture, not a finding): one line on stderr naming the"
            + " file that holds the stack trace";

    @Override
    public void run() {
        // no subcommand: handled in execute() as "run" with the default scenario
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (Throwable t) { // an Error picocli does not catch (OutOfMemoryError, StackOverflowError)
            code = harnessFailed("proxytorture", t, args);
        }
        System.exit(code);
    }

    /** Runs the command line; with no arguments, the default scenario. */
    public static int execute(String... args) {
        return execute(configure(new CommandLine(new Main())), args);
    }

    /** Runs {@code args} on a command line {@link #configure}d as the real one (a test adds a command that throws). */
    static int execute(CommandLine cl, String... args) {
        String[] a = args.length == 0 ? new String[] {"run"} : args;
        try {
            return cl.execute(a);
        } catch (RuntimeException | Error e) { // thrown outside picocli's execution handler (an Error, or the handler's own failure)
            return harnessFailed("proxytorture", e, a);
        }
    }

    /**
     * The exception handlers and the version of every command: bad input is one line and exit 2;
     * anything else thrown by a command is the harness failing, exit 3.
     */
    static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("proxytorture: " + ex.getMessage().replace('\n', ' ').trim());
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException) {
                System.err.println("proxytorture: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            return harnessFailed("proxytorture", ex, parseResult.originalArgs().toArray(String[]::new));
        });
        versions(cl);
        return cl;
    }

    /** Every command's -V, subcommands' subcommands (soak status) too. */
    private static void versions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
            versions(sub);
        }
    }

    /**
     * Exit 3: one line on stderr saying the harness failed and where the stack trace went (a file
     * under java.io.tmpdir, with the command line and the version, for a bug report); the trace
     * itself on stderr only when no file can be written.
     */
    public static int harnessFailed(String program, Throwable t, String[] args) {
        StringWriter trace = new StringWriter();
        try (PrintWriter w = new PrintWriter(trace)) {
            w.println(Version.line() + ", model " + org.proxytorture.explore.ReplayFile.MODEL_VERSION + ", Java " + System.getProperty("java.version"));
            w.println("command line: " + program + " " + String.join(" ", args));
            t.printStackTrace(w);
        }
        String what = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse(""));
        String where;
        try {
            Path f = Files.createTempFile(program + "-harness-failed-", ".txt");
            Files.writeString(f, trace.toString(), StandardCharsets.UTF_8);
            where = "stack trace in " + f;
        } catch (IOException | RuntimeException e) {
            where = "stack trace below (cannot write a file: " + e.getMessage() + ")";
        }
        System.err.println(program + ": harness failed (a bug in proxytorture, not a finding): " + what + "; " + where);
        if (where.startsWith("stack trace below")) System.err.print(trace);
        System.err.flush();
        return EXIT_HARNESS_FAILED;
    }
}
