package org.proxytorture.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.proxytorture.config.BadInputException;
import org.proxytorture.soak.LedgerSchema;

/** A directory the report understands, read whole: each kind renders its own page. */
sealed interface Input permits SoakReport, GateReport, TortureReport, PiDemoReport, BugsReport {
    String ACCEPTED = "a soak directory (soak.db), a gate directory (its JUnit XML), a scripts/torture results directory"
            + " (RUN/summary.json), a pidemo --out directory (pidemo.json) or a bugs --out directory (bugs.json; with --shrink bug-ID.json, bug-ID.min.json)";

    Report.Rendered render(Report.Links links);

    /** The kind of {@code dir}, told by the files it holds, read; bad input if it is none of them. */
    static Input read(Path dir) {
        if (Files.exists(dir.resolve(LedgerSchema.FILE))) return SoakReport.read(dir);
        if (Files.exists(dir.resolve(PiDemoFiles.FILE))) return new PiDemoReport(dir, PiDemoFiles.read(dir));
        try {
            if (!GateReport.suites(dir).isEmpty()) return GateReport.read(dir);
            if (!TortureReport.runDirs(dir).isEmpty()) return TortureReport.read(dir);
            if (BugsReport.holds(dir)) return BugsReport.read(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot read it (" + e.getMessage() + ")");
        }
        throw new BadInputException(dir + ": not a directory the report understands (accepted: " + ACCEPTED + ")");
    }
}
