package org.proxytorture.cli;

import java.util.concurrent.Callable;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The priority-inversion demo under no PI, rt_mutex-style PI and each proxy-execution variant. */
@Command(name = "pidemo", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:a case failed: a WARNING or a checker violation", Main.EXIT_2, Main.EXIT_3},
        description = "Priority-inversion demo: the foreground's lock latency with sched_proxy_exec=0, lock_pi=1 and proxy execution.")
public final class PiDemoCommand implements Callable<Integer> {
    @Option(names = "--cpus", paramLabel = "N", defaultValue = "4", description = "number of CPUs, 1..256 (default ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s", description = "simulated time per case (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "seed of every case (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--variants", paramLabel = "VARIANT", defaultValue = "full", split = ",",
            description = "proxy variants to run, comma-separated: single-rq,migrate,full (default ${DEFAULT-VALUE})")
    java.util.List<String> variants;

    @Override
    public Integer call() {
        long ns = Durations.parse("--duration", duration);
        if (cpus < 1 || cpus > 256) throw new BadInputException("--cpus=" + cpus + ": out of range (accepted: 1..256)");
        for (String v : variants) {
            if (!Runner.proxyVariants().contains(v))
                throw new BadInputException("--variants: unknown variant " + v + " (accepted: " + String.join(",", Runner.proxyVariants()) + ")");
        }
        System.out.printf("pidemo: %d CPUs, %s simulated per case, seed %d; foreground nice 0 in /, background in /low "
                + "(cpu.shares 4), %d busy tasks in /medium (cpu.shares 512)%n", cpus, duration, seed, 2 * cpus);
        boolean ok = one(ns, "sched_proxy_exec=0");
        ok &= one(ns, "sched_proxy_exec=0 proxytorture.lock_pi=1");
        for (String v : variants) ok &= one(ns, "sched_proxy_exec=1 proxytorture.proxy_variant=" + v);
        return ok ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** run.sh's starved-lock-holder case (the one the published charts compare) in one mode. */
    private boolean one(long ns, String mode) {
        RunResult r = Runner.run(RunRequest.of(new RunConfig(cpus, 1000, ns,
                mode + " proxytorture.workload=pidemo proxytorture.pidemo_case=schedload-contention-throttled", seed, null)));
        System.out.println(r.latency());
        for (String f : r.failures()) System.out.println("pidemo: " + f);
        return r.success();
    }
}
