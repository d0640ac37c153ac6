package org.proxytorture.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** scripts/proxytorture: run | bench | pidemo | explore | replay | shrink. Exit codes: 0 success, 1 failure found, 2 bad input. */
@Command(name = "proxytorture", mixinStandardHelpOptions = true, version = "proxytorture 0.1.0",
        description = "A locktorture-style stress harness for proxy execution, on an emulated SMP machine.",
        subcommands = {RunCommand.class, BenchCommand.class, PiDemoCommand.class, ExploreCommand.class, ReplayCommand.class, ShrinkCommand.class, BugsCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Override
    public void run() {
        // no subcommand: handled in main() as "run" with the default scenario
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; with no arguments, the default scenario. */
    public static int execute(String... args) {
        if (args.length == 0) args = new String[] {"run"};
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("proxytorture: " + ex.getMessage().replace('\n', ' ').trim());
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof org.proxytorture.config.BadInputException) {
                System.err.println("proxytorture: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
