package org.proxytorture.run;

import java.util.List;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.torture.Console;
import org.proxytorture.config.RunConfig;

/**
 * One run to make: the scenario (machine shape, duration, kernel command line, and a seed or a
 * recorded choice list), where its decisions come from instead (an exploration strategy; null:
 * the config's), how far it goes, its observers, the coverage it must reach, and its console.
 */
public record RunRequest(RunConfig config, ChoiceSource choices, RunMode mode, List<RunObserver> observers,
        List<String> requireCoverage, Console console) {

    public RunRequest {
        observers = List.copyOf(observers);
        requireCoverage = List.copyOf(requireCoverage);
        if (console == null) console = new Console(null, false);
    }

    /** A run of {@code config} to the end, its console discarded. */
    public static RunRequest of(RunConfig config) {
        return new RunRequest(config, null, RunMode.FULL, List.of(), List.of(), null);
    }

    public RunRequest mode(RunMode m) {
        return new RunRequest(config, choices, m, observers, requireCoverage, console);
    }

    public RunRequest choices(ChoiceSource c) {
        return new RunRequest(config, c, mode, observers, requireCoverage, console);
    }

    public RunRequest observers(List<RunObserver> o) {
        return new RunRequest(config, choices, mode, o, requireCoverage, console);
    }

    public RunRequest requireCoverage(List<String> branches) {
        return new RunRequest(config, choices, mode, observers, branches, console);
    }

    /** The run's console printed to {@code out} as it runs (run's output). */
    public RunRequest printTo(java.io.PrintStream out) {
        return console(new Console(out, false));
    }

    public RunRequest console(Console c) {
        return new RunRequest(config, choices, mode, observers, requireCoverage, c);
    }
}
