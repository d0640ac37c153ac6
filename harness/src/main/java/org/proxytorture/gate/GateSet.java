package org.proxytorture.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.BugCatalog;

/**
 * A gate set file (torture-scenarios/configs/gate/DEFAULT), kvm.sh-like: one directive per line,
 * {@code #} to the end of a line is a comment.
 *
 * <pre>
 * duration 1s                                   the default simulated time of the lines after it
 * scenario PROXY01 seeds=1-2 [duration=2s] [bootargs="a=b c=d"] [label=NAME] [pin]
 * detect   B05     seeds=1-2 [duration=2s] [pin]   the fault injected: the entry's checker must fire
 * clean    B05     seeds=1   [duration=2s] [pin]   the same scenario without it: it must pass
 * </pre>
 *
 * {@code pin}: the baseline holds the run's event hash. Names must be unique (label= tells two
 * runs of one scenario with different bootargs apart).
 */
public record GateSet(String name, List<GateRun> runs) {

    public GateSet {
        runs = List.copyOf(runs);
    }

    static final String DIRECTIVES = "duration, scenario, detect, clean";
    static final String OPTIONS = "seeds=A-B, duration=TIME, bootargs=\"...\", label=NAME, pin";

    /** Reads {@code file}; durations are read by {@code duration} (the command line's reader); bad input names the line. */
    public static GateSet read(Path file, ToLongFunction<String> duration) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("gate set " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        return parse(file.getFileName().toString(), lines, duration);
    }

    static GateSet parse(String name, List<String> lines, ToLongFunction<String> duration) {
        List<GateRun> runs = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        long defaultNs = 1_000_000_000L;
        for (int i = 0; i < lines.size(); i++) {
            String where = "gate set " + name + " line " + (i + 1);
            List<String> t = tokens(lines.get(i), where);
            if (t.isEmpty()) continue;
            try {
                if (t.get(0).equals("duration")) {
                    if (t.size() != 2) throw new BadInputException("duration takes one value, e.g. duration 1s");
                    defaultNs = duration.applyAsLong(t.get(1));
                    continue;
                }
                for (GateRun r : directive(t, defaultNs, duration)) {
                    if (!names.add(r.name())) throw new BadInputException("run " + r.name() + " twice (label=NAME tells two runs of one scenario apart)");
                    runs.add(r);
                }
            } catch (BadInputException e) {
                throw new BadInputException(where + ": " + e.getMessage());
            }
        }
        if (runs.isEmpty()) throw new BadInputException("gate set " + name + ": no runs (directives: " + DIRECTIVES + ")");
        return new GateSet(name, runs);
    }

    private static List<GateRun> directive(List<String> t, long defaultNs, ToLongFunction<String> duration) {
        String kind = t.get(0);
        if (!List.of("scenario", "detect", "clean").contains(kind))
            throw new BadInputException("unknown directive '" + kind + "' (accepted: " + DIRECTIVES + ")");
        if (t.size() < 2) throw new BadInputException(kind + " needs a name, e.g. " + kind + (kind.equals("scenario") ? " PROXY01" : " B05") + " seeds=1-2");
        String what = t.get(1);
        long[] seeds = null;
        long ns = defaultNs;
        String bootargs = "", label = what;
        boolean pin = false;
        for (String opt : t.subList(2, t.size())) {
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq), value = eq < 0 ? null : opt.substring(eq + 1);
            switch (key) {
                case "pin" -> pin = value == null ? true : badOption(opt);
                case "seeds" -> seeds = seeds(value);
                case "duration" -> ns = duration.applyAsLong(value == null ? "" : value);
                case "bootargs" -> bootargs = kind.equals("scenario") && value != null ? value : badOption(opt);
                case "label" -> label = kind.equals("scenario") && value != null && !value.isEmpty() ? value : badOption(opt);
                default -> badOption(opt);
            }
        }
        if (seeds == null) throw new BadInputException(kind + " " + what + ": seeds=A-B is required");
        List<GateRun> out = new ArrayList<>();
        BugCatalog bug = kind.equals("scenario") ? null : bug(what);
        BootArgs args = kind.equals("scenario") ? BootArgs.parse(bootargs) : null;
        for (long s = seeds[0]; s <= seeds[1]; s++) {
            out.add(bug == null ? new GateRun.Scenario(label, what, s, ns, args, pin) : new GateRun.Catalog(bug, kind.equals("detect"), s, ns, pin));
        }
        return out;
    }

    private static <T> T badOption(String opt) {
        throw new BadInputException("bad option '" + opt + "' (accepted: " + OPTIONS + "; bootargs and label only on scenario lines)");
    }

    private static BugCatalog bug(String id) {
        try {
            return BugCatalog.byId(id);
        } catch (IllegalArgumentException | BadInputException e) {
            throw new BadInputException("unknown catalog entry '" + id + "' (accepted: " + String.join(" ", BugCatalog.ids()) + ")");
        }
    }

    private static long[] seeds(String v) {
        if (v != null && v.matches("\\d{1,9}(-\\d{1,9})?")) {
            int dash = v.indexOf('-');
            long a = Long.parseLong(dash < 0 ? v : v.substring(0, dash)), b = dash < 0 ? a : Long.parseLong(v.substring(dash + 1));
            if (a >= 1 && b >= a && b - a < 1000) return new long[] {a, b};
        }
        throw new BadInputException("bad seeds '" + v + "' (accepted: N or A-B, 1 <= A <= B, at most 1000 seeds)");
    }

    /** The line's words; a double-quoted part (bootargs="a=b c=d") is one word without its quotes. */
    static List<String> tokens(String line, String where) {
        int hash = line.indexOf('#');
        String s = hash < 0 ? line : line.substring(0, hash);
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) out.add(w.toString());
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (quoted) throw new BadInputException(where + ": an unclosed double quote");
        if (any) out.add(w.toString());
        return out;
    }
}
