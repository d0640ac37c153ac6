package org.proxytorture.cli;

import java.nio.file.Path;
import org.proxytorture.run.TraceOutput;
import picocli.CommandLine.Option;

/** run's and replay's trace options (a picocli mixin); recording is off unless --ftrace, --chrome-trace or --timeline is given. */
public final class TraceOptions {
    @Option(names = "--ftrace", paramLabel = "FILE", description = "write the run's trace as ftrace text (/sys/kernel/tracing/trace; Perfetto opens it)")
    Path ftrace;

    @Option(names = "--chrome-trace", paramLabel = "FILE", description = "write the run's trace as Chrome trace-event JSON (per-CPU slices, blocked_on spans, donor->proxy flows)")
    Path chromeTrace;

    @Option(names = "--timeline", paramLabel = "N", description = "print the last N events (around the first violation, if any) as per-CPU columns")
    Integer timeline;

    @Option(names = "--trace-entries", paramLabel = "N", defaultValue = "" + TraceOutput.DEFAULT_ENTRIES,
            description = "events the trace ring keeps, the newest (default ${DEFAULT-VALUE}, about 30 bytes each)")
    int entries;

    /** The outputs asked for (bad values and unwritable paths: bad input, before the run). */
    TraceOutput output() {
        return new TraceOutput(ftrace, chromeTrace, timeline, entries);
    }
}
