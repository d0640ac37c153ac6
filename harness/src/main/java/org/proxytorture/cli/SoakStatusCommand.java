package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.proxytorture.soak.LedgerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soak status DIR}: the ledger's summary table, also while a soak is still writing into it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {"0:the ledger holds no failure", "1:the ledger holds a failure", Main.EXIT_2, Main.EXIT_3},
        description = "Print a soak's summary from its ledger (DIR/soak.db): runs per scenario, distinct failures and their reproducers, soft findings.")
public final class SoakStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a soak's directory")
    Path dir;

    @picocli.CommandLine.Option(names = "--runs", description = "also list every committed run: seq scenario seed verdict event_hash identity")
    boolean runs;

    @Override
    public Integer call() {
        LedgerStatus s = LedgerStatus.read(dir);
        s.lines(dir).forEach(System.out::println);
        if (runs) LedgerStatus.runLines(dir).forEach(System.out::println);
        return s.failures().isEmpty() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
