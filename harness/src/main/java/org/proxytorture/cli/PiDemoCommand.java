package org.proxytorture.cli;

import java.util.concurrent.Callable;
import org.proxytorture.torture.PiDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The priority-inversion demo under no PI, rt_mutex-style PI and each proxy-execution variant. */
@Command(name = "pidemo", mixinStandardHelpOptions = true,
        description = "Priority-inversion demo: the foreground's lock latency with sched_proxy_exec=0, lock_pi=1 and proxy execution.")
public final class PiDemoCommand implements Callable<Integer> {
    @Option(names = "--cpus", defaultValue = "4")
    int cpus;

    @Option(names = "--duration", defaultValue = "60s", description = "simulated time per case (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--variants", defaultValue = "full", split = ",", description = "proxy variants to run: single-rq,migrate,full")
    java.util.List<String> variants;

    @Override
    public Integer call() {
        long ns = Durations.parse("--duration", duration);
        if (cpus < 1 || cpus > 256) throw new org.proxytorture.torture.BadInputException("--cpus=" + cpus + ": out of range (accepted: 1..256)");
        for (String v : variants) {
            try {
                org.proxytorture.kernel.proxy.Generation.byParam(v);
            } catch (IllegalArgumentException e) {
                throw new org.proxytorture.torture.BadInputException("--variants: unknown variant " + v + " (accepted: "
                        + String.join(",", org.proxytorture.kernel.proxy.Generation.params()) + ")");
            }
        }
        System.out.printf("pidemo: %d CPUs, %s simulated per case, seed %d; foreground nice 0 in /, background in /low "
                + "(cpu.shares 4), %d busy tasks in /medium (cpu.shares 512)%n", cpus, duration, seed, 2 * cpus);
        System.out.println(PiDemo.run("sched_proxy_exec=0", cpus, ns, "sched_proxy_exec=0", seed).summary());
        System.out.println(PiDemo.run("lock_pi=1", cpus, ns, "sched_proxy_exec=0 proxytorture.lock_pi=1", seed).summary());
        for (String v : variants) {
            System.out.println(PiDemo.run("proxy " + v, cpus, ns, "sched_proxy_exec=1 proxytorture.proxy_variant=" + v, seed).summary());
        }
        return 0;
    }
}
