package org.proxytorture.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.mem.Litmus.ALLOWED;
import static org.proxytorture.kernel.mem.Litmus.FORBIDDEN;
import static org.proxytorture.kernel.mem.Litmus.X;
import static org.proxytorture.kernel.mem.Litmus.Y;
import static org.proxytorture.kernel.mem.Litmus.load;
import static org.proxytorture.kernel.mem.Litmus.loadAcquire;
import static org.proxytorture.kernel.mem.Litmus.lock;
import static org.proxytorture.kernel.mem.Litmus.unlock;
import static org.proxytorture.kernel.mem.Litmus.mb;
import static org.proxytorture.kernel.mem.Litmus.rmb;
import static org.proxytorture.kernel.mem.Litmus.store;
import static org.proxytorture.kernel.mem.Litmus.storeRelease;
import static org.proxytorture.kernel.mem.Litmus.wmb;
import static org.proxytorture.kernel.mem.Litmus.xchg;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;

/**
 * Known answers of tools/memory-model/litmus-tests (the LKMM's "Result: Never/Sometimes"), run on
 * the memory model by an interpreter that explores every schedule and every choice. Each outcome
 * of every test is declared per model: the set observed must equal the set declared ALLOWED.
 * Columns: sc, tso, arm64. Registers are numbered across threads (LKMM's 0:r0 is r0, 1:r0 is r1).
 */
@Tag("fast")
class LitmusTest {

    /** LKMM SB+poonceonces: Sometimes (store buffering; x86 too). */
    static final Litmus SB = Litmus.named("SB+poonceonces")
            .thread(store(X, 1), load(0, Y))
            .thread(store(Y, 1), load(1, X))
            //                   sc         tso        arm64
            .outcome("r0=0 r1=0", FORBIDDEN, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM SB+fencembonceonces: Never. */
    static final Litmus SB_MB = Litmus.named("SB+fencembonceonces")
            .thread(store(X, 1), mb(), load(0, Y))
            .thread(store(Y, 1), mb(), load(1, X))
            .outcome("r0=0 r1=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** SB with value-returning atomics for the stores: fully ordered, so Never (the model's own test). */
    static final Litmus SB_XCHG = Litmus.named("SB+xchgonce+xchgonce")
            .thread(xchg(2, X, 1), load(0, Y))
            .thread(xchg(3, Y, 1), load(1, X))
            .outcome("r0=0 r1=0 r2=0 r3=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 r1=1 r2=0 r3=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=0 r2=0 r3=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1 r2=0 r3=0", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM MP+poonceonces: Sometimes (not on x86). */
    static final Litmus MP = Litmus.named("MP+poonceonces")
            .thread(store(X, 1), store(Y, 1))
            .thread(load(0, Y), load(1, X))
            .outcome("r0=1 r1=0", FORBIDDEN, FORBIDDEN, ALLOWED)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM MP+fencewmbonceonce+fencermbonceonce: Never. */
    static final Litmus MP_WMB_RMB = Litmus.named("MP+fencewmbonceonce+fencermbonceonce")
            .thread(store(X, 1), wmb(), store(Y, 1))
            .thread(load(0, Y), rmb(), load(1, X))
            .outcome("r0=1 r1=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** smp_wmb() alone, the reader's loads unordered: Sometimes under the LKMM (the reader side reorders). */
    static final Litmus MP_WMB = Litmus.named("MP+fencewmbonceonce+poonceonce")
            .thread(store(X, 1), wmb(), store(Y, 1))
            .thread(load(0, Y), load(1, X))
            .outcome("r0=1 r1=0", FORBIDDEN, FORBIDDEN, ALLOWED)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** smp_rmb() alone, the writer's stores unordered: Sometimes under the LKMM (the writer side reorders). */
    static final Litmus MP_RMB = Litmus.named("MP+poonceonce+fencermbonceonce")
            .thread(store(X, 1), store(Y, 1))
            .thread(load(0, Y), rmb(), load(1, X))
            .outcome("r0=1 r1=0", FORBIDDEN, FORBIDDEN, ALLOWED)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM MP+pooncerelease+poacquireonce: Never. */
    static final Litmus MP_REL_ACQ = Litmus.named("MP+pooncerelease+poacquireonce")
            .thread(store(X, 1), storeRelease(Y, 1))
            .thread(loadAcquire(0, Y), load(1, X))
            .outcome("r0=1 r1=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM LB+poonceonces: Sometimes (ARM allows it; x86 does not). */
    static final Litmus LB = Litmus.named("LB+poonceonces")
            .thread(load(0, X), store(Y, 1))
            .thread(load(1, Y), store(X, 1))
            .outcome("r0=1 r1=1", FORBIDDEN, FORBIDDEN, ALLOWED)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=0", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM LB+poacquireonce+pooncerelease: Never. */
    static final Litmus LB_ACQ_REL = Litmus.named("LB+poacquireonce+pooncerelease")
            .thread(load(0, X), storeRelease(Y, 1))
            .thread(loadAcquire(1, Y), store(X, 1))
            .outcome("r0=1 r1=1", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=0", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM CoRR+poonceonce+Once: Never (read-read coherence: two reads of one word never go back). */
    static final Litmus CORR = Litmus.named("CoRR+poonceonce+Once")
            .thread(store(X, 1))
            .thread(load(0, X), load(1, X))
            .outcome("r0=1 r1=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM CoRW+poonceonce+Once: Never (a read does not see a store coherence-after its own later store). */
    static final Litmus CORW = Litmus.named("CoRW+poonceonce+Once").withFinalValues()
            .thread(load(0, X), store(X, 1))
            .thread(store(X, 2))
            .outcome("r0=2 x=2 y=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 x=1 y=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 x=2 y=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=2 x=1 y=0", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM CoWR+poonceonce+Once: Never (a CPU reads its own store or a coherence-later one). */
    static final Litmus COWR = Litmus.named("CoWR+poonceonce+Once").withFinalValues()
            .thread(store(X, 1), load(0, X))
            .thread(store(X, 2))
            .outcome("r0=2 x=1 y=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=1 x=1 y=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 x=2 y=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=2 x=2 y=0", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM MP+polocks: Never (the unlock orders the store before it, the lock the load after it). */
    static final Litmus MP_LOCKS = Litmus.named("MP+polocks")
            .thread(store(X, 1), lock(), store(Y, 1), unlock())
            .thread(lock(), load(0, Y), unlock(), load(1, X))
            .outcome("r0=1 r1=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 r1=0", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=0 r1=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 r1=1", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM R+poonceonces: Sometimes (x86 too: P1's store of y waits in its buffer while it reads x). */
    static final Litmus R = Litmus.named("R+poonceonces").withFinalValues()
            .thread(store(X, 1), store(Y, 1))
            .thread(store(Y, 2), load(0, X))
            .outcome("r0=0 x=1 y=2", FORBIDDEN, ALLOWED, ALLOWED)
            .outcome("r0=0 x=1 y=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 x=1 y=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 x=1 y=2", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM R+fencembonceonces: Never. */
    static final Litmus R_MB = Litmus.named("R+fencembonceonces").withFinalValues()
            .thread(store(X, 1), mb(), store(Y, 1))
            .thread(store(Y, 2), mb(), load(0, X))
            .outcome("r0=0 x=1 y=2", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .outcome("r0=0 x=1 y=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 x=1 y=1", ALLOWED, ALLOWED, ALLOWED)
            .outcome("r0=1 x=1 y=2", ALLOWED, ALLOWED, ALLOWED);

    /** LKMM WRC+poonceonces+Once: Sometimes (arm64's loads reorder; TSO is multi-copy atomic with ordered loads). */
    static final Litmus WRC = Litmus.named("WRC+poonceonces+Once")
            .thread(store(X, 1))
            .thread(load(0, X), store(Y, 1))
            .thread(load(1, Y), load(2, X))
            .outcome("r0=1 r1=1 r2=0", FORBIDDEN, FORBIDDEN, ALLOWED)
            .otherwise(ALLOWED, ALLOWED, ALLOWED);

    /** LKMM WRC+pooncerelease+fencermbonceonce+Once: Never (release is cumulative). */
    static final Litmus WRC_REL_RMB = Litmus.named("WRC+pooncerelease+fencermbonceonce+Once")
            .thread(store(X, 1))
            .thread(load(0, X), storeRelease(Y, 1))
            .thread(load(1, Y), rmb(), load(2, X))
            .outcome("r0=1 r1=1 r2=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .otherwise(ALLOWED, ALLOWED, ALLOWED);

    /** LKMM IRIW+poonceonces+OnceOnce: Sometimes (not on multi-copy-atomic x86 with ordered loads). */
    static final Litmus IRIW = Litmus.named("IRIW+poonceonces+OnceOnce")
            .thread(store(X, 1))
            .thread(load(0, X), load(1, Y))
            .thread(store(Y, 1))
            .thread(load(2, Y), load(3, X))
            .outcome("r0=1 r1=0 r2=1 r3=0", FORBIDDEN, FORBIDDEN, ALLOWED)
            .otherwise(ALLOWED, ALLOWED, ALLOWED);

    /** LKMM IRIW+fencembonceonces+OnceOnce: Never. */
    static final Litmus IRIW_MB = Litmus.named("IRIW+fencembonceonces+OnceOnce")
            .thread(store(X, 1))
            .thread(load(0, X), mb(), load(1, Y))
            .thread(store(Y, 1))
            .thread(load(2, Y), mb(), load(3, X))
            .outcome("r0=1 r1=0 r2=1 r3=0", FORBIDDEN, FORBIDDEN, FORBIDDEN)
            .otherwise(ALLOWED, ALLOWED, ALLOWED);

    static final List<Litmus> ALL = List.of(SB, SB_MB, SB_XCHG, MP, MP_WMB_RMB, MP_WMB, MP_RMB, MP_REL_ACQ, MP_LOCKS, LB,
            LB_ACQ_REL, CORR, CORW, COWR, R, R_MB, WRC, WRC_REL_RMB, IRIW, IRIW_MB);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Litmus t : ALL) for (MemoryModel m : MemoryModel.values()) out.add(Arguments.of(t, m));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cases")
    void observedOutcomesAreExactlyTheDeclaredOnes(Litmus t, MemoryModel m) {
        TreeSet<String> seen = t.run(m);
        for (String o : seen) assertTrue(t.declares(o), t.name + " under " + m.label + ": outcome " + o + " not declared");
        assertEquals(t.allowed(m), seen, t.name + " under " + m.label);
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cases")
    void everyScOutcomeIsKept(Litmus t, MemoryModel m) {
        TreeSet<String> sc = t.run(MemoryModel.SC);
        TreeSet<String> seen = t.run(m);
        assertTrue(seen.containsAll(sc), t.name + " under " + m.label + " lost SC outcomes: sc " + sc + ", seen " + seen);
    }

    /** Choice 0 is the unforced default: with every memory choice 0 a model is sequentially consistent. */
    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cases")
    void theAllZeroChoiceListIsSequentiallyConsistent(Litmus t, MemoryModel m) {
        assertEquals(t.run(MemoryModel.SC), t.runDefaultChoices(m), t.name + " under " + m.label + " with default choices");
    }

    /** The tests can fail: arm64's MP outcome set is not TSO's, so a TSO that drained out of order would be caught. */
    @Test
    void aWeakerModelFailsTheStrongerModelsAnswers() {
        assertNotEquals(MP.allowed(MemoryModel.TSO), MP.run(MemoryModel.ARM64));
        assertNotEquals(SB.allowed(MemoryModel.SC), SB.run(MemoryModel.TSO));
        assertNotEquals(LB.allowed(MemoryModel.TSO), LB.run(MemoryModel.ARM64));
    }
}
