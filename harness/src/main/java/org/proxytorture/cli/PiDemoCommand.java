package org.proxytorture.cli;

import java.util.concurrent.Callable;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.RunConfig;
import org.proxytorture.report.PiDemoFiles;
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

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "seeds per case, from --seed on, 1..1000: the report's intervals of the percentiles over seeds (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "also write DIR/pidemo.json (every case's latency histogram) and DIR/VARIANT.hgrm"
            + " (HdrHistogram's percentile distribution, us) per variant; scripts/proxytorture report DIR plots them")
    java.nio.file.Path out;

    private final java.util.List<PiDemoFiles.Variant> results = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        long ns = Durations.parse("--duration", duration);
        if (cpus < 1 || cpus > 256) throw new BadInputException("--cpus=" + cpus + ": out of range (accepted: 1..256)");
        for (String v : variants) {
            if (!Runner.proxyVariants().contains(v))
                throw new BadInputException("--variants: unknown variant " + v + " (accepted: " + String.join(",", Runner.proxyVariants()) + ")");
        }
        if (seeds < 1 || seeds > 1000) throw new BadInputException("--seeds=" + seeds + ": out of range (accepted: 1..1000)");
        if (out != null) PiDemoFiles.checkOut(out);
        System.out.printf("pidemo: %d CPUs, %s simulated per case, seed %d; foreground nice 0 in /, background in /low "
                + "(cpu.shares 4), %d busy tasks in /medium (cpu.shares 512)%n", cpus, duration, seed, 2 * cpus);
        boolean ok = one(ns, "sched_proxy_exec=0");
        ok &= one(ns, "sched_proxy_exec=0 proxytorture.lock_pi=1");
        for (String v : variants) ok &= one(ns, "sched_proxy_exec=1 proxytorture.proxy_variant=" + v);
        if (out != null) {
            PiDemoFiles.write(out, new PiDemoFiles.Demo(cpus, ns, seed, seeds, PiDemoFiles.model(), CASE, results));
            System.out.println("pidemo: wrote " + out.resolve(PiDemoFiles.FILE) + " and " + results.size() + " .hgrm files; scripts/proxytorture report " + out);
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** run.sh's starved-lock-holder case, the one the published charts compare. */
    private static final String CASE = "schedload-contention-throttled";

    /** The case in one mode, for each seed. */
    private boolean one(long ns, String mode) {
        String bootargs = mode + " proxytorture.workload=pidemo proxytorture.pidemo_case=" + CASE;
        boolean ok = true;
        java.util.List<PiDemoFiles.Seed> runs = new java.util.ArrayList<>();
        for (long s = seed; s < seed + seeds; s++) {
            RunResult r = Runner.run(RunRequest.of(new RunConfig(cpus, 1000, ns, bootargs, s, null)));
            System.out.println(seeds > 1 ? "seed " + s + ": " + r.latency() : r.latency());
            for (String f : r.failures()) System.out.println("pidemo: " + f);
            runs.add(new PiDemoFiles.Seed(s, r.latencies(), r.latency(), r.success(), r.failures()));
            ok &= r.success();
        }
        results.add(new PiDemoFiles.Variant(PiDemoFiles.variantName(mode), bootargs, runs));
        return ok;
    }
}
