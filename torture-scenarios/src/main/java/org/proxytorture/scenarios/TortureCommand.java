package org.proxytorture.scenarios;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.proxytorture.cli.Durations;
import org.proxytorture.cli.Version;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.torture.Kconfig;
import org.proxytorture.run.RunSummary;
import org.proxytorture.torture.Scenario;
import org.proxytorture.torture.ScenarioParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * kvm.sh for the emulated machine: {@code --configs "LOCK02 2*PROXY01"} runs each scenario (a
 * repeat N times, a list such as CFLIST all its entries) in its own child JVM, up to
 * {@code --jobs} at once, files each under res/&lt;date&gt;/&lt;scenario&gt;[.N]/ and prints
 * kvm-recheck-lock.sh's line and the verdict. Everything is checked before anything runs or is
 * written: bad input leaves res/ untouched.
 */
@Command(name = "torture", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run scenarios of configs/lock/ like rcutorture's kvm.sh --torture lock (duration is simulated time).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every run succeeded", "1:a run failed (FAILURE)",
                "2:bad input, or a scenario not modelled yet: one line on stderr naming the problem and the accepted values",
                "3:the harness itself failed, here or in a run's JVM (a bug in proxytorture, not a finding): one line naming the file"
                        + " that holds the stack trace, or the run's console.log"})
final class TortureCommand implements Callable<Integer> {
    static final String ROOT_PROPERTY = "proxytorture.root";
    static final int MAX_JOBS = 64;

    @Option(names = "--configs", required = true, paramLabel = "\"NAME N*NAME CFLIST...\"",
            description = "scenarios to run: names in --config-dir, N*NAME for N runs, a list (CFLIST, CFLIST.proxy, ...)")
    String configs;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s",
            description = "simulated time per run, as kvm.sh reads it: a bare number is minutes (30 = 30 min), or with a suffix s, m, h, d"
                    + " (also ms, us, ns for short runs), e.g. 45s, 2h (default ${DEFAULT-VALUE}; kvm.sh's is 30 minutes)")
    String duration;

    @Option(names = "--jobs", paramLabel = "N", description = "runs at once, 1.." + MAX_JOBS + " (default: the host's CPUs)")
    String jobs;

    @Option(names = "--bootargs", paramLabel = "\"NAME=VALUE ...\"", defaultValue = "", description = "appended to every scenario's .boot, as kvm.sh --bootargs")
    String bootargs;

    @Option(names = "--kconfig", paramLabel = "\"CONFIG_X=y ...\"", defaultValue = "", description = "Kconfig lines merged over every scenario, e.g. \"CONFIG_NR_CPUS=8\"")
    String kconfig;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "seed of each scenario's first run; repeat N gets seed+N-1 (default ${DEFAULT-VALUE})")
    String seed;

    @Option(names = "--cpus", paramLabel = "N", description = "emulated CPUs for every scenario, 1..256, instead of its CONFIG_NR_CPUS"
            + " (unlike kvm.sh, where --cpus is the host CPU budget: that is --jobs here)")
    String cpus;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory (default: torture-scenarios/configs/lock)")
    Path configDir;

    @Option(names = "--results", paramLabel = "DIR", description = "results directory; each invocation adds a <date> directory (default: res)")
    Path results;

    @Option(names = "--keep-choices", defaultValue = "failed", paramLabel = "failed|all",
            description = "keep choices.txt.gz only for runs that did not succeed (default; a long run records megabytes per simulated second), or for every run")
    String keepChoices;

    @Option(names = "--dryrun", description = "check everything and print what would run, run nothing, write nothing")
    boolean dryrun;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty(ROOT_PROPERTY, "."));
        ScenarioParser parser = new ScenarioParser(configDir != null ? configDir : root.resolve("torture-scenarios/configs/lock"));
        Path res = results != null ? results : root.resolve("res");
        long durationNs = Durations.parseKvm("--duration", duration);
        int nJobs = jobs == null ? Math.max(1, Math.min(MAX_JOBS, Runtime.getRuntime().availableProcessors()))
                : intOption("--jobs", jobs, 1, MAX_JOBS);
        long baseSeed = longOption("--seed", seed);
        Integer cpuOverride = cpus == null ? null : intOption("--cpus", cpus, 1, 256);
        Kconfig extra = kconfig.isBlank() ? null : Kconfig.parseOption(kconfig);
        if (!keepChoices.equals("all") && !keepChoices.equals("failed"))
            throw new BadInputException("--keep-choices=" + keepChoices + ": unknown (accepted: failed|all)");
        if (Files.exists(res) && !Files.isDirectory(res))
            throw new BadInputException("--results " + res + ": not a directory (accepted: a directory, created if missing)");

        List<Job> plan = plan(parser, parser.expand(configs), extra, durationNs, baseSeed, cpuOverride);
        PrintStream out = System.out;
        String simulated = durationNs % 1_000_000_000L == 0 ? durationNs / 1_000_000_000L + " s" : durationNs / 1_000_000L + " ms";
        out.println("torture: --configs \"" + configs.trim() + "\" --duration " + duration + " (" + simulated + " simulated) --seed " + baseSeed + " --jobs " + nJobs
                + (cpuOverride != null ? " --cpus " + cpuOverride : "") + (bootargs.isBlank() ? "" : " --bootargs \"" + bootargs.trim() + "\"")
                + (kconfig.isBlank() ? "" : " --kconfig \"" + kconfig.trim() + "\"") + ": " + plan.size() + " run" + (plan.size() == 1 ? "" : "s"));
        for (String w : warnings(plan, durationNs)) out.println(w);
        if (dryrun) {
            for (Job j : plan) out.println(j.dirName() + ": " + describe(j));
            return TortureMain.EXIT_OK;
        }

        Path dir = createResultsDir(res);
        out.println("torture: results in " + dir);
        List<Job> jobsWithDirs = new ArrayList<>();
        for (Job j : plan) jobsWithDirs.add(new Job(j.dirName(), j.scenario(), j.seed(), j.cpus(), j.durationNs(), j.commandLine(),
                j.notModelled(), dir.resolve(j.dirName())));
        List<RunSummary> summaries = runAll(jobsWithDirs, nJobs, out);
        return finalSummary(jobsWithDirs, summaries, dir, out);
    }

    /** The runs, in --configs order, checked: any bad input throws before anything runs. */
    private List<Job> plan(ScenarioParser parser, List<String> names, Kconfig extra, long durationNs, long baseSeed, Integer cpuOverride) {
        Map<String, Scenario> loaded = new LinkedHashMap<>();
        Map<String, Integer> instances = new LinkedHashMap<>();
        List<Job> plan = new ArrayList<>();
        BootArgs user = BootArgs.parse(bootargs); // --bootargs: the edge
        for (String name : names) {
            Scenario s = loaded.get(name);
            if (s == null) {
                s = parser.load(name, extra);
                int c = cpuOverride != null ? cpuOverride : s.cpus();
                s.validate(user, c, durationNs);
                loaded.put(name, s);
            }
            int k = instances.merge(name, 1, Integer::sum);
            String dirName = k == 1 ? name : name + "." + k;
            plan.add(new Job(dirName, s, baseSeed + k - 1, cpuOverride != null ? cpuOverride : s.cpus(), durationNs,
                    s.commandLine(user, durationNs), s.notModelledWith(user, durationNs), null));
        }
        return plan;
    }

    /**
     * What each scenario would run differently from what it seems to ask, once per scenario
     * whatever its repeat count: a bind_* list the kernel refuses (it warns and sets all CPUs), a
     * CPU hotplug whose onoff_holdoff is not shorter than --duration.
     */
    private List<String> warnings(List<Job> plan, long durationNs) {
        BootArgs user = BootArgs.parse(bootargs);
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Job j : plan) {
            if (j.notModelled() != null || !seen.add(j.scenario().name())) continue;
            String name = j.scenario().name();
            for (String m : j.scenario().bootMessages(user, j.cpus(), durationNs))
                if (m.contains("Bad CPU range")) out.add("torture: warning: " + name + ": " + m + " (cpulist_parse() refuses the list)");
            String why = j.scenario().hotplugNeverRuns(user, j.cpus(), durationNs);
            if (why != null) out.add("torture: warning: " + name + ": " + why + " (kvm.sh's default duration is 30 minutes: --duration 30)");
        }
        return out;
    }

    private static String describe(Job j) {
        return "seed " + j.seed() + ", " + j.cpus() + " CPUs, HZ=" + j.scenario().hz() + ", CONFIG_SCHED_PROXY_EXEC="
                + (j.scenario().proxyExec() ? "y" : "n") + ", bootargs: " + j.commandLine()
                + (j.notModelled() != null ? " [not modelled yet: " + j.notModelled() + "]" : "");
    }

    /** res/&lt;date&gt;, as kvm.sh names it; a second invocation within the same second gets "-2". */
    private static Path createResultsDir(Path res) throws IOException {
        Files.createDirectories(res);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy.MM.dd-HH.mm.ss"));
        for (int i = 1; ; i++) {
            Path d = res.resolve(i == 1 ? stamp : stamp + "-" + i);
            try {
                return Files.createDirectory(d);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next name, never reuse a directory
            }
        }
    }

    private List<RunSummary> runAll(List<Job> plan, int nJobs, PrintStream out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nJobs);
        try {
            List<Future<RunSummary>> fs = new ArrayList<>();
            for (Job j : plan) {
                fs.add(pool.submit(() -> {
                    RunSummary s = new ChildRun(j, keepChoices.equals("failed")).run();
                    synchronized (out) {
                        for (String l : Report.lines(j, s)) out.println(l);
                    }
                    return s;
                }));
            }
            List<RunSummary> all = new ArrayList<>();
            for (Future<RunSummary> f : fs) all.add(f.get());
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int finalSummary(List<Job> plan, List<RunSummary> summaries, Path dir, PrintStream out) {
        Map<String, List<String>> byResult = new LinkedHashMap<>();
        for (int i = 0; i < plan.size(); i++) byResult.computeIfAbsent(summaries.get(i).result(), k -> new ArrayList<>()).add(plan.get(i).dirName());
        StringBuilder sb = new StringBuilder("torture: " + plan.size() + " run" + (plan.size() == 1 ? "" : "s") + ":");
        byResult.forEach((r, names) -> sb.append(' ').append(names.size()).append(' ').append(r)
                .append(r.equals("SUCCESS") ? "" : " (" + String.join(" ", names) + ")").append(','));
        sb.setLength(sb.length() - 1);
        out.println(sb.append("; results in ").append(dir));
        if (byResult.containsKey("FAILURE")) return TortureMain.EXIT_FAILURE;
        // a run's JVM that exited 3 (its harness failed) or crashed gave no verdict: the harness failed, not the kernel
        if (byResult.containsKey("CRASHED")) return TortureMain.EXIT_HARNESS_FAILED;
        if (byResult.size() > 1 || !byResult.containsKey("SUCCESS")) return TortureMain.EXIT_BAD_INPUT;
        return TortureMain.EXIT_OK;
    }

    private static int intOption(String name, String v, int min, int max) {
        int x;
        try {
            x = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(name + "=" + v + ": not an integer (accepted: " + min + ".." + max + ")");
        }
        if (x < min || x > max) throw new BadInputException(name + "=" + v + ": out of range (accepted: " + min + ".." + max + ")");
        return x;
    }

    private static long longOption(String name, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(name + "=" + v + ": not a 64-bit integer (accepted: -9223372036854775808..9223372036854775807)");
        }
    }
}
