package org.proxytorture.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.proxytorture.config.BadInputException;

/**
 * scripts/proxytorture report DIR: one static, self-contained HTML page (DIR/report/index.html by
 * default) over what a soak, the gate, the scripts/torture runner or pidemo --out left in DIR. The
 * directory is read and the whole page built in memory first: a directory this does not
 * understand, a missing one or a corrupt database is bad input, and then nothing is written.
 */
public final class Report {
    public static final String INDEX = "index.html";

    /** What was written: the page, its size, its charts, and which kind of directory it reports. */
    public record Written(Path index, long bytes, int charts, String kind) { }

    /** A page and the data files it links (big per-run tables), by name in the output directory. */
    record Rendered(String kind, Page page, Map<String, String> files) { }

    /** Where the page goes and how it links the files of the reported directory. */
    record Links(Path dir, Path out) {
        /** {@code file} (in the reported directory) as a link relative to the page. */
        String to(Path file) {
            return out.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        }
    }

    private Report() { }

    /** A resource of the jar (the chart library) copied beside the page. */
    private static void copy(String resource, Path to) throws IOException {
        try (var in = Report.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the chart library is not in the build: " + resource);
            Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The default output directory: DIR/report. */
    public static Path defaultOut(Path dir) {
        return dir.resolve("report");
    }

    public static Written write(Path dir, Path out, String generator) {
        if (!Files.isDirectory(dir)) throw new BadInputException(dir + ": no such directory (accepted: " + Input.ACCEPTED + ")");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new BadInputException("--out " + out + ": not a directory (accepted: a new or existing directory)");
        Rendered r = Input.read(dir).render(new Links(dir, out));
        String html = r.page().html(generator);
        try {
            Files.createDirectories(out);
            for (var f : r.files().entrySet()) Files.writeString(out.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            if (r.page().charts() > 0) {
                copy(Charts.LIBRARY_RESOURCE, out.resolve(Charts.LIBRARY_FILE));
                copy(Charts.LIBRARY_LICENSE, out.resolve(Charts.LIBRARY_FILE + ".LICENSE"));
            }
            Path index = out.resolve(INDEX);
            Path tmp = out.resolve(INDEX + ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Written(index, Files.size(index), r.page().charts(), r.kind());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + out + ": " + e.getMessage(), e);
        }
    }
}
