package org.proxytorture.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.torture.Scenario;
import org.proxytorture.torture.ScenarioParser;
import picocli.CommandLine.Option;

/** The scenario of an exploration: a configs/lock scenario by name, or a machine and command line given by hand. */
public final class ScenarioOptions {
    @Option(names = "--scenario", paramLabel = "NAME", description = "a scenario of --config-dir (e.g. BUSTED, PROXY01); overrides --cpus and --hz")
    String scenario;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory (default torture-scenarios/configs/lock, here or beside the jar)")
    Path configDir;

    @Option(names = "--cpus", defaultValue = "4", description = "number of CPUs (default ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--hz", defaultValue = "1000", description = "CONFIG_HZ (default ${DEFAULT-VALUE})")
    int hz;

    @Option(names = "--duration", defaultValue = "1s", description = "simulated time of each run (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--bootargs", defaultValue = RunCommand.DEFAULT_BOOTARGS, description = "kernel command line (default \"${DEFAULT-VALUE}\"); with --scenario, added to its .boot line")
    String bootargs;

    TortureTarget target() {
        long ns = Durations.parse("--duration", duration);
        if (scenario == null) return new TortureTarget(null, cpus, hz, ns, bootargs);
        Scenario s = parser(configDir).load(scenario, null);
        String why = s.notModelledWith(null, ns);
        if (why != null) throw new org.proxytorture.torture.BadInputException("scenario " + scenario + ": " + why);
        String user = bootargs.equals(RunCommand.DEFAULT_BOOTARGS) ? "" : bootargs;
        // the runner's command line, without shutdown_secs (explore runs end at --duration or at the failure)
        String line = s.commandLine(user, ns).replaceAll("locktorture\\.shutdown_secs=\\d+", "").trim().replaceAll("\\s+", " ");
        return new TortureTarget(scenario, s.cpus(), s.hz(), ns, line);
    }

    /** The scenario directory: the one given, else torture-scenarios/configs/lock here, else beside the jar's checkout. */
    static ScenarioParser parser(Path dir) {
        if (dir != null) return new ScenarioParser(dir);
        Path here = Path.of("torture-scenarios", "configs", "lock");
        if (Files.isDirectory(here)) return new ScenarioParser(here);
        try {
            Path jar = Path.of(ScenarioOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // harness/target/proxytorture.jar (or harness/target/classes) -> the checkout's root
            Path root = jar.getParent() == null ? null : jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve(here))) return new ScenarioParser(root.resolve(here));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the message below
        }
        return new ScenarioParser(here); // bad input: names the directory it looked for
    }
}
