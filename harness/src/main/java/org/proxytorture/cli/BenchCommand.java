package org.proxytorture.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.Callable;
import org.proxytorture.torture.Console;
import org.proxytorture.torture.RunConfig;
import org.proxytorture.torture.RunResult;
import org.proxytorture.torture.TortureRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the emulator: events (atomic sections) per wall second, simulated seconds per wall
 * second, and peak heap. Wall-clock time is read here, outside any run, only to report speed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure emulator speed and memory.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cpus", defaultValue = "8")
    int cpus;

    @Option(names = "--writers", defaultValue = "16")
    int writers;

    @Option(names = "--nested", defaultValue = "4")
    int nested;

    @Option(names = "--duration", defaultValue = "10s")
    String duration;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--repeat", defaultValue = "3", description = "measured repetitions after one warm-up run")
    int repeat;

    @Option(names = "--bootargs", defaultValue = "", description = "extra bootargs")
    String extra;

    @Override
    public Integer call() {
        String bootargs = "locktorture.torture_type=mutex_lock locktorture.nwriters_stress=" + writers
                + " locktorture.nested_locks=" + nested + " torture.random_shuffle=1 locktorture.stat_interval=0 " + extra;
        long ns = Durations.parse("--duration", duration);
        RunConfig cfg = new RunConfig(cpus, 1000, ns, bootargs, seed, null);
        System.out.printf("bench: %d CPUs, %d writers, nested_locks=%d, %s simulated, java %s%n", cpus, writers, nested, duration,
                System.getProperty("java.version"));
        one(cfg, true);
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        double best = 0;
        for (int i = 0; i < repeat; i++) best = Math.max(best, one(cfg, false));
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        System.out.printf("bench: best %.2f M events/s; peak heap %.1f MB (all heap pools, incl. garbage not yet collected)%n",
                best / 1e6, peak / 1048576.0);
        return 0;
    }

    private double one(RunConfig cfg, boolean warmup) {
        long t0 = System.nanoTime();
        RunResult r = new TortureRun(cfg, new Console(null, false)).run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double eps = r.events() / wall;
        System.out.printf("bench: %s %d events in %.2f s wall: %.2f M events/s, %.3f simulated s per wall s, %d acquisitions, %s%n",
                warmup ? "warm-up" : "run    ", r.events(), wall, eps / 1e6, r.simNs() / 1e9 / wall, r.acquisitions(),
                r.success() ? "SUCCESS" : "FAILURE");
        return eps;
    }
}
