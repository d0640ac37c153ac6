package org.proxytorture.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.explore.Outcome;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.explore.Timeline;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.explore.shrink.Shrinker;

/**
 * DIR/failures/&lt;identity-slug&gt;/, the files explore and shrink write for a failure:
 * <pre>
 * found.json         the first run with this identity, as a replay file (replay, shrink take it)
 * seed&lt;N&gt;.json       a later run with fewer forced choices than the best reproducer so far
 * found.min.json     the shrunk failure (shrink's NAME.min.json)
 * timeline.txt       the shrunk failure's timeline (explore's and shrink's printout)
 * splat.txt          the lockdep splat, where the report has one
 * trace.ftrace.txt   the shrunk run's ftrace text (Perfetto opens it; replay --ftrace)
 * trace.chrome.json  the same as Chrome trace-event JSON (replay --chrome-trace)
 * </pre>
 * Replay files name the random strategy and the run's seed: a soak run is explore's try 0 of that seed.
 */
public final class FailureFiles {
    public static final String DIR = "failures";
    public static final String FOUND = "found.json";
    public static final String MIN = "found.min.json";
    static final String STRATEGY = "random";

    private final Path root;

    public FailureFiles(Path soakDir) {
        this.root = soakDir;
    }

    /** DIR-relative path of {@code file} in {@code slug}'s directory (what the ledger records). */
    public static String relative(String slug, String file) {
        return DIR + "/" + slug + "/" + file;
    }

    public Path path(String slug, String file) {
        return root.resolve(DIR).resolve(slug).resolve(file);
    }

    /** The run's replay file as {@code file}; returns its DIR-relative path. */
    public String writeRun(String slug, String file, RunSpec spec, Outcome o) {
        ReplayFile.of(spec.target(), spec.seed(), STRATEGY, "", o.choices(), o, false).write(path(slug, file));
        return relative(slug, file);
    }

    /**
     * The shrunk failure's files; the min file is replayed once more with a trace recorder for the
     * trace files, and must give its event hash. Returns the min file's DIR-relative path.
     */
    public String writeShrunk(String slug, RunSpec spec, Shrinker.Result r) {
        TortureTarget t = (TortureTarget) r.target();
        Path min = path(slug, MIN);
        ReplayFile rf = ReplayFile.of(t, spec.seed(), STRATEGY, "", r.choices(), r.outcome(), true);
        rf.write(min);
        write(path(slug, "timeline.txt"), Timeline.render(t, r.choices(), r.outcome()));
        List<String> splat = splat(r.outcome().report());
        if (!splat.isEmpty()) write(path(slug, "splat.txt"), splat);
        rf.writeTrace(path(slug, "trace.ftrace.txt"), path(slug, "trace.chrome.json"));
        return relative(slug, MIN);
    }

    /** The lockdep splat of a report (from its ===== line to *** DEADLOCK ***), or nothing. */
    static List<String> splat(List<String> report) {
        int at = -1;
        for (int i = 0; i < report.size(); i++) if (report.get(i).contains("possible circular locking dependency detected")) at = i;
        if (at < 1) return List.of();
        List<String> out = new ArrayList<>();
        for (int i = at - 1; i < report.size(); i++) {
            out.add(report.get(i));
            if (report.get(i).contains("*** DEADLOCK ***")) break;
        }
        return out;
    }

    /** The identity's directory's name (as the ledger has it). */
    public static String slug(Identity id) {
        return Slug.of(id);
    }

    private static void write(Path p, List<String> lines) {
        try {
            Files.createDirectories(p.getParent());
            Files.write(p, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
