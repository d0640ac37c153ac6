package org.proxytorture.trace;

import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.sim.ChoiceLog;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.torture.Console;
import org.proxytorture.config.RunConfig;
import org.proxytorture.torture.TortureResult;
import org.proxytorture.torture.TortureRun;

/**
 * The recorder is an observer: installing it changes neither the run nor its event hash; its ring
 * keeps the newest events and counts the rest, as ftrace's overwrite mode does; the forced choices
 * it notes are exactly the non-zero entries of the choice list, at the times they were taken.
 */
class TraceRecorderTest {
    private static final long MS = TracedRun.MS;

    @Test
    void recordingChangesNeitherTheRunNorItsEventHash() {
        TortureResult plain = Checking.checked(new RunConfig(4, 1000, 30 * MS, TracedRun.PROXY_BOOTARGS, 7, null), new Console(null, false)).run();
        TracedRun traced = TracedRun.of(4, 30 * MS, TracedRun.PROXY_BOOTARGS, 7, 1000);
        assertEquals(plain.eventHash(), traced.result().eventHash());
        assertEquals(plain.events(), traced.result().events());
        assertEquals(plain.choices().toCompactString(), traced.result().choices().toCompactString());
    }

    @Test
    void theRingKeepsTheNewestEventsAndCountsTheOverwrittenOnes() {
        TracedRun small = TracedRun.of(4, 30 * MS, TracedRun.PROXY_BOOTARGS, 7, 1000);
        TracedRun big = TracedRun.of(4, 30 * MS, TracedRun.PROXY_BOOTARGS, 7, TraceRecorder.DEFAULT_ENTRIES);
        RecordedTrace s = small.trace();
        RecordedTrace b = big.trace();
        assertTrue(b.entriesWritten() > 1000 && b.entriesWritten() < TraceRecorder.DEFAULT_ENTRIES, "a 30 ms run writes " + b.entriesWritten());
        assertEquals(0, b.dropped());
        assertEquals(b.entriesWritten(), s.entriesWritten());
        assertEquals(1000, s.events().size());
        assertEquals(b.entriesWritten() - 1000, s.dropped());
        List<TraceEvent> tail = b.events().subList(b.events().size() - 1000, b.events().size());
        assertEquals(tail, s.events(), "the small ring holds exactly the last 1000 events of the big one");
    }

    /** A recorder of {@code entries} that pins 10 + 10 events when the run has written {@code at}. */
    private static TraceRecorder pinnedRun(int entries, long at) {
        TraceRecorder rec = new TraceRecorder(entries);
        TortureRun run = Checking.checked(new RunConfig(4, 1000, 30 * MS, TracedRun.PROXY_BOOTARGS, 7, null), new Console(null, false))
                .observe(rec::wrap, rec::install).boot();
        run.core().trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                if (rec.written() >= at) rec.pin(10, 10);
            }
        });
        run.run();
        return rec;
    }

    @Test
    void aPinnedWindowIsKeptOutOfTheRingsReachAndIsExactlyThoseEvents() {
        TraceRecorder big = pinnedRun(TraceRecorder.DEFAULT_ENTRIES, 500);
        TraceRecorder small = pinnedRun(100, 500); // overwritten many times over by the end of the run
        TraceRecorder.Window b = big.pinned();
        TraceRecorder.Window s = small.pinned();
        assertTrue(small.written() > 10 * 100, "the small ring wrapped: " + small.written());
        assertEquals(b.at(), s.at());
        assertTrue(b.at() >= 500, "pinned at the first switch once 500 events were written: " + b.at());
        assertEquals(b.at() - 10, s.first());
        assertEquals(20, s.trace().events().size());
        assertEquals(0, s.lost());
        List<TraceEvent> all = big.snapshot().events();
        assertEquals(all.subList((int) b.at() - 10, (int) b.at() + 10), s.trace().events(), "the same events as the big ring's");
        assertTrue(s.trace().events().get(19).time() < small.snapshot().events().get(0).time(), "older than anything left in the ring");
        List<String> rows = Timeline.render(s, 0);
        assertEquals(">>>", rows.get(12).substring(0, 13).trim(), "header, the cut line, 10 rows, then the marker: " + rows);
        assertTrue(rows.get(1).contains((b.at() - 10) + " earlier events not shown"), rows.get(1));
        assertTrue(rows.get(rows.size() - 1).contains((small.written() - b.at() - 10) + " later events not shown"), rows.get(rows.size() - 1));
        assertEquals(24, rows.size());
    }

    @Test
    void aWindowWiderThanTheRingSaysWhatItLost() {
        TraceRecorder tiny = pinnedRun(8, 500);
        TraceRecorder.Window w = tiny.pinned();
        assertEquals(8, w.trace().events().size(), "of the 20 events wanted, the ring held the last 8 when the window was kept");
        assertEquals(w.at() + 2, w.first());
        assertEquals(12, w.lost());
        List<String> rows = Timeline.render(w, 0);
        assertTrue(rows.get(1).endsWith((w.at() + 2) + " earlier events not shown (12 of the window among them: the ring had overwritten them)"), rows.get(1));
        assertTrue(rows.stream().noneMatch(r -> r.contains("first violation")), "the moment itself is gone");
    }

    @Test
    void forcedChoicesAreTheNonZeroEntriesOfTheChoiceList() {
        TracedRun t = TracedRun.proxy(5 * MS);
        ChoiceLog log = t.result().choices();
        RecordedTrace tr = t.trace();
        assertEquals(0, tr.dropped());
        assertTrue(log.nonZero() > 0 && log.nonZero() <= 1 << 16, "the run forces " + log.nonZero() + " choices (fits the note ring)");
        assertEquals(log.nonZero(), tr.forcedNoted());
        assertEquals(log.nonZero(), tr.forcedBefore().stream().mapToLong(Integer::longValue).sum() + tr.forcedAfterLast(),
                "every forced choice marks the event after it");
        assertEquals(log.nonZero(), tr.forced().size());
        int[] all = log.toArray();
        long prevTime = 0;
        for (ForcedChoice f : tr.forced()) {
            assertEquals(all[(int) f.index()], f.value(), "choice #" + f.index());
            assertTrue(f.value() != 0 && f.time() >= prevTime && f.time() <= tr.endNs(), "forced, simulated times in order: " + f);
            prevTime = f.time();
        }
    }

    @Test
    void aReplayedListMarksItsForcedChoicesWhereTheyAreTaken() {
        // the first decision of a run is the first window choice; forcing it to 1 is noted as #0 at time 0
        TraceRecorder rec = new TraceRecorder(100);
        var src = rec.wrap(ReplayChoices.of(1));
        assertEquals(1, src.choose(3));
        assertEquals(0, src.choose(3)); // the list is exhausted: zeros, not noted
        assertTrue(!src.oneIn(1000));
        assertEquals(List.of(new ForcedChoice(0, 0, 1)), ((ForcedChoices) src).kept());
    }
}
