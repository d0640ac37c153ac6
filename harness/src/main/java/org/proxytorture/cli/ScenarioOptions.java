package org.proxytorture.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.config.BootArgs;
import picocli.CommandLine.Option;

/** The scenario of an exploration: a configs/lock scenario by name, or a machine and command line given by hand. */
public final class ScenarioOptions {
    @Option(names = "--scenario", paramLabel = "NAME", description = "a scenario of --config-dir (e.g. BUSTED, PROXY01); overrides --cpus and --hz")
    String scenario;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory (default torture-scenarios/configs/lock, here or beside the jar)")
    Path configDir;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "4", description = "number of CPUs, 1..256 (default ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--hz", paramLabel = "HZ", defaultValue = "1000", description = "CONFIG_HZ, 100..10000 (default ${DEFAULT-VALUE})")
    int hz;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "1s", description = "simulated time of each run, with its unit: 500ms, 2s (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--bootargs", paramLabel = "\"NAME=VALUE ...\"", defaultValue = RunCommand.DEFAULT_BOOTARGS, description = "kernel command line (default \"${DEFAULT-VALUE}\"); with --scenario, added to its .boot line")
    String bootargs;

    TortureTarget target() {
        long ns = Durations.parse("--duration", duration);
        if (scenario == null) return new TortureTarget(null, cpus, hz, ns, bootargs);
        BootArgs user = bootargs.equals(RunCommand.DEFAULT_BOOTARGS) ? BootArgs.EMPTY : BootArgs.parse(bootargs);
        return TortureTarget.ofScenario(configDir(configDir), scenario, user, ns);
    }

    /** The scenario directory: the one given, else torture-scenarios/configs/lock here, else beside the jar's checkout. */
    static Path configDir(Path dir) {
        if (dir != null) return dir;
        Path here = Path.of("torture-scenarios", "configs", "lock");
        if (Files.isDirectory(here)) return here;
        try {
            Path jar = Path.of(ScenarioOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // harness/target/proxytorture.jar (or harness/target/classes) -> the checkout's root
            Path root = jar.getParent() == null ? null : jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve(here))) return root.resolve(here);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the message below
        }
        return here; // bad input when read: names the directory it looked for
    }
}
