package org.proxytorture.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One failure identity's drill-down (syzkaller's crash page, jcstress' per-test page): the facts
 * (first and last seen, count, seeds, reproducer size), the shrunk run's timeline, the lockdep splat
 * where there is one, the replay and shrink commands, and links to the replay files and to the
 * shrunk run's trace (Chrome trace-event JSON, which ui.perfetto.dev opens, and ftrace text).
 *
 * @param facts    label, value pairs
 * @param files    the identity's files that exist, linked (replay files, traces)
 * @param commands shell commands, shown as they are typed
 */
record FailureBlock(String identity, List<Object[]> facts, List<String> timeline, List<String> splat, List<Path> files, List<String> commands) {
    /** How many timeline lines a page shows (the whole file is linked). */
    static final int TIMELINE_LINES = 400;

    /** The anchor of an identity's block: its position in the failures table. */
    static String anchor(int i) {
        return "failure-" + i;
    }

    /** Blocks shown open when a page has at most this many identities (a link from the table lands on an open block). */
    static final int OPEN_UP_TO = 5;

    void render(Page page, Report.Links links, int i, int of) {
        Page in = new Page("");
        in.raw(new Page.Raw("<a id=\"" + anchor(i) + "\"></a>"));
        List<List<Object>> rows = new ArrayList<>();
        for (Object[] f : facts) rows.add(List.of(f[0], f[1]));
        in.table(anchor(i) + "-facts", List.of("", "value"), rows);
        if (!files.isEmpty()) {
            List<Object> parts = new ArrayList<>();
            parts.add("Files: ");
            for (Path f : files) {
                String name = f.getFileName().toString();
                parts.add(Page.link(links.to(f), name));
                if (name.endsWith(".chrome.json")) parts.add(" (open it in ui.perfetto.dev or chrome://tracing)");
                parts.add(" ");
            }
            in.p(parts.toArray());
        }
        for (String c : commands) in.p(Page.code(c));
        if (!splat.isEmpty()) {
            in.h3("lockdep splat");
            in.pre(splat);
        }
        if (!timeline.isEmpty()) {
            in.h3("shrunk timeline" + (timeline.size() > TIMELINE_LINES ? " (first " + TIMELINE_LINES + " of " + timeline.size() + " lines)" : ""));
            in.pre(timeline.size() > TIMELINE_LINES ? timeline.subList(0, TIMELINE_LINES) : timeline);
        }
        page.details(identity, in, of <= OPEN_UP_TO);
    }

    /** A text file's lines, or none if it is not there. */
    static List<String> lines(Path f) {
        if (!Files.isRegularFile(f)) return List.of();
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Those of {@code names} that exist in {@code dir}. */
    static List<Path> existing(Path dir, String... names) {
        List<Path> out = new ArrayList<>();
        for (String n : names) if (Files.isRegularFile(dir.resolve(n))) out.add(dir.resolve(n));
        return out;
    }
}
