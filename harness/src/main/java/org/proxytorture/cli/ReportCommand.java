package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.proxytorture.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** scripts/proxytorture report DIR: one static, self-contained HTML page over a soak, gate, scripts/torture or pidemo --out directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {Main.EXIT_0, "1:not used: the page is written whatever the runs found (their failures are in it)", Main.EXIT_2 + " (a directory it does not understand, a missing one, a corrupt database: nothing is written)", Main.EXIT_3},
        description = {"Write a self-contained HTML report (its charts drawn by Apache ECharts, copied beside the page: it opens from file://"
                + " with no network) over what a soak"
                + " (soak.db), the gate (its --junit-xml file and gate-failures/), scripts/torture (res/DATE/) or pidemo --out left in DIR."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a soak, gate, scripts/torture results or pidemo --out directory")
    Path dir;

    @Option(names = "--out", paramLabel = "DIR", description = "where index.html (and the files it links) go (default: DIR/report)")
    Path out;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        Report.Written w = Report.write(dir, out != null ? out : Report.defaultOut(dir), Version.line() + ", " + org.proxytorture.explore.ReplayFile.MODEL_VERSION);
        System.out.printf("report: %s (%s directory, %d charts, %d bytes)%n", w.index(), w.kind(), w.charts(), w.bytes());
        return Main.EXIT_OK;
    }
}
