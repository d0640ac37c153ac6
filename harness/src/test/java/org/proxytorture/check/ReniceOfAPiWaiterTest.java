package org.proxytorture.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.config.RunConfig;
import org.proxytorture.explore.ReplayFile;
import org.proxytorture.run.RunObserver;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.sim.ReplayChoices;
import org.junit.jupiter.api.Tag;

/**
 * set_user_nice() does not rt_mutex_adjust_pi(): a waiter reniced to nice -20 while its rt_mutex's
 * owner is throttled (1 CPU, 2 writers, bandwidth 5 ms per 100 ms, the renice meddler; found by
 * explore --space at model 15, try 524, shrunk to one forced choice) leaves the owner at its own
 * prio, as the kernel would, until the next chain walk. derived/D6 reported it as a lost boost;
 * it waits for the owner's prio to be set again.
 */
@Tag("fast")
class ReniceOfAPiWaiterTest {
    @Test
    void aRenicedRtMutexWaiterLeavesItsOwnersBoostAsTheKernelDoes() {
        ReplayFile f = ReplayFile.read(Path.of("src/test/resources/findings/renice-rtmutex-waiter-D6.min.json"));
        RunConfig cfg = new RunConfig(f.cpus(), f.hz(), f.durationNs(), f.bootargs(), f.seed(), null);
        int[] stale = {0};
        RunObserver watch = new RunObserver() {
            @Override
            public void booted(org.proxytorture.kernel.sched.Core core) {
                core.trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
                    @Override
                    public void schedSwitch(long now, int cpu, org.proxytorture.kernel.sched.Task prev, int prevState, org.proxytorture.kernel.sched.Task next) {
                        for (org.proxytorture.kernel.sched.Task t : core.tasks)
                            if (t != null && !t.piWaiters.isEmpty() && t.piWaiters.get(0).task.prio < t.prio) stale[0]++;
                    }
                });
            }
        };
        RunResult r = Runner.run(RunRequest.of(cfg).choices(new ReplayChoices(f.choiceLog())).observers(List.of(watch)));
        assertTrue(stale[0] > 0, "the waiter's renice left its owner below it (the kernel's state)");
        assertEquals(null, r.failure(), String.valueOf(r.report()));
    }
}
