package org.proxytorture.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.proxytorture.reports.ConsoleSummary;
import org.proxytorture.run.RunSummary;

/** What the runner prints when a run ends: kvm-recheck-lock.sh's line, then the verdict. */
final class Report {
    private Report() { }

    static List<String> lines(Job j, RunSummary s) {
        List<String> out = new ArrayList<>();
        String name = j.dirName();
        switch (s.result()) {
            case "NOT_MODELLED" -> out.add(name + ": NOT_MODELLED (exit 2, not run): " + s.failures().get(0));
            case "BAD_INPUT", "CRASHED" -> out.add(name + ": " + s.result() + " (" + s.failures().get(0) + "); console: " + j.dir().resolve("console.log"));
            default -> {
                out.add(recheckLine(j, s));
                if (s.workload().equals("pidemo")) out.add(name + ": " + s.stats());
                out.add(name + ": " + s.result() + " (seed " + s.seed() + ", " + s.cpus() + " CPUs, event hash " + s.eventHash()
                        + ", " + s.choices() + " choices, wall " + String.format("%.1f", s.wallMs() / 1000.0) + " s) " + j.dir());
                for (String f : s.failures()) out.add(name + ":   " + f);
                if (java.nio.file.Files.isRegularFile(j.dir().resolve("replay.json")))
                    out.add(name + ": replay: scripts/proxytorture replay " + j.dir() + "  (shrink: scripts/proxytorture shrink " + j.dir() + ")");
            }
        }
        return out;
    }

    /**
     * kvm-recheck-lock.sh's line. For locktorture, read from console.log as the script reads it
     * (the last "Writes:  Total:" line); for the pidemo workload, whose console has no Writes
     * line, the acquisitions of s_vfs_rename_mutex from summary.json.
     */
    static String recheckLine(Job j, RunSummary s) {
        if (s.workload().equals("pidemo"))
            return new ConsoleSummary(null, ConsoleSummary.Verdict.UNKNOWN, OptionalLong.of(s.acquisitions()), 0, false, false, 0)
                    .recheckLine(j.dirName(), j.seconds());
        try {
            return ConsoleSummary.read(j.dir().resolve("console.log")).recheckLine(j.dirName(), j.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
