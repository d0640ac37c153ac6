package org.proxytorture.soak.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.proxytorture.check.Identity;
import org.proxytorture.soak.Host;
import org.proxytorture.soak.Ledger;
import org.proxytorture.soak.RunRecord;
import org.proxytorture.soak.Shard;
import org.proxytorture.soak.SoakRecipe;
import org.proxytorture.soak.Stop;

/**
 * The first-seen decision and the ledger writer: two workers commit failing runs of one identity
 * at once. Exactly one of them sees it first (Decision NEW = 1; the other counts it, COUNTED = 3),
 * and both runs are in the ledger afterwards (the arbiter's count).
 */
@JCStressTest
@Description("Two workers commit runs 0 and 1, failing with one identity: one decides NEW, the other COUNTED; both rows committed.")
@Outcome(id = {"1, 3, 2", "3, 1, 2"}, expect = ACCEPTABLE, desc = "one worker saw the identity first, the other counted it; both runs in the ledger")
@Outcome(expect = FORBIDDEN, desc = "both (or neither) saw it first, or a finished run is missing from the ledger")
@State
public class SoakLedgerStress {
    private static final Identity ID = Identity.of("placement", "P2", "task=lock_torture_wr");
    private final Path dir;
    private final Ledger ledger;

    public SoakLedgerStress() {
        try {
            dir = Files.createTempDirectory("proxytorture-jcstress-ledger");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ledger = Ledger.create(dir, new SoakRecipe("TINY", dir.toString(), "", "", null, List.of(), 1, 1_000_000L, 1000, Shard.WHOLE),
                new Stop(2L, null), new Host("jcstress", "-", "-", "-"));
    }

    private static RunRecord failing(long seq) {
        return new RunRecord(seq, "TINY", seq + 1, 4, 8, 1000, 1_000_000L, "", "2026-01-01T00:00:00.00" + seq + "Z", 1, 100, 1_000_000L,
                "0000000000000000", ID, 5, List.of(), 10);
    }

    @Actor
    public void worker1(III_Result r) {
        r.r1 = ledger.record(failing(0)).ordinal();
    }

    @Actor
    public void worker2(III_Result r) {
        r.r2 = ledger.record(failing(1)).ordinal();
    }

    @Arbiter
    public void ledgerAfterwards(III_Result r) {
        r.r3 = ledger.committed().size();
        ledger.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
