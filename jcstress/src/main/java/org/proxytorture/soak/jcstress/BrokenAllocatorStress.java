package org.proxytorture.soak.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * {@link SoakAllocatorStress}'s outcomes over the broken fixture: jcstress must report its
 * forbidden outcome (a number handed out twice), i.e. this test FAILS, which is what it is for.
 * Left out of the soak's run ({@code -t org.proxytorture.soak.jcstress.Soak}); run it alone with
 * {@code -t BrokenAllocatorStress}.
 */
@JCStressTest
@Description("SoakAllocatorStress over an allocator without its lock: the forbidden outcome must show.")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "each worker got its own run number")
@Outcome(expect = FORBIDDEN, desc = "a run number handed out twice (so another skipped): the broken allocator is caught")
@State
public class BrokenAllocatorStress {
    private final BrokenAllocator alloc = new BrokenAllocator(2);

    @Actor
    public void worker1(JJ_Result r) {
        r.r1 = alloc.next();
    }

    @Actor
    public void worker2(JJ_Result r) {
        r.r2 = alloc.next();
    }
}
