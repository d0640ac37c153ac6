package org.proxytorture.kernel.mem;

import java.util.List;

/**
 * proxytorture.memory_model: how the emulated machine orders one CPU's accesses to shared words
 * as another CPU sees them. Each model is a set of three properties that {@link Memory} reads; a
 * new model is a new constant, not a new branch in every operation.
 * <ul>
 *   <li>{@link #SC}: sequential consistency, every load returns the latest store; no choices;</li>
 *   <li>{@link #TSO} (x86-TSO, the default): a FIFO store buffer per CPU, read by its own CPU
 *       (store forwarding); a store leaves the buffer for all other CPUs at once (multi-copy
 *       atomic); full barriers and locked operations drain the buffer;</li>
 *   <li>{@link #ARM64} (as the LKMM allows): stores become visible out of order unless ordered by
 *       smp_wmb()/release/a full barrier; a load may be satisfied from an earlier point in time
 *       unless ordered by smp_rmb()/acquire/a full barrier; a store visible to one other CPU is
 *       visible to all (other-multi-copy atomic).</li>
 * </ul>
 */
public enum MemoryModel {
    SC("sc", false, false, false, false, false),
    TSO("tso", true, true, false, true, false),
    ARM64("arm64", true, false, true, false, true);

    public static final List<String> NAMES = List.of("sc", "tso", "arm64");

    /** The proxytorture.memory_model value. */
    public final String label;
    /** A store may stay invisible to other CPUs for a while (a store buffer). */
    final boolean buffered;
    /** A CPU's stores become visible to the others in program order (TSO's FIFO store buffer). */
    final boolean fifo;
    /** A load may return a value already overwritten (load-load reordering, ARM64). */
    final boolean staleLoads;
    /** raw_spin_lock() is a full barrier: on x86 it is a LOCK-prefixed RMW, which drains the store buffer. */
    final boolean lockIsFullBarrier;
    /**
     * A later store may become visible before an earlier load to another word is satisfied (the
     * LB shape). Kernel code paths execute a CPU's accesses in order, so only the litmus
     * interpreter (tests) produces it, by executing the store first.
     */
    public final boolean loadStoreReordering;

    MemoryModel(String label, boolean buffered, boolean fifo, boolean staleLoads, boolean lockIsFullBarrier,
            boolean loadStoreReordering) {
        this.label = label;
        this.buffered = buffered;
        this.fifo = fifo;
        this.staleLoads = staleLoads;
        this.lockIsFullBarrier = lockIsFullBarrier;
        this.loadStoreReordering = loadStoreReordering;
    }

    public static MemoryModel byName(String name) {
        for (MemoryModel m : values()) if (m.label.equals(name)) return m;
        throw new IllegalArgumentException("memory model " + name + " (accepted: " + String.join("|", NAMES) + ")");
    }
}
