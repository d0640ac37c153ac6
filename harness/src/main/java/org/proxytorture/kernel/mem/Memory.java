package org.proxytorture.kernel.mem;

import org.proxytorture.sim.ChoiceSource;
import org.proxytorture.sim.EventLoop;

/**
 * The emulated machine's memory system for {@link Shared} words: which store a load by a given CPU
 * returns, under proxytorture.memory_model (see {@link MemoryModel}). Every operation takes the
 * acting CPU's id and is named after the kernel primitive it models.
 *
 * <p>Operationally: a store is appended to the word's short history as <em>pending</em> (in its
 * CPU's store buffer) and to that CPU's pending list; it becomes <em>visible</em> to all other
 * CPUs at once when a barrier or locked operation of its CPU drains it, when a load chooses to see
 * it, or when it is older than {@code window_ns} (then it is settled: visible, and nothing it
 * overwrote is read again). A load by another CPU of a word with an unsettled store makes one
 * {@link ChoiceSource#choose} among the values it may return, newest first: 0, the default, is the
 * newest store (made visible now), so an all-zero choice list is sequentially consistent. Under
 * TSO making a store visible drains its CPU's buffer up to it (FIFO); under ARM64 only up to its
 * last smp_wmb()/release, and a load may also return the value a visible store overwrote, if
 * that store became visible after this CPU's last smp_rmb()/acquire/full barrier and after the
 * value this CPU last read there (read-read coherence).
 *
 * <p>Coherence order is the order the emulated CPUs executed the stores (simplification: two
 * CPUs' stores to one word are not reordered by their buffers). No allocation per operation
 * (under ARM64 a word gets one small array at its first choice); a load of a word whose newest
 * store is settled, the reader's own, or visible and ordered by the reader's barriers returns at
 * once without a choice.
 */
public final class Memory {
    /** Stores a CPU's buffer holds; a further store first makes the oldest visible. */
    static final int STORE_BUFFER = 16;

    public final MemoryModel model;
    private final int nrCpus;
    private final ChoiceSource choices;
    private final EventLoop clock;
    private final long window;

    /** Per CPU: stores executed, and the last store that later plain stores must follow (smp_wmb()). */
    private final long[] storeSeq;
    private final long[] wmbSeq;
    /** Per CPU (ARM64): the visibility stamp of its last smp_rmb()/acquire/full barrier; loads see no older point. */
    private final long[] floor;
    /** The visibility clock: stamps stores in the order they became visible to all. */
    private long vclock;

    /** Per CPU store buffer: a ring of (word, coherence index, store number), oldest at head. */
    private final Shared[] pLoc;
    private final long[] pIdx;
    private final long[] pSeq;
    private final int[] pHead;
    private final int[] pLen;

    /** Loads that returned a value older than the newest store (the windows the model opened). */
    public long staleLoads;

    /** Scratch: a load's candidate coherence indices, newest first. */
    private final long[] cand = new long[Shared.HISTORY];

    public Memory(MemoryModel model, int nrCpus, ChoiceSource choices, EventLoop clock, long windowNs) {
        this.model = model;
        this.nrCpus = nrCpus;
        this.choices = choices;
        this.clock = clock;
        this.window = windowNs;
        storeSeq = new long[nrCpus];
        wmbSeq = new long[nrCpus];
        floor = new long[nrCpus];
        pLoc = new Shared[nrCpus * STORE_BUFFER];
        pIdx = new long[nrCpus * STORE_BUFFER];
        pSeq = new long[nrCpus * STORE_BUFFER];
        pHead = new int[nrCpus];
        pLen = new int[nrCpus];
    }

    // ---------------------------------------------------------------- loads

    /** READ_ONCE(): may return a store not yet visible to this CPU's view, or (ARM64) an overwritten one. */
    public long load(int cpu, SharedWord w) {
        return w.val[loadSlot(cpu, w)];
    }

    /** READ_ONCE() of a pointer. */
    public <T> T load(int cpu, SharedRef<T> r) {
        return r.at(loadSlot(cpu, r));
    }

    /** smp_load_acquire(): a READ_ONCE() after which this CPU's later loads see no earlier point in time. */
    public long loadAcquire(int cpu, SharedWord w) {
        long v = w.val[loadSlot(cpu, w)];
        acquire(cpu);
        return v;
    }

    /** smp_load_acquire() of a pointer. */
    public <T> T loadAcquire(int cpu, SharedRef<T> r) {
        T v = r.at(loadSlot(cpu, r));
        acquire(cpu);
        return v;
    }

    // ---------------------------------------------------------------- stores

    /** WRITE_ONCE(): buffered; visible to this CPU at once, to the others later. */
    public void store(int cpu, SharedWord w, long v) {
        w.val[storeSlot(cpu, w, false)] = v;
    }

    /** WRITE_ONCE() of a pointer. */
    public <T> void store(int cpu, SharedRef<T> r, T v) {
        r.val[storeSlot(cpu, r, false)] = v;
    }

    /** smp_store_release(): visible to others only after every earlier store of this CPU. */
    public void storeRelease(int cpu, SharedWord w, long v) {
        w.val[storeSlot(cpu, w, true)] = v;
    }

    /** smp_store_release() of a pointer. */
    public <T> void storeRelease(int cpu, SharedRef<T> r, T v) {
        r.val[storeSlot(cpu, r, true)] = v;
    }

    /** smp_store_mb() (set_current_state()'s store of p-&gt;__state): WRITE_ONCE() then smp_mb(). */
    public void storeMb(int cpu, SharedWord w, long v) {
        store(cpu, w, v);
        smpMb(cpu);
    }

    // ---------------------------------------------------------------- value-returning atomics (fully ordered)

    /** atomic_long_xchg() / xchg(): fully ordered; returns the old value. */
    public long xchg(int cpu, SharedWord w, long v) {
        long old = w.val[rmwSlot(cpu, w)];
        w.val[storeSlot(cpu, w, false)] = v;
        smpMb(cpu);
        return old;
    }

    /** xchg() of a pointer. */
    public <T> T xchg(int cpu, SharedRef<T> r, T v) {
        T old = r.at(rmwSlot(cpu, r));
        r.val[storeSlot(cpu, r, false)] = v;
        smpMb(cpu);
        return old;
    }

    /**
     * atomic_long_cmpxchg() / cmpxchg(): fully ordered (also when it fails: stronger than the
     * kernel promises, what x86's LOCK CMPXCHG does); returns the value found. The _acquire and
     * _release variants map here too (stronger than needed).
     */
    public long cmpxchg(int cpu, SharedWord w, long expected, long v) {
        long old = w.val[rmwSlot(cpu, w)];
        if (old == expected) w.val[storeSlot(cpu, w, false)] = v;
        smpMb(cpu);
        return old;
    }

    /** cmpxchg() of a pointer, compared by identity. */
    public <T> T cmpxchg(int cpu, SharedRef<T> r, T expected, T v) {
        T old = r.at(rmwSlot(cpu, r));
        if (old == expected) r.val[storeSlot(cpu, r, false)] = v;
        smpMb(cpu);
        return old;
    }

    /** atomic_long_add_return(): fully ordered; returns the new value. */
    public long addReturn(int cpu, SharedWord w, long delta) {
        long v = w.val[rmwSlot(cpu, w)] + delta;
        w.val[storeSlot(cpu, w, false)] = v;
        smpMb(cpu);
        return v;
    }

    // ---------------------------------------------------------------- barriers

    /** smp_mb(): this CPU's earlier stores are visible to all, and its later loads see the present. */
    public void smpMb(int cpu) {
        if (cpu < 0 || !model.buffered) return;
        drainThrough(cpu, Long.MAX_VALUE);
        wmbSeq[cpu] = storeSeq[cpu];
        floor[cpu] = vclock;
    }

    /** smp_wmb(): this CPU's later stores become visible only after its earlier ones (a no-op under TSO). */
    public void smpWmb(int cpu) {
        if (cpu < 0) return;
        wmbSeq[cpu] = storeSeq[cpu];
    }

    /** smp_rmb() (also smp_acquire__after_ctrl_dep()): this CPU's later loads see no point before its earlier ones. */
    public void smpRmb(int cpu) {
        acquire(cpu);
    }

    /** smp_mb__after_spinlock(): a full barrier after the lock acquisition (__schedule(), try_to_wake_up()). */
    public void smpMbAfterSpinlock(int cpu) {
        smpMb(cpu);
    }

    /**
     * raw_spin_lock() and friends, once the lock is taken: an ACQUIRE; under TSO a LOCK-prefixed
     * RMW, so also a full barrier that drains this CPU's store buffer.
     */
    public void spinAcquired(int cpu) {
        if (cpu < 0 || !model.buffered) return;
        if (model.lockIsFullBarrier) smpMb(cpu);
        else acquire(cpu);
    }

    /**
     * raw_spin_unlock(): a RELEASE. The model's lock words are sequentially consistent (the next
     * holder sees the lock free at once), so the stores made under the lock are made visible
     * here: whoever takes the lock next sees them, as the release/acquire pair guarantees.
     */
    public void spinReleased(int cpu) {
        if (cpu < 0 || !model.buffered) return;
        drainThrough(cpu, Long.MAX_VALUE);
        wmbSeq[cpu] = storeSeq[cpu];
    }

    /**
     * raw_spin_unlock() of an emulated spinlock (rq lock, pi_lock, wait_lock, blocked_lock): a
     * RELEASE store of the lock word. The stores made before it are not drained (x86's unlock is
     * a plain MOV; arm64's STLR orders, it does not flush): a CPU that reads them without taking
     * the lock may still see old values within the window. Returns the release point, this CPU's
     * store count, that whoever takes the lock next must see ({@link #lockAcquired}).
     */
    public long lockReleased(int cpu) {
        if (cpu < 0 || !model.buffered) return 0;
        wmbSeq[cpu] = storeSeq[cpu];
        return storeSeq[cpu];
    }

    /**
     * raw_spin_lock() succeeded on a lock last released by {@code releaser} at {@code point}: the
     * acquirer saw the lock word the releaser stored after everything up to {@code point}, so
     * those stores are visible (to all: TSO and arm64 are multi-copy atomic); then an ACQUIRE by
     * this CPU, under TSO a LOCK-prefixed RMW that also drains its own buffer.
     */
    public void lockAcquired(int cpu, int releaser, long point) {
        if (cpu < 0 || !model.buffered) return;
        if (releaser >= 0 && releaser != cpu && releaser < nrCpus) drainThrough(releaser, point);
        spinAcquired(cpu);
    }

    // ---------------------------------------------------------------- the model

    private void acquire(int cpu) {
        if (cpu >= 0) floor[cpu] = vclock;
    }

    /** A store older than the window, the boot value, or the reader's own: readable without a choice. */
    private boolean settled(Shared s, int slot, int cpu, long now) {
        int w = s.writer[slot];
        return w < 0 || w == cpu || now - s.time[slot] >= window;
    }

    private int loadSlot(int cpu, Shared s) {
        int top = s.newest();
        if (cpu < 0 || !model.buffered) return top;
        long now = clock.now();
        if (settled(s, top, cpu, now)) return top;
        long vis = s.visibleAt[top];
        if (vis != Shared.PENDING && (!model.staleLoads || vis <= floor[cpu])) return top;
        return choose(cpu, s, now);
    }

    /**
     * The values this load may return, newest first: stores still pending (newer than every
     * visible one: seeing one makes it visible), then the newest visible or settled store, then
     * (ARM64) the values each visible store overwrote while it became visible after this CPU's
     * floor and after what this CPU last read here. One choice among them, 0 the newest.
     */
    private int choose(int cpu, Shared s, long now) {
        int n = 0;
        long prevVis = Shared.PENDING;
        long lastRead = s.lastRead == null ? 0 : s.lastRead[cpu];
        for (long i = s.idx, end = s.idx - s.count; i > end; i--) {
            int sl = Shared.slot(i);
            if (settled(s, sl, cpu, now)) {
                cand[n++] = i;
                break;
            }
            long vis = s.visibleAt[sl];
            if (vis == Shared.PENDING) {
                if (prevVis == Shared.PENDING) cand[n++] = i; // still in its writer's buffer: may be seen now or not
                continue; // overwritten by a newer store already visible: nobody sees it any more
            }
            if (vis > prevVis) continue; // became visible after a newer store did: never the current value
            cand[n++] = i;
            if (!model.staleLoads || vis <= floor[cpu] || i <= lastRead) break;
            prevVis = vis;
        }
        long i = cand[n == 1 ? 0 : choices.chooseLoad(n)];
        if (i != s.idx) staleLoads++;
        int sl = Shared.slot(i);
        if (s.visibleAt[sl] == Shared.PENDING && !settled(s, sl, cpu, now)) makeVisible(s, i);
        if (model.staleLoads) {
            if (s.lastRead == null) s.lastRead = new long[nrCpus];
            if (i > s.lastRead[cpu]) s.lastRead[cpu] = i;
        }
        return sl;
    }

    /** A value-returning atomic reads the newest value (its cache line is exclusive): a full barrier, then that store made visible. */
    private int rmwSlot(int cpu, Shared s) {
        smpMb(cpu);
        int top = s.newest();
        if (cpu >= 0 && model.buffered && s.visibleAt[top] == Shared.PENDING && !settled(s, top, cpu, clock.now()))
            makeVisible(s, s.idx);
        return top;
    }

    private int storeSlot(int cpu, Shared s, boolean release) {
        long now = clock.now();
        if (cpu < 0 || !model.buffered || window <= 0) {
            int sl = s.push(cpu < 0 ? -1 : cpu, 0, now, 0);
            s.visibleAt[sl] = ++vclock;
            return sl;
        }
        long sq = ++storeSeq[cpu];
        int sl = s.push(cpu, sq, now, release ? sq - 1 : wmbSeq[cpu]);
        if (pLen[cpu] == STORE_BUFFER) drainThrough(cpu, pSeq[cpu * STORE_BUFFER + pHead[cpu]]);
        int k = cpu * STORE_BUFFER + (pHead[cpu] + pLen[cpu]) % STORE_BUFFER;
        pLoc[k] = s;
        pIdx[k] = s.idx;
        pSeq[k] = sq;
        pLen[cpu]++;
        return sl;
    }

    /** A pending store becomes visible to all: under TSO with every earlier store of its CPU, under ARM64 with those before its last smp_wmb()/release. */
    private void makeVisible(Shared s, long i) {
        int sl = Shared.slot(i);
        int w = s.writer[sl];
        if (model.fifo) {
            drainThrough(w, s.seq[sl]);
        } else {
            drainThrough(w, s.mustFollow[sl]);
            publish(s, i);
            popVisible(w);
        }
    }

    /** Makes CPU {@code cpu}'s pending stores numbered up to {@code maxSeq} visible, oldest first. */
    private void drainThrough(int cpu, long maxSeq) {
        int base = cpu * STORE_BUFFER;
        while (pLen[cpu] > 0) {
            int k = base + pHead[cpu];
            if (pSeq[k] > maxSeq) break;
            publish(pLoc[k], pIdx[k]);
            pop(cpu, k);
        }
        popVisible(cpu);
    }

    /** Drops already-visible (or overwritten) stores from the head of the buffer. */
    private void popVisible(int cpu) {
        int base = cpu * STORE_BUFFER;
        while (pLen[cpu] > 0) {
            int k = base + pHead[cpu];
            Shared s = pLoc[k];
            if (s.holds(pIdx[k]) && s.visibleAt[Shared.slot(pIdx[k])] == Shared.PENDING) break;
            pop(cpu, k);
        }
    }

    private void pop(int cpu, int k) {
        pLoc[k] = null;
        pHead[cpu] = (pHead[cpu] + 1) % STORE_BUFFER;
        pLen[cpu]--;
    }

    private void publish(Shared s, long i) {
        if (!s.holds(i)) return; // overwritten in the word's history: visible or not, nobody reads it
        int sl = Shared.slot(i);
        if (s.visibleAt[sl] == Shared.PENDING) s.visibleAt[sl] = ++vclock;
    }

    /** How many of CPU {@code cpu}'s stores may still be invisible to the others (tests, traces). */
    public int pendingStores(int cpu) {
        popVisible(cpu);
        return pLen[cpu];
    }
}
