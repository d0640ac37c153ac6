package org.proxytorture.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.Callable;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.config.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the emulator: events (atomic sections) per wall second, simulated seconds per wall
 * second, and peak heap. Wall-clock time is read here, outside any run, only to report speed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:a measured run failed (its line says FAILURE; the figures are printed all the same)", Main.EXIT_2, Main.EXIT_3},
        description = "Measure emulator speed and memory.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cpus", paramLabel = "N", defaultValue = "8", description = "number of CPUs, 1..256 (default ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "16", description = "locktorture.nwriters_stress (default ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--nested", paramLabel = "N", defaultValue = "4", description = "locktorture.nested_locks (default ${DEFAULT-VALUE})")
    int nested;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", description = "simulated time per run, with its unit (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "seed of every run (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", description = "measured repetitions after one warm-up run (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--bootargs", paramLabel = "\"NAME=VALUE ...\"", defaultValue = "",
            description = "more kernel command line, after mutex_lock, --writers, --nested, random_shuffle=1 and stat_interval=0")
    String extra;

    @Option(names = "--checks", paramLabel = "on|off|both", defaultValue = "both", description = "on|off|both: the invariant checkers (proxytorture.checks); "
            + "both measures each, alternating, and prints the slowdown (default ${DEFAULT-VALUE})")
    String checks;

    @Override
    public Integer call() {
        List<Boolean> modes = switch (checks) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(false, true);
            default -> throw new BadInputException("bench: --checks " + checks + ": accepted values are on, off, both");
        };
        BootArgs bootargs = BootArgs.parse("locktorture.torture_type=mutex_lock locktorture.nwriters_stress=" + writers
                + " locktorture.nested_locks=" + nested + " torture.random_shuffle=1 locktorture.stat_interval=0 " + extra);
        long ns = Durations.parse("--duration", duration);
        System.out.printf("bench: %d CPUs, %d writers, nested_locks=%d, %s simulated, checkers %s, java %s%n", cpus, writers, nested, duration,
                checks, System.getProperty("java.version"));
        double[] best = new double[2];
        for (boolean on : modes) one(config(bootargs, ns, on), "warm-up " + label(on));
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        // alternate the modes so that a machine shared with other work slows both alike
        for (int i = 0; i < repeat; i++) {
            for (boolean on : modes) best[on ? 1 : 0] = Math.max(best[on ? 1 : 0], one(config(bootargs, ns, on), "run     " + label(on)));
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        for (boolean on : modes) System.out.printf("bench: best %.2f M events/s with %s%n", best[on ? 1 : 0] / 1e6, label(on));
        if (modes.size() == 2)
            System.out.printf("bench: checkers slow the emulator down %.2fx (best off / best on; target at most 1.5x)%n", best[0] / best[1]);
        System.out.printf("bench: peak heap %.1f MB (all heap pools, incl. garbage not yet collected)%n", peak / 1048576.0);
        return failed ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    private static String label(boolean checksOn) {
        return checksOn ? "checkers on " : "checkers off";
    }

    private RunConfig config(BootArgs bootargs, long ns, boolean checksOn) {
        return new RunConfig(cpus, 1000, ns, bootargs.with("proxytorture.checks", checksOn ? "1" : "0"), seed, null);
    }

    /** A measured or warm-up run failed: the figures stand, the exit code says so. */
    private boolean failed;

    private double one(RunConfig cfg, String what) {
        long t0 = System.nanoTime();
        RunResult r = Runner.run(RunRequest.of(cfg));
        double wall = (System.nanoTime() - t0) / 1e9;
        double eps = r.events() / wall;
        failed |= !r.success();
        System.out.printf("bench: %s %d events in %.2f s wall: %.2f M events/s, %.3f simulated s per wall s, %d acquisitions, %s%n",
                what, r.events(), wall, eps / 1e6, r.simNs() / 1e9 / wall, r.acquisitions(),
                r.success() ? "SUCCESS" : "FAILURE");
        return eps;
    }
}
