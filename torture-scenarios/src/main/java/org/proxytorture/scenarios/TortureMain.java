package org.proxytorture.scenarios;

import org.proxytorture.cli.Main;
import org.proxytorture.config.BadInputException;
import picocli.CommandLine;

/**
 * scripts/torture: runs scenarios of configs/lock/ the way rcutorture's kvm.sh does, one child
 * JVM per scenario. Exit codes: 0 every run succeeded, 1 a run failed, 2 bad input or a scenario
 * that cannot run yet (one line on stderr naming the problem and the accepted values), 3 the harness
 * itself failed (here, or in a run's JVM).
 */
public final class TortureMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_HARNESS_FAILED = 3;

    private TortureMain() { }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (Throwable t) { // an Error picocli does not catch
            code = Main.harnessFailed("torture", t, args);
        }
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new TortureCommand());
        cl.setParameterExceptionHandler((ex, a) -> {
            String msg = ex.getMessage().replace('\n', ' ').trim();
            if (ex instanceof CommandLine.UnmatchedArgumentException || ex instanceof CommandLine.MissingParameterException)
                msg += " (accepted: " + String.join(" ", ex.getCommandLine().getCommandSpec().optionsMap().keySet().stream()
                        .filter(o -> o.startsWith("--")).sorted().toList()) + ")";
            System.err.println("torture: " + msg);
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException) {
                System.err.println("torture: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            return Main.harnessFailed("torture", ex, parseResult.originalArgs().toArray(String[]::new));
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) { // thrown outside picocli's execution handler
            return Main.harnessFailed("torture", e, args);
        }
    }
}
