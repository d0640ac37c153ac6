package org.proxytorture.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.proxytorture.config.BadInputException;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.soak.Host;
import org.proxytorture.soak.Ledger;
import org.proxytorture.soak.LedgerStatus;
import org.proxytorture.soak.Scenarios;
import org.proxytorture.soak.Shard;
import org.proxytorture.soak.Soak;
import org.proxytorture.soak.SoakRecipe;
import org.proxytorture.soak.Stop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The overnight soak (issue 18): scenarios as scripts/torture names them, seed after seed, on
 * {@code --jobs} worker threads in this JVM, every run in the ledger DIR/soak.db, failures
 * deduplicated by identity and the first of each shrunk while the soak goes on. Everything is
 * checked before DIR is touched: bad input leaves it as it was.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, subcommands = {SoakStatusCommand.class, SoakMergeCommand.class},
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {"0:the soak ended and its ledger holds no failure", "1:the ledger holds a failure (soak status DIR lists them)", Main.EXIT_2, Main.EXIT_3},
        description = "Soak scenarios overnight: consecutive seeds on worker threads, an SQLite ledger (DIR/soak.db), failures deduplicated"
                + " and shrunk on the spot; resumable (--resume DIR). Duration is simulated time per run.")
public final class SoakCommand implements Callable<Integer> {
    static final int MAX_JOBS = 256;
    /** The options that make up a soak's recipe: given once, kept in the ledger, not given again with --resume. */
    static final List<String> RECIPE = List.of("--configs", "--config-dir", "--bootargs", "--kconfig", "--cpus", "--inject", "--seed", "--duration",
            "--shrink-time", "--results", "--shard");

    @Option(names = "--configs", paramLabel = "\"NAME N*NAME CFLIST...\"",
            description = "scenarios, as scripts/torture --configs names them: names in --config-dir, N*NAME (N slots per round), lists such as CFLIST.proxy")
    String configs;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory (default torture-scenarios/configs/lock, here or beside the jar)")
    Path configDir;

    @Option(names = "--bootargs", paramLabel = "\"NAME=VALUE ...\"", defaultValue = "", description = "appended to every scenario's .boot line, as scripts/torture --bootargs")
    String bootargs;

    @Option(names = "--kconfig", paramLabel = "\"CONFIG_X=y ...\"", defaultValue = "", description = "Kconfig lines merged over every scenario, e.g. \"CONFIG_NR_CPUS=8\"")
    String kconfig;

    @Option(names = "--cpus", paramLabel = "N", description = "emulated CPUs for every scenario, 1..256, instead of its CONFIG_NR_CPUS")
    Integer cpus;

    @Option(names = "--inject", split = ",", paramLabel = "BUG", description = "inject bug-catalog faults into every run, e.g. --inject B05 (see 'bugs')")
    List<String> inject = List.of();

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "first seed; each scenario runs consecutive seeds from it (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s",
            description = "simulated time of each run, as scripts/torture reads it (a bare number is minutes; 50ms, 10s, 2m), default ${DEFAULT-VALUE}")
    String duration;

    @Option(names = "--runs", paramLabel = "N", description = "stop after N runs in all (a resumed soak counts the runs already in its ledger)")
    Long runs;

    @Option(names = "--time", paramLabel = "TIME", description = "stop handing out runs after this wall time, e.g. 8h, 30m (runs in flight finish)")
    String time;

    @Option(names = "--until", paramLabel = "HH:MM", description = "stop handing out runs at this local wall-clock time (the next one), e.g. 07:00")
    String until;

    @Option(names = "--results", paramLabel = "DIR", description = "the soak's directory: DIR/soak.db, DIR/log, DIR/failures/ (default res/soak-<date>)")
    Path results;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the soak of DIR (its recipe from its ledger): runs in flight when it stopped run again,"
            + " committed runs are not run twice; --jobs, --runs, --time, --until may be given anew")
    Path resume;

    @Option(names = "--jobs", paramLabel = "N", description = "worker threads, 1.." + MAX_JOBS + " (default: the host's CPUs); a run's result does not depend on it")
    Integer jobs;

    @Option(names = "--shard", paramLabel = "i/N", description = "run shard i of N (0 <= i < N): the run numbers with seq %% N == i, so N shards"
            + " run one soak's runs between them (soak merge puts them together); 'auto/N': i from a Kubernetes Indexed Job's"
            + " JOB_COMPLETION_INDEX (or a Slurm array's task id); 'auto': a Slurm job array, N from SLURM_ARRAY_TASK_COUNT")
    String shard;

    @Option(names = "--shrink-time", paramLabel = "TIME", defaultValue = "60s", description = "bound of each new failure's shrink, " + Shrinker.BOUND_HELP + " (default ${DEFAULT-VALUE})")
    String shrinkTime;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        int nJobs = jobs == null ? Math.max(1, Math.min(MAX_JOBS, Runtime.getRuntime().availableProcessors())) : jobs;
        if (nJobs < 1 || nJobs > MAX_JOBS) throw new BadInputException("--jobs=" + jobs + ": out of range (accepted: 1.." + MAX_JOBS + ")");
        Stop stop = stop();
        return resume != null ? resume(nJobs, stop) : fresh(nJobs, stop);
    }

    private int fresh(int nJobs, Stop stop) throws InterruptedException {
        if (configs == null) throw new BadInputException("soak: no scenario (accepted: --configs \"NAME N*NAME CFLIST...\", or --resume DIR)");
        if (cpus != null && (cpus < 1 || cpus > 256)) throw new BadInputException("--cpus=" + cpus + ": out of range (accepted: 1..256)");
        long durationNs = Durations.parseKvm("--duration", duration);
        long shrinkMs = Durations.parse("--shrink-time", shrinkTime) / 1_000_000L;
        Path dir = ScenarioOptions.configDir(configDir).toAbsolutePath().normalize();
        Shard sh = shard == null ? Shard.WHOLE : Shard.parse(shard, System.getenv());
        SoakRecipe recipe = new SoakRecipe(configs.trim(), dir.toString(), bootargs, kconfig, cpus, inject, seed, durationNs, shrinkMs, sh);
        Scenarios.Planned planned = Scenarios.plan(recipe); // bad input here leaves everything as it was
        Path soakDir = results != null ? results : Path.of("res", "soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy.MM.dd-HH.mm.ss")));
        if (Files.exists(soakDir) && !Files.isDirectory(soakDir))
            throw new BadInputException("--results " + soakDir + ": not a directory (accepted: a directory, created if missing)");
        if (Files.isDirectory(soakDir) && !Files.isWritable(soakDir))
            throw new BadInputException("--results " + soakDir + ": not writable (accepted: a directory this user can write)");
        try (Ledger ledger = Ledger.create(soakDir, recipe, stop, Host.probe(Version.implementationVersion()))) {
            System.out.println("soak: --configs \"" + recipe.configs() + "\" --seed " + seed + " --duration " + duration + " --jobs " + nJobs
                    + (inject.isEmpty() ? "" : " --inject " + String.join(",", inject)) + (sh.count() > 1 ? " --shard " + sh : "") + ": " + planned.plan().slots().size() + " slot(s) a round, "
                    + stop.describe() + "; ledger " + soakDir.resolve("soak.db"));
            planned.warnings().forEach(System.out::println);
            return soak(soakDir, ledger, planned, nJobs);
        }
    }

    private int resume(int nJobs, Stop stop) throws InterruptedException {
        var given = spec.commandLine().getParseResult();
        for (String o : RECIPE)
            if (given.hasMatchedOption(o))
                throw new BadInputException(o + " with --resume: the soak's recipe is its ledger's (accepted: --resume DIR with --jobs, --runs, --time, --until)");
        Ledger ledger = Ledger.resume(resume, Host.probe(Version.implementationVersion()));
        try (ledger) {
            Scenarios.Planned planned = Scenarios.plan(ledger.recipe());
            Ledger l = stop.equals(Stop.NEVER) ? ledger : ledger.withStop(stop);
            System.out.println("soak: resuming " + resume + ": " + l.committed().size() + " run(s) in its ledger; " + l.stop().describe());
            planned.warnings().forEach(System.out::println);
            return soak(resume, l, planned, nJobs);
        }
    }

    private static int soak(Path dir, Ledger ledger, Scenarios.Planned planned, int nJobs) throws InterruptedException {
        Soak.Result r = new Soak(dir, ledger, planned.plan(), nJobs, TerminalConsole.forStdout(), System::currentTimeMillis).run();
        LedgerStatus status = LedgerStatus.read(dir);
        System.out.println("soak: " + r.runs() + " run(s) this time, " + r.failures() + " failing; the ledger holds " + status.runs() + " run(s), "
                + status.failedRuns() + " failing, " + status.failures().size() + " distinct failure(s); soak status " + dir);
        if (r.harnessFailure() != null) throw new IllegalStateException("soak: a worker failed", r.harnessFailure());
        return status.failures().isEmpty() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** --runs, --time, --until (the earlier of the two wall-clock bounds); bad input for a bad one. */
    private Stop stop() {
        if (runs != null && runs < 1) throw new BadInputException("--runs=" + runs + ": out of range (accepted: 1 or more)");
        Long deadline = null;
        long now = System.currentTimeMillis();
        if (time != null) deadline = now + Durations.parse("--time", time) / 1_000_000L;
        if (until != null) {
            long at = untilMs(until, ZonedDateTime.now(ZoneId.systemDefault()));
            deadline = deadline == null ? at : Math.min(deadline, at);
        }
        return new Stop(runs, deadline);
    }

    /** The next local time {@code hhmm} after {@code now}, in epoch ms. */
    static long untilMs(String hhmm, ZonedDateTime now) {
        LocalTime t;
        try {
            t = LocalTime.parse(hhmm.trim());
        } catch (DateTimeParseException e) {
            throw new BadInputException("--until=" + hhmm + ": not a time of day (accepted: HH:MM or HH:MM:SS, 24-hour, e.g. 07:00)");
        }
        ZonedDateTime at = now.with(t);
        if (!at.isAfter(now)) at = at.plusDays(1);
        return at.toInstant().toEpochMilli();
    }
}
