package org.proxytorture.torture;

import org.junit.jupiter.api.Tag;
import org.proxytorture.config.RunConfig;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.proxytorture.sim.ChoiceLog;

/**
 * Proxy-path coverage: the default proxy scenario reaches every branch a correct run can reach,
 * and the racy rows of the case table, found under seeded exploration, replay exactly from their
 * recorded choice lists with the decision followed by what the kernel does next.
 */
class ProxyCoverageTest {
    private static final long SEC = 1_000_000_000L;

    @Tag("slow")
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void theDefaultProxyScenarioHitsEveryReachableBranchWithin60Seconds(long seed) {
        TortureRun run = Checking.checked(new RunConfig(8, 1000, 60 * SEC, "locktorture.torture_type=mutex_lock "
                + "locktorture.nested_locks=8 torture.random_shuffle=1 locktorture.stat_interval=0 proxytorture.proxy_variant=full",
                seed, null), new Console(null, true)).requireCoverage(List.of("all"));
        TortureResult r = run.run();
        assertTrue(r.success(), "every reachable branch was hit: " + run.coverageLine() + " " + r.failures());
    }

    /** One recorded proxy event. */
    record Ev(long t, int cpu, String kind, Task donor, Task task) { }

    private static List<Ev> record(TortureRun run) {
        List<Ev> evs = new ArrayList<>();
        run.core().trace.add(new Trace.Listener() {
            @Override
            public void proxy(long now, int cpu, org.proxytorture.kernel.sched.ProxyEvent pe, Task donor, Task task) {
                String event = pe.text();
                evs.add(new Ev(now, cpu, event, donor, task));
            }

            @Override
            public void schedSwitch(long now, int cpu, Task prev, int prevState, Task next) {
                evs.add(new Ev(now, cpu, "switch", prev, next));
            }

            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock lock) {
                evs.add(new Ev(now, cpu, "acquired", p, p));
            }
        });
        return evs;
    }

    private static TortureRun boot(String variant, long seed, ChoiceLog replay) {
        return Checking.checked(new RunConfig(3, 1000, SEC / 2, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 "
                + "torture.random_shuffle=1 locktorture.shuffle_interval=1 locktorture.stat_interval=0 proxytorture.proxy_variant=" + variant,
                seed, replay), new Console(null, false)).boot();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "full, chain_changed, pick_again",
        "full, owner_migrating, resched_idle",
        "full, no_owner_current, run",
        "full, no_owner_deactivate, deactivate",
        "full, woken_current, run",
        "full, woken_deactivate, deactivate",
        "migrate, waking_current, run",
        "migrate, waking_force_return, return",
        "migrate, no_owner_force_return, return",
        "single-rq, no_owner, run"})
    void aRacyCaseFoundUnderExplorationReplaysFromItsChoiceList(String variant, String branch, String then) {
        long seed = 0;
        ChoiceLog choices = null;
        for (long s = 1; s <= 40 && choices == null; s++) {
            TortureRun run = boot(variant, s, null);
            TortureResult r = run.run();
            if (run.core().coverage.count(branch) > 0) {
                seed = s;
                choices = r.choices();
            }
        }
        assertNotNull(choices, branch + " was not reached in 40 seeds");
        // the replay: the recorded list alone (another seed) reproduces the decision
        TortureRun replay = boot(variant, seed + 1000, choices);
        List<Ev> evs = record(replay);
        replay.run();
        Ev d = null;
        for (Ev e : evs) if (e.kind.equals("find_proxy_task:" + branch)) { d = e; break; }
        assertNotNull(d, "replayed from " + choices.size() + " choices (" + choices.nonZero() + " forced), seed " + seed);
        Ev next = null;
        int at = evs.indexOf(d);
        final Ev dec = d;
        switch (then) {
            case "resched_idle" -> {
                for (int i = at + 1; i < evs.size() && next == null; i++) if (evs.get(i).cpu == dec.cpu && evs.get(i).kind.equals("switch")) next = evs.get(i);
                // proxy_resched_idle(): the CPU runs idle next (a switch to it, or it already was)
                assertNotNull(next);
                assertTrue(next.t == dec.t ? next.task.isIdle : next.donor.isIdle, "idle after the decision: " + next);
            }
            case "pick_again" -> {
                for (int i = at + 1; i < evs.size() && next == null; i++) if (evs.get(i).cpu == dec.cpu && (evs.get(i).kind.equals("donor_picked") || evs.get(i).kind.equals("switch"))) next = evs.get(i);
                assertNotNull(next, "pick_again picks");
                assertEquals(dec.t, next.t, "in the same __schedule()");
            }
            case "deactivate" -> {
                for (int i = at + 1; i < evs.size() && next == null; i++) if (evs.get(i).kind.equals("donor_deactivated") && evs.get(i).task == dec.task) next = evs.get(i);
                assertNotNull(next, "proxy_deactivate() of " + dec.task);
                assertEquals(dec.t, next.t);
            }
            case "return" -> {
                for (int i = at + 1; i < evs.size() && next == null; i++) if (evs.get(i).kind.equals("donor_returned") && evs.get(i).task == dec.task) next = evs.get(i);
                assertNotNull(next, "proxy_force_return() of " + dec.task);
            }
            default -> { // run: the task keeps running and gets a lock
                for (int i = at + 1; i < evs.size() && next == null; i++) if (evs.get(i).kind.equals("acquired") && evs.get(i).donor == dec.task) next = evs.get(i);
                assertNotNull(next, dec.task + " runs and takes its lock");
                assertEquals(dec.cpu, next.cpu);
            }
        }
    }
}
