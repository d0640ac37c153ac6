package org.proxytorture.explore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.explore.shrink.ChoiceLists;
import org.proxytorture.explore.shrink.Shrinker;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ChoiceSource;

/**
 * The property engine for JUnit 5 tests: "for N tries from a seed, no checker fires". A test
 * declares a scenario generator (or a fixed target) and calls {@link #check()}, which
 *
 * <ol>
 * <li>replays the failures stored in the database directory for this property first (Hypothesis'
 *     reuse phase), and fails if one still fails (a fixed one is removed from the database);</li>
 * <li>runs the tries from the seed (the system property {@code proxytorture.seed} overrides it),
 *     printing the seed first, so a report is a complete recipe;</li>
 * <li>on a failure, shrinks it, stores the shrunk replay file, and throws an AssertionError with
 *     the identity, the seed, the shrunk timeline and the file's path.</li>
 * </ol>
 *
 * <pre>{@code
 * PropertyCheck.forAll("mutex_nested", c -> new TortureTarget(null, 2 + c.choose(3), 1000, 200_000_000L,
 *         "locktorture.nested_locks=" + c.choose(5))).tries(20).check();
 * }</pre>
 */
public final class PropertyCheck {
    /** The default database directory (Hypothesis' .hypothesis/), under Maven's target/. */
    public static final Path DEFAULT_DATABASE = Path.of("target", "proxytorture-db");

    private final String name;
    private final Target target;
    private final ScenarioGenerator generator;
    private int tries = 20;
    private long seed = 1;
    private String strategy = "random";
    private int depth = 3;
    private Path database = DEFAULT_DATABASE;
    private long shrinkMs = 60_000;
    private java.io.PrintStream log = System.out;

    private PropertyCheck(String name, Target target, ScenarioGenerator generator) {
        if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("property name '" + name + "': letters, digits, _ . - only");
        this.name = name;
        this.target = target;
        this.generator = generator;
    }

    /** A property over scenarios drawn as choices. */
    public static PropertyCheck forAll(String name, ScenarioGenerator g) {
        return new PropertyCheck(name, ScenarioGenerator.target(name, g), g);
    }

    /** A property of one target (a fixed scenario, or a test's own machine). */
    public static PropertyCheck of(String name, Target t) {
        return new PropertyCheck(name, t, null);
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

    public PropertyCheck log(java.io.PrintStream out) {
        this.log = out;
        return this;
    }

    private Path dir() {
        return database.resolve(name);
    }

    /** Stored failures, replayed first; then the tries. Throws AssertionError on a failure. */
    public void check() {
        replayStored();
        long s = Long.getLong("proxytorture.seed", seed);
        log.println("proxytorture property " + name + ": seed " + s + ", " + tries + " tries, strategy " + strategy + ", " + target.describe());
        Strategy st = Strategies.byName(strategy, depth);
        Explorer.Result r = Explorer.explore(target, st, s, tries, 0, null, null);
        if (r.found() == null) {
            log.println("proxytorture property " + name + ": " + st.cleanSummary(r.tries()));
            return;
        }
        Explorer.Found f = r.found();
        Shrinker.Result sr = new Shrinker(st, f.params(), f.outcome().identity(), shrinkMs, Shrinker.MAX_STALL)
                .shrink(target, f.outcome().choices(), f.outcome());
        Path file = store(f, sr, s);
        List<String> msg = new ArrayList<>();
        msg.add("property " + name + " failed: " + f.outcome().identity() + " (seed " + s + ", try " + f.index() + " of " + tries
                + ", try seed " + f.seed() + "; shrunk in " + sr.calls() + " runs, " + sr.stopReason() + ")");
        msg.addAll(Timeline.render(sr.target(), sr.choices(), sr.outcome()));
        msg.add("replay file: " + file);
        throw new AssertionError(String.join("\n", msg));
    }

    private Path store(Explorer.Found f, Shrinker.Result sr, long s) {
        Outcome o = sr.outcome();
        TortureTarget scenario = sr.target() instanceof TortureTarget t ? t : new TortureTarget(null, Math.max(1, o.cpus()), 1000, Math.max(1, o.simNs()), "");
        String id = Long.toHexString(o.identity().toString().hashCode() & 0xffffffffL);
        Path file = dir().resolve(id + ".json");
        ReplayFile.of("property:" + name, scenario, s, strategy, f.params(), ChoiceLog.of(sr.choices()), o, true).write(file);
        return file;
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
            Target t = generator != null || !(target instanceof TortureTarget) ? target : rf.target();
            Outcome o = t.run(new RecordingChoices(src, true));
            if (o.failed()) {
                List<String> msg = new ArrayList<>();
                msg.add("property " + name + ": a stored failure still fails: " + o.identity() + " (" + p + ", seed " + rf.seed() + ")");
                msg.addAll(Timeline.render(t, ChoiceLists.canonical(o.choices()), o));
                throw new AssertionError(String.join("\n", msg));
            }
            log.println("proxytorture property " + name + ": stored failure " + rf.identity() + " no longer fails; removed " + p);
            delete(p);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
