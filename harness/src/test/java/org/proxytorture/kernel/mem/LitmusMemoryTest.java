package org.proxytorture.kernel.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.proxytorture.sim.EventLoop;
import org.proxytorture.sim.ReplayChoices;
import org.junit.jupiter.api.Tag;

/**
 * The memory model's single steps, given forced choices: when a load takes a choice and when it
 * does not (the fast paths kernel code relies on), what each choice value means, and how
 * barriers, the window and the spinlock hooks drain a store buffer.
 */
@Tag("fast")
class LitmusMemoryTest {
    private ReplayChoices choices;
    private EventLoop loop;

    private Memory memory(MemoryModel m, int... forced) {
        choices = ReplayChoices.of(forced);
        loop = new EventLoop(choices, 0);
        return new Memory(m, 2, choices, loop, 200);
    }

    private long taken() {
        return choices.log().size();
    }

    @Test
    void scTakesNoChoice() {
        Memory mem = memory(MemoryModel.SC, 1, 1, 1);
        SharedWord x = new SharedWord(0);
        mem.store(1, x, 1);
        assertEquals(1, mem.load(0, x));
        assertEquals(0, taken());
    }

    @Test
    void tsoRecentRemoteStoreIsOneChoiceAndZeroIsTheNewest() {
        Memory mem = memory(MemoryModel.TSO, 0);
        SharedWord x = new SharedWord(0);
        mem.store(1, x, 1);
        assertEquals(1, mem.load(0, x)); // 0: the store is seen (and now visible to all)
        assertEquals(1, taken());
        assertEquals(1, mem.load(0, x)); // visible: no second choice
        assertEquals(1, taken());

        mem = memory(MemoryModel.TSO, 1, 1);
        x = new SharedWord(0);
        mem.store(1, x, 1);
        assertEquals(0, mem.load(0, x)); // 1: still in cpu1's store buffer
        assertEquals(0, mem.load(0, x)); // and again
        assertEquals(2, taken());
        mem.smpMb(1);
        assertEquals(1, mem.load(0, x)); // drained by the writer's smp_mb(): no choice
        assertEquals(2, taken());
    }

    @Test
    void ownStoreIsForwardedWithoutChoice() {
        for (MemoryModel m : MemoryModel.values()) {
            Memory mem = memory(m, 1, 1);
            SharedWord x = new SharedWord(0);
            mem.store(0, x, 7);
            assertEquals(7, mem.load(0, x), m.label);
            assertEquals(0, taken(), m.label);
        }
    }

    @Test
    void aStoreOlderThanTheWindowIsSettledForEveryModel() {
        for (MemoryModel m : MemoryModel.values()) {
            Memory mem = memory(m, 1, 1, 1);
            SharedWord x = new SharedWord(0);
            mem.store(1, x, 1);
            loop.runUntil(200);
            assertEquals(1, mem.load(0, x), m.label);
            assertEquals(0, taken(), m.label);
        }
    }

    @Test
    void tsoDrainsFifo() {
        Memory mem = memory(MemoryModel.TSO, 0, 1);
        SharedWord x = new SharedWord(0);
        SharedWord y = new SharedWord(0);
        mem.store(1, x, 1);
        mem.store(1, y, 1);
        assertEquals(1, mem.load(0, y)); // seeing y drains x before it
        assertEquals(1, mem.load(0, x)); // so no choice here, though the list says 1
        assertEquals(1, taken());
    }

    @Test
    void arm64StoresBecomeVisibleOutOfOrderUnlessSmpWmb() {
        Memory mem = memory(MemoryModel.ARM64, 0, 1);
        SharedWord x = new SharedWord(0);
        SharedWord y = new SharedWord(0);
        mem.store(1, x, 1);
        mem.store(1, y, 1);
        assertEquals(1, mem.load(0, y));
        assertEquals(0, mem.load(0, x)); // x=1 still pending: the choice 1 leaves it unseen
        assertEquals(2, taken());

        mem = memory(MemoryModel.ARM64, 0, 0);
        x = new SharedWord(0);
        y = new SharedWord(0);
        mem.store(1, x, 1);
        mem.smpWmb(1);
        mem.store(1, y, 1);
        assertEquals(1, mem.load(0, y)); // y visible, so x before it
        mem.smpRmb(0);
        assertEquals(1, mem.load(0, x)); // and after smp_rmb() nothing older: no choice
        assertEquals(1, taken());
    }

    @Test
    void arm64MayReadAnOverwrittenValueWithinTheWindowOnly() {
        Memory mem = memory(MemoryModel.ARM64, 1, 0, 1);
        SharedWord x = new SharedWord(0);
        mem.store(1, x, 1);
        mem.smpMb(1); // visible to all, after cpu0's last barrier (none)
        assertEquals(0, mem.load(0, x)); // 1: the value before, from an earlier point in time
        assertEquals(1, mem.load(0, x)); // 0: the newest
        assertEquals(1, mem.load(0, x)); // read-read coherence: never the old one again, and no choice
        assertEquals(2, taken());

        mem = memory(MemoryModel.ARM64, 1);
        x = new SharedWord(0);
        mem.store(1, x, 1);
        mem.smpMb(1);
        loop.runUntil(200);
        assertEquals(1, mem.load(0, x));
        assertEquals(0, taken());
    }

    @Test
    void spinUnlockMakesTheSectionsStoresVisible() {
        for (MemoryModel m : MemoryModel.values()) {
            Memory mem = memory(m, 1, 1);
            SharedWord x = new SharedWord(0);
            mem.spinAcquired(1);
            mem.store(1, x, 1);
            mem.spinReleased(1);
            mem.spinAcquired(0);
            assertEquals(1, mem.load(0, x), m.label);
            assertEquals(0, taken(), m.label);
            assertEquals(0, mem.pendingStores(1), m.label);
        }
    }

    @Test
    void valueReturningAtomicsReadTheNewestAndAreFullBarriers() {
        Memory mem = memory(MemoryModel.TSO, 1, 1, 1);
        SharedWord count = new SharedWord(0);
        mem.store(1, count, 5);
        assertEquals(6, mem.addReturn(0, count, 1)); // sees cpu1's pending 5: no choice
        assertEquals(6, mem.cmpxchg(1, count, 5, 9)); // fails: the word is 6
        assertEquals(6, mem.xchg(1, count, 2));
        assertEquals(2, mem.load(0, count)); // the xchg drained cpu1
        assertEquals(0, taken());
        assertEquals(0, mem.pendingStores(0));
    }

    @Test
    void aCpuOutsideAnySectionReadsAndWritesTheNewestValue() {
        Memory mem = memory(MemoryModel.ARM64, 1, 1);
        SharedRef<String> owner = new SharedRef<>(null);
        mem.store(1, owner, "a");
        assertSame("a", mem.load(-1, owner));
        mem.store(-1, owner, "b");
        assertSame("b", mem.load(0, owner));
        assertSame("b", owner.latest());
        assertEquals(0, taken());
    }

    @Test
    void aFullStoreBufferDrainsItsOldestStore() {
        Memory mem = memory(MemoryModel.TSO);
        SharedWord[] w = new SharedWord[Memory.STORE_BUFFER + 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = new SharedWord(0);
            mem.store(1, w[i], 1);
        }
        assertTrue(mem.pendingStores(1) <= Memory.STORE_BUFFER);
        assertEquals(1, mem.load(0, w[0]));
        assertEquals(0, taken());
    }

    @Test
    void aLoadChoosesAmongTheKeptHistoryOnly() {
        Memory mem = memory(MemoryModel.TSO, 99);
        SharedWord x = new SharedWord(0);
        for (int v = 1; v <= 6; v++) mem.store(1, x, v);
        assertEquals(3, mem.load(0, x)); // the oldest of the 4 kept stores (a large value is clamped)
        assertEquals(1, taken());
        assertEquals(6, x.latest());
    }
}
