package org.proxytorture.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.proxytorture.soak.Host;
import org.proxytorture.soak.LedgerStatus;
import org.proxytorture.soak.SoakMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soak merge OUT DIR...}: shard ledgers (or soaks of one recipe) as one, in a new OUT. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        exitCodeListHeading = Main.EXIT_CODES_HEADING,
        exitCodeList = {"0:merged; the merged ledger holds no failure", "1:merged; it holds a failure (soak status OUT lists them)", Main.EXIT_2, Main.EXIT_3},
        description = "Merge soak directories (the shards of one soak, --shard i/N) into a new OUT: every run once, failures deduplicated"
                + " across them with the best reproducer kept, soft findings summed. The inputs are only read.")
public final class SoakMergeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUT", description = "the merged soak's directory (must not hold a soak)")
    Path out;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "DIR", description = "soak directories to merge")
    List<Path> dirs;

    @Override
    public Integer call() {
        SoakMerge.Merged m = SoakMerge.merge(out, dirs, Host.probe(Version.implementationVersion()));
        LedgerStatus s = LedgerStatus.read(out);
        System.out.println("soak merge: " + dirs.size() + " soak(s) into " + out + ": " + m.runs() + " run(s)" + (m.duplicates() > 0 ? " (" + m.duplicates()
                + " held twice, kept once)" : "") + ", " + s.failedRuns() + " failing, " + m.failures() + " distinct failure(s); soak status " + out);
        return s.failures().isEmpty() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
