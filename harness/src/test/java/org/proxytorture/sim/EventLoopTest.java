package org.proxytorture.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class EventLoopTest {
    /** An agent that records when it ran and then sleeps for a fixed period. */
    private static final class Ticker implements EventLoop.Agent {
        final EventLoop loop;
        final int id;
        final long period;
        final List<String> log;

        Ticker(EventLoop loop, long period, List<String> log) {
            this.loop = loop;
            this.period = period;
            this.log = log;
            this.id = loop.addAgent(this);
        }

        @Override
        public void step(long now) {
            log.add(id + "@" + now);
            loop.setNext(id, now + period);
        }
    }

    private static List<String> run(ChoiceSource choices, long window) {
        EventLoop loop = new EventLoop(choices, window);
        List<String> log = new ArrayList<>();
        Ticker a = new Ticker(loop, 100, log);
        Ticker b = new Ticker(loop, 100, log);
        loop.setNext(a.id, 0);
        loop.setNext(b.id, 10);
        loop.runUntil(250);
        return log;
    }

    @Test
    void withoutForcedChoicesTheEarliestAgentRunsFirst() {
        assertEquals(List.of("0@0", "1@10", "0@100", "1@110", "0@200", "1@210"), run(ReplayChoices.of(), 50));
    }

    @Test
    void aForcedChoiceRunsTheLaterAgentFirstAndTheClockNeverGoesBack() {
        // choice 1 at the first decision: agent 1 (due at 10) runs before agent 0 (due at 0), at 10;
        // from then on both are due at the same times and the default order (lower id) holds
        assertEquals(List.of("1@10", "0@10", "0@110", "1@110", "0@210", "1@210"), run(ReplayChoices.of(1), 50));
    }

    @Test
    void agentsOutsideTheWindowAreNotConcurrent() {
        assertEquals(List.of("0@0", "1@10", "0@100", "1@110", "0@200", "1@210"), run(ReplayChoices.of(1, 1, 1), 5));
    }

    @Test
    void timersFireInTimeThenArmingOrder() {
        EventLoop loop = new EventLoop(ReplayChoices.of(), 0);
        List<String> log = new ArrayList<>();
        loop.arm(new Timer(now -> log.add("b@" + now)), 20);
        loop.arm(new Timer(now -> log.add("a@" + now)), 10);
        loop.arm(new Timer(now -> log.add("c@" + now)), 20);
        Timer cancelled = new Timer(now -> log.add("x@" + now));
        loop.arm(cancelled, 15);
        loop.cancel(cancelled);
        loop.runUntil(100);
        assertEquals(List.of("a@10", "b@20", "c@20"), log);
        assertEquals(100, loop.now());
    }
}
