/**
 * The CI gate (scripts/proxytorture gate, issue 19): a declared set of runs (scenarios x seeds x
 * durations, catalog faults that must be detected and their clean runs, pinned event hashes),
 * run through the run layer, judged against a committed baseline (known failures, pinned hashes,
 * the model version), and written as a diff and as JUnit XML.
 */
package org.proxytorture.gate;
