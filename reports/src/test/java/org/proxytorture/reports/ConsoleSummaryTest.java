package org.proxytorture.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.proxytorture.reports.ConsoleSummary.Verdict;
import org.junit.jupiter.api.Tag;

/**
 * The consoles under src/test/resources/org/proxytorture/reports are real runs of the jar:
 * <pre>
 * mutex_lock-success.console.log:   run --cpus 4 --duration 3s --seed 7 --bootargs "locktorture.torture_type=mutex_lock
 *                                     locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.stat_interval=1"
 * lock_busted-failure.console.log:  run --cpus 4 --duration 1s --seed 1 --bootargs "locktorture.torture_type=lock_busted"
 * writer_fifo-starved.console.log:  run --cpus 2 --duration 1s --seed 1 --bootargs "locktorture.nwriters_stress=3
 *                                     locktorture.writer_fifo=1 locktorture.rt_boost=0"
 * </pre>
 */
@Tag("fast")
class ConsoleSummaryTest {
    static String resource(String name) throws IOException {
        try (InputStream in = ConsoleSummaryTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void mutexLockSuccessTakesTheLastOfSeveralWritesLines() throws IOException {
        ConsoleSummary s = ConsoleSummary.parse(resource("mutex_lock-success.console.log"));
        assertEquals(new ConsoleSummary("mutex_lock", Verdict.SUCCESS, OptionalLong.of(2166701), 0, false, false, 0), s);
        // kvm-recheck-lock.sh: awk prints 2166701 / 3 = 722233.67 as "%.6g"
        assertEquals("LOCK01 ------- 2166701 acquisitions/releases (722234 per second)", s.recheckLine("LOCK01", 3));
    }

    @Test
    void lockBustedIsAFailureWithBangs() throws IOException {
        ConsoleSummary s = ConsoleSummary.parse(resource("lock_busted-failure.console.log"));
        assertEquals("lock_busted", s.tortureType());
        assertEquals(Verdict.FAILURE, s.verdict());
        assertEquals(OptionalLong.of(4695569), s.writesTotal());
        assertEquals(1, s.fail());
        assertTrue(s.failed());
        assertFalse(s.questionable());
        assertEquals(0, s.warnings());
        assertEquals("LOCK_BUSTED ------- 4695569 acquisitions/releases (4695569 per second)", s.recheckLine("LOCK_BUSTED", 1));
    }

    @Test
    void starvedFifoWritersAreQuestionableButSucceed() throws IOException {
        ConsoleSummary s = ConsoleSummary.parse(resource("writer_fifo-starved.console.log"));
        assertEquals(new ConsoleSummary("mutex_lock", Verdict.SUCCESS, OptionalLong.of(74199), 0, true, false, 0), s);
        assertEquals("FIFO ------- 74199 acquisitions/releases (2473.3 per second)", s.recheckLine("FIFO", 30));
    }

    @Test
    void theKernelsOwnConsoleLines() {
        String console = """
                [    0.000000] mutex_lock-torture:--- Start of test: acq_writer_lim=0 bind_readers=0-7 bind_writers=0-7
                [   10.010000] Writes:  Total: 7762271  Max/Min: 997602/935667   Fail: 0\s
                [   11.500000] ------------[ cut here ]------------
                [   11.500001] WARNING: CPU: 2 PID: 85 at kernel/locking/mutex.c:935 __mutex_unlock_slowpath+0x1c1/0x2b0
                [   11.600001] WARNING: CPU: 3 PID: 86 at kernel/sched/core.c:6800 find_proxy_task+0x51/0x300
                [   20.020000] Writes:  Total: 15524542  Max/Min: 1995204/935667 ???  Fail: 0\s
                [   20.020000] mutex_lock-torture:--- End of test: LOCK_HOTPLUG: acq_writer_lim=0 bind_readers=0-7
                """;
        ConsoleSummary s = ConsoleSummary.parse(console);
        assertEquals(new ConsoleSummary("mutex_lock", Verdict.LOCK_HOTPLUG, OptionalLong.of(15524542), 0, true, false, 2), s);
        assertEquals("LOCK05 ------- 15524542 acquisitions/releases (776227 per second)", s.recheckLine("LOCK05", 20));
        assertEquals("LOCK05 ------- 15524542 acquisitions/releases (1.55245e+06 per second)", s.recheckLine("LOCK05", 10));
    }

    @Test
    void aConsoleCutShortHasNoVerdict() {
        ConsoleSummary s = ConsoleSummary.parse("""
                [    0.000000] mutex_lock-torture:--- Start of test: acq_writer_lim=0
                [    0.000000] mutex_lock-torture: lock_torture_writer task started
                """);
        assertEquals(new ConsoleSummary("mutex_lock", Verdict.UNKNOWN, OptionalLong.empty(), 0, false, false, 0), s);
        // kvm-recheck-lock.sh with no "Writes:  Total:" line
        assertEquals("LOCK02 -------", s.recheckLine("LOCK02", 10));
    }

    @Test
    void anEmptyConsoleIsAllUnknown() {
        ConsoleSummary s = ConsoleSummary.parse("");
        assertNull(s.tortureType());
        assertEquals(Verdict.UNKNOWN, s.verdict());
        assertEquals(OptionalLong.empty(), s.writesTotal());
    }

    @Test
    void withoutADurationTheRateIsLeftOut() {
        ConsoleSummary s = ConsoleSummary.parse("[   10.010000] Writes:  Total: 7762271  Max/Min: 997602/935667   Fail: 0 ");
        assertEquals("LOCK03 ------- 7762271 acquisitions/releases", s.recheckLine("LOCK03", 0));
    }

    /** Expected values are what Debian's awk (mawk) prints for {@code BEGIN { print <expr> }}. */
    @ParameterizedTest(name = "awk print {0}/{1} = {2}")
    @CsvSource({
            "7762271, 10, 776227",
            "7762271, 3, 2.58742e+06",
            "2166701, 3, 722234",
            "1, 2, 0.5",
            "1, 100000, 1e-05",
            "1, 10000, 0.0001",
            "1999999, 2, 1e+06",
            "1, 3, 0.333333",
            "74199, 30, 2473.3",
            "12345678, 1, 12345678",
            "-5, 2, -2.5",
    })
    void awkPrintsLikeAwk(long ncs, long dur, String expected) {
        assertEquals(expected, ConsoleSummary.awkPrint((double) ncs / dur));
    }
}
