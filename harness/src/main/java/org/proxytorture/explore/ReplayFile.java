package org.proxytorture.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.proxytorture.check.Identity;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.Json;

/**
 * One failure (or one run), as a file: the scenario, the seed and strategy it was found with,
 * the recorded choices (ChoiceLog's compact text), the failure identity, the event hash, and the
 * model version. Replaying the choices under the strategy reproduces the run: same event hash.
 *
 * <p>{@link #MODEL_VERSION} is a manual constant: bump it in the same commit as any change that
 * changes what an existing choice list does (a new decision, a reordered one, a different cost
 * or code path), so that old files are refused plainly instead of replaying into something else.
 *
 * @param scenario the configs/lock scenario name, or null for a command line given by hand;
 *                 "property:NAME" for a property test's generated scenario (replayed by that test only)
 */
public record ReplayFile(String modelVersion, String scenario, int cpus, int hz, long durationNs, String bootargs,
        long seed, String strategy, String strategyParams, String choices, long forcedChoices, Identity identity,
        String eventHash, boolean shrunk) {

    /** Bumped by hand when the model changes what a recorded choice list does. */
    public static final String MODEL_VERSION = "proxytorture-model-20";

    /** Runs the file's scenario from its recorded choices, the decisions' kinds noted (for the timeline's forced-decision line). */
    public Outcome replay() {
        return replay(java.util.List.of());
    }

    /** The replay with read-only observers (a trace recorder). */
    public Outcome replay(java.util.List<org.proxytorture.run.RunObserver> observers) {
        return target().run(new RecordingChoices(Strategies.byName(strategy(), 1).replay(strategyParams(), choiceLog()), true), observers);
    }

    public static ReplayFile of(TortureTarget t, long seed, String strategy, String params, ChoiceLog choices, Outcome o, boolean shrunk) {
        return of(t.scenario(), t, seed, strategy, params, choices, o, shrunk);
    }

    /** A file under another scenario name (a property's "property:NAME"; t is then the scenario it generated). */
    public static ReplayFile of(String scenario, TortureTarget t, long seed, String strategy, String params, ChoiceLog choices, Outcome o, boolean shrunk) {
        return new ReplayFile(MODEL_VERSION, scenario, t.cpus(), t.hz(), t.durationNs(), t.bootargs().toString(), seed, strategy, params,
                choices.toCompactString(), choices.nonZero(), o.identity(), o.hashHex(), shrunk);
    }

    /**
     * Replays the file with a trace recorder and writes the run's trace, as ftrace text and as
     * Chrome trace-event JSON (Perfetto opens both); IllegalStateException if it no longer replays
     * to its event hash (the harness broke its own determinism).
     */
    public void writeTrace(Path ftrace, Path chromeJson) {
        org.proxytorture.run.TraceOutput trace = new org.proxytorture.run.TraceOutput(ftrace, chromeJson, null, org.proxytorture.run.TraceOutput.DEFAULT_ENTRIES);
        Outcome again = replay(trace.observers());
        if (!again.hashHex().equals(eventHash))
            throw new IllegalStateException("the replay file of " + target().describe() + " replays to event hash " + again.hashHex() + ", not its " + eventHash);
        trace.write(again.failed() ? again.simNs() : -1);
    }

    public TortureTarget target() {
        return new TortureTarget(scenario, cpus, hz, durationNs, bootargs);
    }

    /** A shrunk or found failure's file from its choice list (the shrinker's result). */
    public static ReplayFile of(TortureTarget t, long seed, String strategy, String params, int[] choices, Outcome o, boolean shrunk) {
        return of(t, seed, strategy, params, ChoiceLog.of(choices), o, shrunk);
    }

    /** The recorded choices, one int each (for the timeline's forced-decision line). */
    public int[] choiceArray() {
        return choiceLog().toArray();
    }

    public ChoiceLog choiceLog() {
        return ChoiceLog.parseCompact(choices);
    }

    /** The file's text: one flat object, one field per line, the choices last (they can be long). */
    public String toJson() {
        ObjectNode o = Json.object();
        o.put("model_version", modelVersion);
        o.put("scenario", scenario);
        o.put("cpus", cpus);
        o.put("hz", hz);
        o.put("duration_ns", durationNs);
        o.put("bootargs", bootargs);
        o.put("seed", seed);
        o.put("strategy", strategy);
        o.put("strategy_params", strategyParams);
        o.put("identity", identity == null ? null : identity.toString());
        o.put("event_hash", eventHash);
        o.put("forced_choices", forcedChoices);
        o.put("shrunk", shrunk);
        o.put("choices", choices);
        return Json.write(o);
    }

    public void write(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write the replay file (" + e.getMessage() + ") (accepted: a writable path)");
        }
    }

    /** The replay files a directory may hold, in the order taken: scripts/torture's run directory, then a soak's failure directory. */
    public static final java.util.List<String> IN_A_DIRECTORY = java.util.List.of("replay.json", "found.min.json", "found.json");

    /**
     * {@code path} itself, or for a directory the replay file it holds: a scripts/torture run
     * directory's replay.json, a soak failure directory's found.min.json (else found.json); bad
     * input (one line) for a directory with none of them.
     */
    public static Path resolve(Path path) {
        if (!Files.isDirectory(path)) return path;
        for (String name : IN_A_DIRECTORY) if (Files.isRegularFile(path.resolve(name))) return path.resolve(name);
        throw new BadInputException(path + ": a directory with no replay file in it (accepted: a replay file, or a directory holding "
                + String.join(", ", IN_A_DIRECTORY) + ": scripts/torture's run directory of a failed run, a soak's failures/<identity>/)");
    }

    /** Reads a replay file; bad input (one line) if it is not one, or is of another model version. */
    public static ReplayFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e instanceof java.nio.charset.CharacterCodingException
                    ? "not UTF-8 text" : Files.isDirectory(file) ? "a directory" : "unreadable";
            throw new BadInputException(file + ": cannot read it: " + why + " (accepted: a readable replay file)");
        }
        return parse(file.toString(), text);
    }

    /**
     * Reads a replay file's text. The model version decides how: every file of this model version
     * has the one flat shape {@link #toJson} writes (the fields were written by hand before Jackson
     * wrote them; the keys and types are the same, so both read alike); a file of another version
     * is refused, since its choices would replay into another run.
     */
    static ReplayFile parse(String where, String text) {
        ObjectNode m;
        try {
            m = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": not a replay file: bad JSON, " + e.getMessage() + " (accepted: the JSON file explore or shrink writes)");
        }
        String version = string(where, m, "model_version", false);
        if (!MODEL_VERSION.equals(version))
            throw new BadInputException(where + ": written by model version " + version + ", this is " + MODEL_VERSION
                    + ": the model changed since, so its choices would replay into another run (accepted: replay files of " + MODEL_VERSION + ")");
        ReplayFile f = new ReplayFile(version, string(where, m, "scenario", true), (int) num(where, m, "cpus", true), (int) num(where, m, "hz", true),
                num(where, m, "duration_ns", false), string(where, m, "bootargs", false), num(where, m, "seed", false),
                string(where, m, "strategy", false), string(where, m, "strategy_params", false), string(where, m, "choices", false),
                num(where, m, "forced_choices", false), identity(where, string(where, m, "identity", true)), string(where, m, "event_hash", false),
                m.path("shrunk").booleanValue());
        if (!Strategies.known(f.strategy))
            throw new BadInputException(where + ": unknown strategy \"" + f.strategy + "\" (accepted: " + String.join("|", Strategies.NAMES)
                    + ", or target:<" + String.join("|", org.proxytorture.run.Scores.NAMES) + ">)");
        try {
            ChoiceLog.parseCompact(f.choices);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": choices: " + e.getMessage());
        }
        return f;
    }

    private static String string(String where, ObjectNode m, String k, boolean nullable) {
        JsonNode v = m.get(k);
        if (v != null && v.isNull() && nullable) return null;
        if (v == null || !v.isTextual()) throw new BadInputException(where + ": not a replay file: no string \"" + k + "\" (accepted: the JSON file explore or shrink writes)");
        return v.textValue();
    }

    private static Identity identity(String where, String text) {
        if (text == null) return null;
        try {
            return Identity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": not a replay file: \"identity\" is not checker/invariant[roles]: \"" + text + "\" (accepted: the JSON file explore or shrink writes)");
        }
    }

    /** An integer value (isInt: one that fits an int, as cpus and hz must). */
    private static long num(String where, ObjectNode m, String k, boolean isInt) {
        JsonNode v = m.get(k);
        if (v == null || !v.isIntegralNumber() || !(isInt ? v.canConvertToInt() : v.canConvertToLong()))
            throw new BadInputException(where + ": not a replay file: no number \"" + k + "\" (accepted: the JSON file explore or shrink writes)");
        return v.longValue();
    }
}
