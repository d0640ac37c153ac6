package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;

/**
 * One case of the priority-inversion demo as a run ({@code proxytorture.workload=pidemo
 * proxytorture.pidemo_case=...}): the console says what ran and prints the foreground's latency
 * summary; the run fails only if a WARNING fires (latency is reported, not judged).
 */
public final class PiDemoRun {
    private final RunConfig config;
    private final TortureParams params;
    private final Console console;

    public PiDemoRun(RunConfig config, TortureParams params, Console console) {
        this.config = config;
        this.params = params;
        this.console = console;
    }

    private java.util.function.UnaryOperator<ChoiceSource> wrapChoices = c -> c;
    private java.util.function.Consumer<org.proxytorture.kernel.sched.Core> observer = c -> { };

    /** As {@link TortureRun#observe}: a read-only observer of the whole run (a trace recorder). */
    public PiDemoRun observe(java.util.function.UnaryOperator<ChoiceSource> wrap,
            java.util.function.Consumer<org.proxytorture.kernel.sched.Core> attach) {
        this.wrapChoices = wrap;
        this.observer = attach;
        return this;
    }

    private java.util.function.Function<org.proxytorture.kernel.sched.Core, Checkers> checkers = core -> Checkers.NONE;

    /** The run layer's checkers (see {@link TortureRun#checkers}); without it, the case has none. */
    public PiDemoRun checkers(java.util.function.Function<org.proxytorture.kernel.sched.Core, Checkers> install) {
        this.checkers = install;
        return this;
    }

    private ChoiceSource source;

    /** As {@link TortureRun#withChoices}: every decision from {@code s} (an exploration strategy, a shrink candidate). */
    public PiDemoRun withChoices(ChoiceSource s) {
        this.source = s;
        return this;
    }

    private PiDemo.Result result;

    /** After {@link #run}: the case's result (its latency line, PiDemo.Result#summary). */
    public PiDemo.Result result() {
        return result;
    }

    public TortureResult run() {
        ChoiceSource choices = wrapChoices.apply(source != null ? source
                : config.replay() != null ? new ReplayChoices(config.replay()) : new SeededChoices(config.seed()));
        PiDemo.Case c = PiDemo.Case.byLabel(params.pidemoCase);
        console.printk(0, "proxytorture: " + config.cpus() + " CPUs, HZ=" + config.hz() + ", " + choices.describe()
                + ", duration " + config.durationNs() / 1_000_000 + " ms simulated, bootargs: " + config.bootargs());
        String mode = !params.schedProxyExec ? (params.lockPi ? "lock_pi=1" : "sched_proxy_exec=0") : "proxy " + params.proxyVariant;
        console.printk(0, "sched_proxy_exec " + (params.schedProxyExec ? "enabled" : "disabled")
                + (params.schedProxyExec ? " (proxytorture.proxy_variant=" + params.proxyVariant + ")" : "")
                + (params.lockPi ? ", mutexes with priority inheritance (proxytorture.lock_pi=1)" : ""));
        console.printk(0, c.describe(config.cpus()));
        PiDemo.Result r = PiDemo.run(c, mode, config.cpus(), config.hz(), config.durationNs(), params, choices, observer, checkers);
        result = r;
        var core = r.core();
        console.printk(core.now(), "pidemo: " + r.summary().replaceAll("\\s+", " "));
        List<String> failures = new ArrayList<>();
        for (String w : r.warnings()) {
            String line = w.startsWith("VIOLATION ") ? w : "WARNING: " + w;
            console.printk(core.now(), line);
            failures.add(line);
        }
        boolean ok = failures.isEmpty();
        console.printk(core.now(), "pidemo: End of test: " + (ok ? "SUCCESS" : "FAILURE"));
        var hash = core.trace.hash();
        console.printk(core.now(), String.format("proxytorture: %s, %d events, event hash %016x, %d choices (%d forced)",
                config.replay() != null ? "replay" : "seed " + config.seed(), hash.events(), hash.value(),
                core.choices.log().size(), core.choices.log().nonZero()));
        return new TortureResult(ok, failures, r.warnings(), r.acquisitions(), 0, hash.events(), core.now(), hash.value(),
                core.choices.log(), r.summary().replaceAll("\\s+", " "));
    }
}
