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

/** Seed allocation: two workers take the two run numbers of a fresh soak's allocator. */
@JCStressTest
@Description("Two workers take run numbers from a soak of two runs: each gets its own; no number twice, none skipped.")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "each worker got its own run number")
@Outcome(expect = FORBIDDEN, desc = "a run number handed out twice (so another skipped), or none left for a worker")
@State
public class SoakAllocatorStress {
    private final SeedAllocator alloc = new SeedAllocator(List.of(), new Stop(2L, null), () -> 0);

    @Actor
    public void worker1(JJ_Result r) {
        r.r1 = alloc.next();
    }

    @Actor
    public void worker2(JJ_Result r) {
        r.r2 = alloc.next();
    }
}
