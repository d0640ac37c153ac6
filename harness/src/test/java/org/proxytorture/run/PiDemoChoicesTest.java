package org.proxytorture.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.proxytorture.config.RunConfig;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.sim.SeededChoices;
import org.junit.jupiter.api.Tag;

/**
 * The priority-inversion demo takes its decisions from the request's source, as locktorture runs
 * do: an exploration strategy's choices make different runs of one config, and a run's recorded
 * list replays it bit for bit (before, the demo drew from the config's seed whatever the source,
 * so exploring or shrinking a pidemo scenario ran one run over and over).
 */
@Tag("fast")
class PiDemoChoicesTest {
    static final long MS = 1_000_000L;
    static final RunConfig DEMO = new RunConfig(2, 1000, 50 * MS,
            "proxytorture.workload=pidemo proxytorture.pidemo_case=schedload-contention", 1, null);

    @Test
    void thePiDemoRunsOnTheRequestsChoicesAndReplaysItsRecord() {
        RunResult a = Runner.run(RunRequest.of(DEMO).choices(new SeededChoices(11)));
        RunResult b = Runner.run(RunRequest.of(DEMO).choices(new SeededChoices(12)));
        RunResult config = Runner.run(RunRequest.of(DEMO));
        assertNotEquals(a.eventHash(), b.eventHash(), "two strategy seeds, one config: two runs");
        assertNotEquals(a.eventHash(), config.eventHash(), "the strategy's source, not the config's seed");
        RunResult replayed = Runner.run(RunRequest.of(DEMO).choices(new ReplayChoices(a.choices())));
        assertEquals(a.eventHash(), replayed.eventHash());
        assertEquals(a.latency(), replayed.latency());
    }
}
