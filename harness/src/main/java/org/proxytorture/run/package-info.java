/**
 * The run layer: the one place that boots an emulated machine for a scenario. It parses the
 * kernel command line once, builds the machine with its decision source, installs the workload
 * (locktorture or the priority-inversion demo), the checkers and the observers (a trace
 * recorder, an exploration's classifiers), runs it, and returns a {@link
 * org.proxytorture.run.RunResult}: the verdict, the {@link org.proxytorture.check.Identity} of the
 * first failure (one rule, {@link org.proxytorture.run.Runner#identity}), the stats, the event
 * hash, the choices, the coverage and the soft findings.
 *
 * <pre>
 * scenario (RunRequest) -> Runner -> machine (kernel.*) -> tracepoints -> checkers (check)
 *                                                                      -> RunResult -> explore / soak / gate / report
 * </pre>
 * {@code cli}'s commands, the explorer, the shrinker, the property engine and the bug catalog
 * run through {@link org.proxytorture.run.Runner#run}.
 */
package org.proxytorture.run;
