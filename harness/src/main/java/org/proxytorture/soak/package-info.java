/**
 * The overnight soak (issue 18): scenarios of configs/lock run seed after seed on worker threads,
 * each run through the run layer ({@link org.proxytorture.run.Runner}) exactly as one run of
 * {@code explore} (stopping at its first failure), every finished run committed to an SQLite
 * ledger ({@code DIR/soak.db}) in its own transaction, failures deduplicated by their typed
 * {@link org.proxytorture.check.Identity} and the first of each shrunk while the soak goes on
 * (syzkaller's manager: a crash is known by its title, the first occurrence is minimized, later
 * ones only count; the corpus database survives restarts).
 *
 * <pre>
 * SoakPlan (scenarios x seeds, numbered runs) -> SeedAllocator -> workers: SoakRun -> Ledger (+ DIR/log)
 *                                                                   new identity -> Shrinks -> FailureFiles
 * </pre>
 * A run's number ({@code seq}) alone gives its scenario and seed ({@link org.proxytorture.soak.SoakPlan#at}),
 * so which worker ran it, and how many workers there were, cannot change what it ran. Worker
 * threads live around runs only; a run itself is deterministic.
 */
package org.proxytorture.soak;
