package org.proxytorture.explore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.shrink.ChoiceLists;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.explore.space.ScenarioSpace;
import org.proxytorture.explore.space.Statistics;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.ReplayChoices;

/**
 * The property engine for JUnit 5 tests: "for N tries from a seed, no checker fires" (and,
 * with {@link #holds}, whatever else must hold of each try). A test declares its scenarios (drawn
 * from the scenario space, drawn by its own generator, or one fixed target) and calls
 * {@link #check()}, which
 *
 * <ol>
 * <li>replays the failures stored in the database directory for this property first (Hypothesis'
 *     reuse phase), and fails if one still fails (a fixed one is removed from the database);</li>
 * <li>runs the tries from the seed (the system property {@code proxytorture.seed} overrides it,
 *     {@code proxytorture.tries} the number of tries), printing the seed first, so a report is a
 *     complete recipe, and counts what each try was in the statistics tables (jqwik's
 *     {@code Statistics.collect}: torture type, generation, CPUs, features, proxy branches);</li>
 * <li>on a failure, shrinks it (scenario and schedule together, the identity pinned), stores the
 *     shrunk replay file, and throws an AssertionError with the identity, the seed, the shrunk
 *     scenario, its timeline, and the replay command;</li>
 * <li>after a clean search, fails if a class the property declared with {@link #cover} stayed
 *     under its minimum share (jqwik's {@code coverage}).</li>
 * </ol>
 *
 * <pre>{@code
 * PropertyCheck.forAllScenarios("clean", ScenarioSpace.fixed(List.of("duration=100"))).tries(30)
 *         .cover("generation", "full", 0.05).check();
 * PropertyCheck.forAll("mutex_nested", c -> new TortureTarget(null, 2 + c.choose(3), 1000, 200_000_000L,
 *         "locktorture.nested_locks=" + c.choose(5))).tries(20).check();
 * }</pre>
 *
 * <p>{@link #report()} says what the last check did (seed, tries, statistics): the JUnit
 * extension ({@code explore.property}) publishes it in the test report. The engine is
 * deterministic: tries, shrinking and replays depend on the seed only; the wall clock bounds the
 * whole search ({@link #timeBudgetMs}) and the shrink, never what a run does.
 */
public final class PropertyCheck {
    /** The default database directory (Hypothesis' .hypothesis/), under Maven's target/. */
    public static final Path DEFAULT_DATABASE = Path.of("target", "proxytorture-db");

    private final String name;
    /** A generator's target (its draws first in each try's choice list), or one fixed target; null for scenarios drawn per try. */
    private final Target target;
    private final ScenarioGenerator generator;
    /** The space each try draws its scenario from (edge cases first), or null. */
    private final ScenarioSpace space;
    private RunProperty property = RunProperty.NO_FAILURE;
    /** Parameters added to each drawn scenario's command line (a catalog fault), or empty. */
    private BootArgs extra = BootArgs.EMPTY;
    private final List<Statistics.Requirement> coverage = new ArrayList<>();
    private int tries = 20;
    private long seed = 1;
    private String strategy = "random";
    private int depth = 3;
    private Path database = DEFAULT_DATABASE;
    private long shrinkMs = 60_000;
    private long budgetMs;
    private java.io.PrintStream log = System.out;
    /** The scenario the current try ran (a generator's draw is known once the try ran): the statistics count it. */
    private TortureTarget lastScenario;
    /** The target the current try ran. */
    private Target lastTarget;
    private Report report;

    private PropertyCheck(String name, Target target, ScenarioGenerator generator, ScenarioSpace space) {
        if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("property name '" + name + "': letters, digits, _ . - only");
        this.name = name;
        this.generator = generator;
        this.space = space;
        this.target = generator == null ? target : ScenarioGenerator.target(name, c -> lastScenario = generator.generate(c));
        this.report = new Report(name, seed, tries, 0, 0, List.of(), List.of(), "not run");
    }

    /** A property over scenarios drawn as choices: the draws come first in each try's list, so shrinking shrinks them. */
    public static PropertyCheck forAll(String name, ScenarioGenerator g) {
        return new PropertyCheck(name, null, g, null);
    }

    /**
     * A property over the scenario space: try i runs {@code space.draw(seed, i)}, so the first
     * tries are its edge cases; a failure is shrunk by the scenario's own simplifications (fewer
     * CPUs, tasks, locks, features off, a simpler generation, a shorter run), then its schedule,
     * and stored as a replay file that {@code scripts/proxytorture replay} runs as it is.
     */
    public static PropertyCheck forAllScenarios(String name, ScenarioSpace space) {
        return new PropertyCheck(name, null, null, space);
    }

    /** A property of one target (a fixed scenario, or a test's own machine). */
    public static PropertyCheck of(String name, Target t) {
        return new PropertyCheck(name, t, null, null);
    }

    public String name() {
        return name;
    }

    public PropertyCheck tries(int n) {
        this.tries = n;
        return this;
    }

    public PropertyCheck seed(long s) {
        this.seed = s;
        return this;
    }

    public PropertyCheck strategy(String s, int pctDepth) {
        Strategies.byName(s, pctDepth); // bad names fail here
        this.strategy = s;
        this.depth = pctDepth;
        return this;
    }

    public PropertyCheck database(Path dir) {
        this.database = dir;
        return this;
    }

    public PropertyCheck shrinkTimeMs(long ms) {
        this.shrinkMs = ms;
        return this;
    }

    /** At most this much wall time for the tries (0: no bound but the number of tries); shrinking has its own bound. */
    public PropertyCheck timeBudgetMs(long ms) {
        this.budgetMs = ms;
        return this;
    }

    public PropertyCheck log(java.io.PrintStream out) {
        this.log = out;
        return this;
    }

    /**
     * What must hold of each try besides "it does not fail" (see {@link RunProperty}). Needs a
     * scenario per try ({@link #forAllScenarios}, or {@link #of} a {@link TortureTarget}): the
     * property sees the scenario it may run again.
     */
    public PropertyCheck holds(RunProperty p) {
        if (generator != null || (space == null && !(target instanceof TortureTarget)))
            throw new IllegalStateException("property " + name + ": holds() needs a scenario per try (forAllScenarios, or of(TortureTarget))");
        this.property = p;
        return this;
    }

    /**
     * Each drawn scenario with these kernel parameters after its own (later wins, as the kernel
     * parses them): a catalog fault ({@code proxytorture.inject=B05}), a checker threshold. For
     * {@link #forAllScenarios}.
     */
    public PropertyCheck withBootargs(String bootargs) {
        if (space == null) throw new IllegalStateException("property " + name + ": withBootargs() adds to scenarios drawn from a space (forAllScenarios)");
        this.extra = extra.with(BootArgs.parse(bootargs));
        return this;
    }

    /**
     * A class of the statistics ({@code table} and {@code value}, as {@link Statistics} names
     * them: "torture type"/"rwsem_lock", "generation"/"full", "feature"/"cpu_hotplug", "proxy
     * branch"/"proxy_migrate") that at least {@code minShare} (0..1) of the tries must reach; a
     * clean search that stays under it fails (jqwik's coverage check).
     */
    public PropertyCheck cover(String table, String value, double minShare) {
        if (minShare < 0 || minShare > 1) throw new IllegalArgumentException("cover " + table + " " + value + ": minShare " + minShare + " is not in 0..1");
        coverage.add(new Statistics.Requirement(table, value, minShare));
        return this;
    }

    /**
     * What the last {@link #check()} did, for a test report: the seed it used, the tries asked for
     * and run, its wall time, the statistics table, the failures the property does not judge, and
     * its verdict (passed, or the failure's identity).
     */
    public record Report(String name, long seed, int tries, int triesRun, long wallMs, List<String> statistics, List<String> otherFailures,
            String verdict) { }

    public Report report() {
        return report;
    }

    /** The property's directory in the database, absolute: the replay command it prints runs from anywhere. */
    private Path dir() {
        return database.resolve(name).toAbsolutePath().normalize();
    }

    /** The seed and number of tries a check uses: the test's, unless the system properties say otherwise. */
    private long effectiveSeed() {
        return Long.getLong("proxytorture.seed", seed);
    }

    private int effectiveTries() {
        return Integer.getInteger("proxytorture.tries", tries);
    }

    /**
     * Try i's target: the drawn scenario (or the fixed one) with the property and the try's seed;
     * a generator's target (its scenario is known once the try ran) or a fixed non-torture target
     * as it is.
     */
    private Target tryTarget(long s, int i) {
        TortureTarget scenario = space != null ? withExtra(space.draw(s, i)) : target instanceof TortureTarget t ? t : null;
        lastScenario = scenario;
        lastTarget = scenario == null || (space == null && property == RunProperty.NO_FAILURE) ? target
                : new PropertyTarget(scenario, Strategy.trySeed(s, i), property);
        return lastTarget;
    }

    private TortureTarget withExtra(TortureTarget t) {
        return extra.asMap().isEmpty() ? t : new TortureTarget(t.scenario(), t.cpus(), t.hz(), t.durationNs(), t.bootargs().with(extra));
    }

    /** Whether a failing run of {@code t} is this property's failure (not one it leaves to others). */
    private static boolean counts(Target t, Outcome o) {
        return t instanceof PropertyTarget p ? p.counts(o) : o.failed();
    }

    /** Stored failures, replayed first; then the tries. Throws AssertionError on a failure. */
    public void check() {
        long start = System.nanoTime();
        long s = effectiveSeed();
        int n = effectiveTries();
        report = new Report(name, s, n, 0, 0, List.of(), List.of(), "replaying stored failures");
        replayStored();
        log.println("proxytorture property " + name + ": seed " + s + ", " + n + " tries" + (budgetMs > 0 ? " or " + budgetMs / 1000 + " s" : "")
                + ", strategy " + strategy + ", " + describe() + " (-Dproxytorture.seed=" + s + " repeats it)");
        Strategy st = Strategies.byName(strategy, depth);
        Statistics stats = new Statistics();
        TreeMap<String, Integer> others = new TreeMap<>();
        Explorer.Result r = Explorer.exploreWhere(i -> tryTarget(s, i), st, s, n, budgetMs, PropertyCheck::counts, (i, t, tried, o) -> {
            if (lastScenario != null) stats.add(lastScenario, o);
            if (o.failed() && !counts(lastTarget, o)) others.merge(o.identity().toString(), 1, Integer::sum);
        });
        List<String> table = stats.tries() == 0 ? List.of() : stats.render();
        List<String> other = others.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue() + " tries").toList();
        long wallMs = (System.nanoTime() - start) / 1_000_000L;
        report = new Report(name, s, n, r.tries(), wallMs, table, other, r.found() == null ? "passed" : "failed: " + r.found().outcome().identity());
        if (!table.isEmpty()) {
            log.println("proxytorture property " + name + ": what was generated");
            table.forEach(log::println);
        }
        if (!other.isEmpty()) log.println("proxytorture property " + name + ": runs that failed by themselves (not judged by " + property.name() + "): " + other);
        if (r.found() == null) {
            log.println("proxytorture property " + name + ": " + st.cleanSummary(r.tries()) + " (" + wallMs + " ms)");
            List<String> missed = stats.missed(coverage);
            if (!missed.isEmpty()) {
                report = new Report(name, s, n, r.tries(), wallMs, table, other, "coverage missed: " + String.join("; ", missed));
                List<String> msg = new ArrayList<>();
                msg.add("property " + name + ": coverage (seed " + s + ", " + r.tries() + " tries): " + String.join("; ", missed));
                msg.addAll(table);
                throw new AssertionError(String.join("\n", msg));
            }
            return;
        }
        fail(r.found(), st, s, n);
    }

    private String describe() {
        String p = property == RunProperty.NO_FAILURE ? "" : "; property " + property.name();
        if (space == null) return target.describe() + p;
        return "scenarios from the space" + (space.describePins().isEmpty() ? "" : " (pinned: " + space.describePins() + ")") + ", the first "
                + ScenarioSpace.edgeTries() + " tries its edge cases" + (extra.asMap().isEmpty() ? "" : ", with " + extra) + p;
    }

    /** Shrinks the failure, stores it, and throws the report. */
    private void fail(Explorer.Found f, Strategy st, long s, int n) {
        Shrinker.Result sr = new Shrinker(st, f.params(), f.outcome().identity(), shrinkMs, Shrinker.MAX_STALL)
                .shrink(f.target(), f.outcome().choices(), f.outcome());
        Stored stored = store(f, sr);
        List<String> msg = new ArrayList<>();
        msg.add("property " + name + " failed: " + f.outcome().identity() + " (seed " + s + ", try " + (f.index() + 1) + " of " + n
                + ", try seed " + f.seed() + "; shrunk in " + sr.calls() + " runs, " + sr.stopReason() + ")");
        if (!f.target().describe().equals(sr.target().describe())) msg.add("found in: " + f.target().describe());
        msg.addAll(Timeline.render(sr.target(), sr.choices(), sr.outcome()));
        if (stored.scenario() != null) msg.add("shrunk scenario as a run: " + runCommand(stored.scenario()));
        msg.add("replay file: " + stored.file() + " (replayed first by this property next time)");
        if (stored.replayable() != null) {
            msg.add("replay: scripts/proxytorture replay " + stored.replayable()
                    + (sr.outcome().identity().checker().equals("property") ? "   (the run, its hash and trace; the property itself is checked by this test)" : ""));
        }
        throw new AssertionError(String.join("\n", msg));
    }

    /** The command line that runs {@code t} (with its own seeded schedule, not the failing one: that is the replay file's). */
    static String runCommand(TortureTarget t) {
        return "scripts/proxytorture run --cpus " + t.cpus() + " --hz " + t.hz() + " --duration " + t.durationNs() / 1_000_000L + "ms --bootargs \""
                + t.bootargs() + "\"";
    }

    /** Where a failure was stored: the database file, the file {@code replay} runs (null if none), and the shrunk scenario (null if not a torture scenario). */
    private record Stored(Path file, Path replayable, TortureTarget scenario) { }

    private Stored store(Explorer.Found f, Shrinker.Result sr) {
        Outcome o = sr.outcome();
        String id = Long.toHexString(o.identity().toString().hashCode() & 0xffffffffL);
        Path file = dir().resolve(id + ".json");
        ChoiceLog choices = ChoiceLog.of(sr.choices());
        if (sr.target() instanceof PropertyTarget p) { // a plain replay file: the drawn scenario and its schedule
            ReplayFile.of(null, p.scenario(), p.seed(), strategy, f.params(), choices, o, true).write(file);
            return new Stored(file, file, p.scenario());
        }
        if (sr.target() instanceof TortureTarget t) {
            ReplayFile.of(null, t, f.seed(), strategy, f.params(), choices, o, true).write(file);
            return new Stored(file, file, t);
        }
        // a generator's: the whole list under the property's name (replayed through the generator), and
        // beside it, for replay, the scenario it drew with the decisions after the draws
        TortureTarget dummy = new TortureTarget(null, Math.max(1, o.cpus()), 1000, Math.max(1, o.simNs()), "");
        ReplayFile.of("property:" + name, dummy, f.seed(), strategy, f.params(), choices, o, true).write(file);
        if (generator == null) return new Stored(file, null, null);
        RecordingChoices draws = new RecordingChoices(new ReplayChoices(choices), false);
        TortureTarget drawn = generator.generate(draws);
        int k = (int) Math.min(draws.log().size(), sr.choices().length);
        ChoiceLog rest = ChoiceLog.of(Arrays.copyOfRange(sr.choices(), k, sr.choices().length));
        ReplayFile plain = ReplayFile.of(null, drawn, f.seed(), strategy, f.params(), rest, o, true);
        if (!plain.replay().hashHex().equals(o.hashHex())) return new Stored(file, null, drawn); // a strategy whose replay needs the whole list
        Path replayable = dir().resolve("replay").resolve(id + ".json");
        plain.write(replayable);
        return new Stored(file, replayable, drawn);
    }

    private void replayStored() {
        if (!Files.isDirectory(dir())) return;
        List<Path> files = new ArrayList<>();
        try (var st = Files.list(dir())) {
            st.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir() + ": " + e.getMessage(), e);
        }
        for (Path p : files) {
            ReplayFile rf;
            try {
                rf = ReplayFile.read(p);
            } catch (RuntimeException e) { // another model version, or damaged: it cannot replay any more
                log.println("proxytorture property " + name + ": dropping " + p + ": " + e.getMessage());
                delete(p);
                continue;
            }
            Strategy st = Strategies.byName(rf.strategy(), depth);
            ChoiceSource src = st.replay(rf.strategyParams(), rf.choiceLog());
            Target t = storedTarget(rf);
            Outcome o = t.run(new RecordingChoices(src, true));
            if (counts(t, o)) {
                report = new Report(name, effectiveSeed(), effectiveTries(), 0, 0, List.of(), List.of(), "failed: " + o.identity() + " (stored)");
                List<String> msg = new ArrayList<>();
                msg.add("property " + name + ": a stored failure still fails: " + o.identity() + " (" + p + ", seed " + rf.seed() + ")");
                msg.addAll(Timeline.render(t, ChoiceLists.canonical(o.choices()), o));
                if (t instanceof PropertyTarget pt) msg.add("shrunk scenario as a run: " + runCommand(pt.scenario()));
                msg.add("replay: scripts/proxytorture replay " + (rf.scenario() == null ? p : dir().resolve("replay").resolve(p.getFileName())));
                throw new AssertionError(String.join("\n", msg));
            }
            log.println("proxytorture property " + name + ": stored failure " + rf.identity() + " no longer fails; removed " + p);
            delete(p);
            delete(dir().resolve("replay").resolve(p.getFileName()));
        }
    }

    /**
     * The target a stored file replays on: a generator's list through the generator (Hypothesis
     * replays a stored choice sequence through the current test), a drawn scenario as stored with
     * the property, a fixed non-torture target as it is.
     */
    private Target storedTarget(ReplayFile rf) {
        if (generator != null) return target;
        if (space != null || target instanceof TortureTarget) {
            TortureTarget t = rf.target();
            return property == RunProperty.NO_FAILURE ? t : new PropertyTarget(t, rf.seed(), property);
        }
        return target;
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
