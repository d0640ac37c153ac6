package org.proxytorture.cli;

import java.util.concurrent.Callable;
import org.proxytorture.torture.Console;
import org.proxytorture.torture.RunConfig;
import org.proxytorture.torture.RunResult;
import org.proxytorture.torture.TortureRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One locktorture run on the emulated machine, in the kernel's words. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Boot the emulated machine and run locktorture (duration is simulated time).")
public final class RunCommand implements Callable<Integer> {
    /** The default scenario: 4 CPUs, mutex_lock, nested_locks=4, random shuffle, 10 s simulated. */
    public static final String DEFAULT_BOOTARGS = "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1";

    @Option(names = "--cpus", defaultValue = "4", description = "number of CPUs, 1..256 (default ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--duration", defaultValue = "10s", description = "simulated run time, e.g. 30s, 500ms (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "64-bit seed of every decision (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--hz", defaultValue = "1000", description = "CONFIG_HZ (default ${DEFAULT-VALUE})")
    int hz;

    @Option(names = "--bootargs", defaultValue = DEFAULT_BOOTARGS, description = "kernel command line (default \"${DEFAULT-VALUE}\")")
    String bootargs;

    @Option(names = "--require-coverage", split = ",", paramLabel = "BRANCH",
            description = "fail the run if a find_proxy_task/return-migration branch is never hit; 'all' = every reachable one")
    java.util.List<String> requireCoverage = java.util.List.of();

    @Override
    public Integer call() {
        RunConfig cfg = new RunConfig(cpus, hz, Durations.parse("--duration", duration), bootargs, seed, null);
        TortureRun run = new TortureRun(cfg, new Console(System.out, false)).requireCoverage(requireCoverage);
        RunResult r = run.run();
        return r.success() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
