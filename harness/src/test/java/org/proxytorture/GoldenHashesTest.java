package org.proxytorture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.proxytorture.cli.Main;
import org.proxytorture.explore.ReplayFile;

/**
 * The model pinned (README "Pinned"): every run of {@code src/test/resources/golden/event-hashes.tsv}
 * (every torture type, proxy generation and baseline, bandwidth, hotplug, stutter, the pidemo
 * workload, the memory models, the workload variants and one run per catalog fault) gives the
 * event hash written beside it, through the {@code run} command a user types. A hash that moves is
 * a model change: bump {@link ReplayFile#MODEL_VERSION} and refresh the file in the same commit
 * ({@code mvn -pl harness test -Dtest=GoldenHashesTest -Dgolden.update=true} rewrites the hash
 * column and the model line), and say why in the commit; otherwise the move is a bug to revert.
 */
class GoldenHashesTest {
    static final Path FILE = Path.of("src/test/resources/golden/event-hashes.tsv");
    private static final Pattern HASH = Pattern.compile("event hash ([0-9a-f]{16})");

    /** One line: name, CPUs, HZ, seed, duration, event hash ("-" before the first update), bootargs. */
    record GoldenRun(String name, int cpus, int hz, long seed, String duration, String hash, String bootargs) {
        static GoldenRun parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 7) throw new IllegalArgumentException("golden line needs 7 tab-separated fields: " + line);
            return new GoldenRun(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]);
        }

        String format(String newHash) {
            return String.join("\t", name, Integer.toString(cpus), Integer.toString(hz), Long.toString(seed), duration, newHash, bootargs);
        }

        List<String> args() {
            return List.of("run", "--cpus", Integer.toString(cpus), "--hz", Integer.toString(hz), "--seed", Long.toString(seed),
                    "--duration", duration, "--bootargs", bootargs);
        }
    }

    @Test
    void everyGoldenRunGivesItsPinnedEventHash() throws IOException {
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        boolean update = Boolean.getBoolean("golden.update");
        List<String> rewritten = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        String model = null;
        int runs = 0;
        for (String line : lines) {
            if (line.startsWith("# model ")) {
                model = line.substring("# model ".length()).trim();
                rewritten.add(update ? "# model " + ReplayFile.MODEL_VERSION : line);
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                rewritten.add(line);
                continue;
            }
            GoldenRun r = GoldenRun.parse(line);
            String actual = hashOf(r);
            runs++;
            if (!actual.equals(r.hash())) moved.add(r.name() + ": " + r.hash() + " -> " + actual);
            rewritten.add(r.format(actual));
        }
        if (update) {
            Files.write(FILE, rewritten, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(runs >= 60, "at least 60 pinned runs: " + runs);
        assertEquals(ReplayFile.MODEL_VERSION, model,
                "the golden file was written at another model version: refresh it with -Dgolden.update=true in the commit that bumps MODEL_VERSION");
        assertTrue(moved.isEmpty(), moved.size() + " event hashes moved without a MODEL_VERSION bump (a model change: bump it and refresh "
                + FILE + " with -Dgolden.update=true, or revert):\n" + String.join("\n", moved));
    }

    private static String hashOf(GoldenRun r) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = Main.execute(r.args().toArray(String[]::new));
        } finally {
            System.setOut(out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(rc == 0 || rc == 1, r.name() + ": exit " + rc + "\n" + text);
        Matcher m = HASH.matcher(text);
        String hash = null;
        while (m.find()) hash = m.group(1);
        assertTrue(hash != null, r.name() + ": no event hash printed\n" + text);
        return hash;
    }
}
