package org.proxytorture.soak.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;
import org.proxytorture.soak.SeedAllocator;
import org.proxytorture.soak.Stop;

/** Resume bookkeeping: a soak of three runs resumed with run 1 committed (run 0 was in flight when it was killed). */
@JCStressTest
@Description("Resumed with run 1 committed: the two workers run the lost run 0 and the next run 2, each once; run 1 never again.")
@Outcome(id = {"0, 2", "2, 0"}, expect = ACCEPTABLE, desc = "the lost run and the next one, one each")
@Outcome(expect = FORBIDDEN, desc = "a committed run run again, a run twice, or one skipped")
@State
public class SoakResumeStress {
    private final SeedAllocator alloc = new SeedAllocator(List.of(1L), new Stop(3L, null), () -> 0);

    @Actor
    public void worker1(JJ_Result r) {
        r.r1 = alloc.next();
    }

    @Actor
    public void worker2(JJ_Result r) {
        r.r2 = alloc.next();
    }
}
