/**
 * Renderings of a run. {@link org.proxytorture.trace.TraceRecorder} (a Trace.Listener, with
 * {@link org.proxytorture.trace.ForcedChoices} around the ChoiceSource) records tracepoints into an
 * ftrace-like overwrite ring during the run and changes nothing in it; after the run its
 * {@link org.proxytorture.trace.RecordedTrace} is rendered as a per-CPU {@link org.proxytorture.trace.Timeline},
 * as ftrace text ({@link org.proxytorture.trace.FtraceExport}) or as Chrome trace-event JSON
 * ({@link org.proxytorture.trace.ChromeTraceExport}). The lockdep-shaped deadlock report is
 * check.Lockdep's.
 */
package org.proxytorture.trace;
