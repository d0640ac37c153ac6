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

    /**
     * On 8 agents (scanned) and 40 (kept sorted), against a brute-force oracle: every choice is
     * offered exactly the agents due within the window of the earliest, in (time, id) order, and
     * the agent chosen is the one that runs. Agents sleep for drawn periods, some for ever (NEVER)
     * until another wakes them.
     */
    @Test
    void theConcurrentAgentsAreThoseDueWithinTheWindowInTimeThenIdOrder() {
        for (int nAgents : new int[] {8, 40}) {
            SplitMix64 rng = new SplitMix64(nAgents);
            long window = 30;
            long[] due = new long[nAgents];
            int[] expected = new int[1];
            EventLoop[] loop = new EventLoop[1];
            List<Integer> offered = new ArrayList<>();
            ChoiceSource oracle = new ChoiceSource() {
                @Override
                public int choose(int n) {
                    // the candidates by brute force: due within window of the earliest, sorted on (time, id)
                    long t0 = java.util.Arrays.stream(due).min().getAsLong();
                    List<Integer> c = new ArrayList<>();
                    for (int a = 0; a < nAgents; a++) if (due[a] <= t0 + window && due[a] <= 100_000) c.add(a);
                    c.sort((x, y) -> due[x] != due[y] ? Long.compare(due[x], due[y]) : Integer.compare(x, y));
                    assertEquals(c.size(), n, "candidates offered");
                    int k = rng.nextInt(n);
                    expected[0] = c.get(k);
                    offered.add(n);
                    return k;
                }

                @Override
                public boolean oneIn(long oneIn) {
                    return false;
                }

                @Override
                public String describe() {
                    return "oracle";
                }

                @Override
                public ChoiceLog log() {
                    return ChoiceLog.of();
                }
            };
            loop[0] = new EventLoop(oracle, window);
            for (int a = 0; a < nAgents; a++) {
                int id = a;
                loop[0].addAgent(now -> {
                    if (expected[0] >= 0) assertEquals(expected[0], id, "the chosen agent runs");
                    expected[0] = -1;
                    long d = rng.nextInt(10) == 0 ? EventLoop.NEVER : now + rng.nextInt(40);
                    due[id] = d;
                    loop[0].setNext(id, d);
                    int other = rng.nextInt(nAgents); // wakes another, perhaps one sleeping for ever
                    if (due[other] == EventLoop.NEVER) {
                        due[other] = now + rng.nextInt(20);
                        loop[0].setNext(other, due[other]);
                    }
                });
            }
            for (int a = 0; a < nAgents; a++) {
                due[a] = rng.nextInt(50);
                loop[0].setNext(a, due[a]);
            }
            expected[0] = -1;
            loop[0].runUntil(100_000);
            assertEquals(true, offered.size() > 1000 && offered.stream().anyMatch(n -> n > nAgents / 5), nAgents + " agents: choices offered " + offered.size());
        }
    }
}
