package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.Strategies;
import org.proxytorture.explore.Strategy;
import org.proxytorture.explore.Timeline;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.explore.shrink.Shrinker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shrinks the failure of a replay file and writes the minimized file beside it (NAME.min.json). */
@Command(name = "shrink", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:the failure was shrunk (always: a replay file of a failure is what shrink takes)", Main.EXIT_2, Main.EXIT_3},
        description = "Shrink a replay file's failure (same identity); write FILE's .min.json beside it.")
public final class ShrinkCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a replay file (explore, soak, gate, scripts/torture), or the directory holding one (replay.json, found.min.json)")
    Path file;

    @Option(names = "--time", paramLabel = "TIME", defaultValue = "60s", description = "bound of the shrink, " + Shrinker.BOUND_HELP + " (default ${DEFAULT-VALUE})")
    String time;

    @Option(names = "--max-stall", paramLabel = "N", defaultValue = "" + Shrinker.MAX_STALL, description = "stop after this many runs without progress (default ${DEFAULT-VALUE})")
    int maxStall;

    @Option(names = "--verbose", description = "print the per-pass profile")
    boolean verbose;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory, to check the file's scenario name")
    Path configDir;

    @Override
    public Integer call() {
        file = ReplayFile.resolve(file);
        ReplayFile rf = ReplayCommand.load(file, configDir);
        if (rf.identity() == null) throw new org.proxytorture.config.BadInputException(file + ": records a passing run; nothing to shrink (accepted: a failure's replay file)");
        TortureTarget target = rf.target();
        Strategy st = Strategies.byName(rf.strategy(), 1);
        Outcome o = ReplayCommand.replay(rf);
        if (!o.hashHex().equals(rf.eventHash())) {
            ReplayCommand.modelChanged(file, rf, o);
            return Main.EXIT_BAD_INPUT;
        }
        String name = file.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        Path min = file.resolveSibling((base.endsWith(".min") ? base.substring(0, base.length() - 4) : base) + ".min.json");
        int stall = maxStall;
        return shrinkAndWrite(target, st, rf.seed(), rf.strategy(), rf.strategyParams(), o, min, Durations.parse("--time", time) / 1_000_000L, verbose, stall);
    }

    static int shrinkAndWrite(TortureTarget target, Strategy st, long seed, String strategy, String params, Outcome failing, Path min,
            long timeMs, boolean verbose) {
        return shrinkAndWrite(target, st, seed, strategy, params, failing, min, timeMs, verbose, Shrinker.MAX_STALL);
    }

    static int shrinkAndWrite(TortureTarget target, Strategy st, long seed, String strategy, String params, Outcome failing, Path min,
            long timeMs, boolean verbose, int maxStall) {
        long t0 = System.nanoTime();
        Shrinker.Result r = new Shrinker(st, params, failing.identity(), timeMs, maxStall).shrink(target, failing.choices(), failing);
        long ms = (System.nanoTime() - t0) / 1_000_000L;
        System.out.printf("shrink: %s: %d CPUs, %d tasks, %d forced choices -> %d CPUs, %d tasks, %d forced choices of %d (%d runs, %d ms, stopped at: %s)%n",
                failing.identity(), failing.cpus(), failing.tasks(), failing.choices().nonZero(), r.outcome().cpus(), r.outcome().tasks(),
                r.forced(), r.choices().length, r.calls(), ms, r.stopReason());
        if (verbose) {
            System.out.println("shrink pass profiling:");
            r.profile().forEach(l -> System.out.println("  " + l));
        }
        Timeline.render(r.target(), r.choices(), r.outcome()).forEach(System.out::println);
        TortureTarget t = (TortureTarget) r.target();
        ReplayFile.of(t, seed, strategy, params, r.choices(), r.outcome(), true).write(min);
        System.out.println("shrink: replay file " + min);
        return Main.EXIT_FAILURE;
    }
}
