package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.Timeline;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.config.BadInputException;
import org.proxytorture.run.TraceOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Replays a replay file: the same event hash, or a plain statement that the model changed.
 * Exit 1 when the recorded failure is reproduced, 0 for a recorded passing run reproduced, 2 for
 * a file that cannot be replayed (bad JSON, another model version, an unknown scenario, or a
 * different event hash).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:the recorded failure was reproduced exactly", Main.EXIT_2, Main.EXIT_3},
        description = "Replay a replay file exactly (same event hash), or say that the model changed.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a replay file written by explore, shrink, soak, gate or scripts/torture; or the directory holding one"
            + " (scripts/torture's run directory: replay.json; a soak's failures/<identity>/: found.min.json)")
    Path file;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "scenario directory, to check the file's scenario name")
    Path configDir;

    @Mixin
    TraceOptions trace = new TraceOptions();

    @Override
    public Integer call() {
        file = ReplayFile.resolve(file);
        ReplayFile rf = load(file, configDir);
        TraceOutput traceOut = trace.output();
        Outcome o = traceOut.enabled() ? rf.replay(traceOut.observers()) : replay(rf);
        if (!o.hashHex().equals(rf.eventHash())) {
            modelChanged(file, rf, o);
            return Main.EXIT_BAD_INPUT;
        }
        System.out.println("replay: " + rf.target().describe());
        if (o.failed()) Timeline.render(rf.target(), rf.choiceArray(), o).forEach(System.out::println);
        System.out.println("replay: reproduced exactly: event hash " + o.hashHex() + ", " + (o.failed() ? "failure " + o.identity() : "passed")
                + ", " + o.events() + " events, " + rf.forcedChoices() + " forced choices");
        traceOut.write(o.failed() ? o.simNs() : -1); // a replay stops at its failure
        return o.failed() ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    /** Reads the file; bad input if it is not a replay file, of another model version, or names an unknown scenario. */
    static ReplayFile load(Path file, Path configDir) {
        ReplayFile rf = ReplayFile.read(file);
        if (rf.scenario() != null) {
            var names = TortureTarget.scenarioNames(ScenarioOptions.configDir(configDir));
            if (!names.contains(rf.scenario()))
                throw new BadInputException(file + ": unknown scenario \"" + rf.scenario() + "\" (accepted: " + String.join(" ", names) + ")");
        }
        rf.target(); // its machine and command line, checked as a run would check them
        return rf;
    }

    static Outcome replay(ReplayFile rf) {
        return rf.replay();
    }

    static void modelChanged(Path file, ReplayFile rf, Outcome o) {
        System.err.println("proxytorture: " + file + ": replays to event hash " + o.hashHex() + " (" + (o.failed() ? o.identity() : "passed")
                + "), not the recorded " + rf.eventHash() + " (" + rf.identity() + "): the model changed since the file was written under "
                + rf.modelVersion() + " (accepted: files that replay exactly; bump ReplayFile.MODEL_VERSION when the model changes)");
    }
}
