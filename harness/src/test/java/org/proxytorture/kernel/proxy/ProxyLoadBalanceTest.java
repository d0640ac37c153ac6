package org.proxytorture.kernel.proxy;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proxytorture.kernel.proxy.ProxyScenario.MS;

import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.sched.CpuMask;
import org.proxytorture.kernel.sched.SetCpusAllowedFrame;
import org.proxytorture.kernel.sched.Task;
import org.junit.jupiter.api.Tag;

/**
 * Load balancing with a blocked donor on the runqueue: can_migrate_task() refuses it, so the only
 * movable task is the running owner, which only active balancing can push, and need_active_balance()
 * asks for sd->nr_balance_failed > cache_nice_tries + 2, a count only periodic balancing raises.
 * Found by the ping-pong checker (PROXY09/PROXY10, 60 s): with active balancing on the first failed
 * attempt, even a newidle one, an owner was pushed to the CPU its donors had just left, the donors
 * followed it by proxy migration, and the CPU they left pushed it back, every few microseconds.
 */
@Tag("fast")
class ProxyLoadBalanceTest {

    @Test
    void aNewlyIdleCpuDoesNotActiveBalanceARunningOwnerAtOnce() {
        ProxyScenario s = new ProxyScenario(2, new FullProxy());
        Mutex m = s.mutex("m");
        // CPU 0: the owner (nice -10, so it usually runs as its own donor) and its blocked donor
        Task owner = s.spawn("owner", ProxyScenario.prog("owner").lock(m).run(100 * MS).unlock(m).exit().build(), CpuMask.of(0), -10);
        s.spawn("donor", ProxyScenario.prog("donor").sleep(MS).lock(m).unlock(m).exit().build(), CpuMask.of(0), 19);
        // CPU 1: the owner may run there from 1 ms; CPU 1 goes newly idle at 2 ms
        s.spawn("widen", ProxyScenario.prog("widen").sleep(MS).call((cpu, p, r) -> new SetCpusAllowedFrame(owner, CpuMask.of(0, 1))).exit().build(),
                CpuMask.of(1), 0);
        s.spawn("short", ProxyScenario.prog("short").run(2 * MS).sleep(500 * MS).exit().build(), CpuMask.of(1), 0);
        s.runUntil(80 * MS);
        var moved = s.first(e -> e.kind().equals("migrate") && e.a() == owner);
        assertNotNull(moved, "active balancing eventually pushes the running owner to the idle CPU" + s.dump());
        // the newidle balance at 2 ms counts no failure; four failed periodic balances (2 ms apart at least) come first
        assertTrue(moved.t() >= 2 * MS + 4 * 2 * MS, "the owner was pushed at " + moved.t() + " ns" + s.dump());
        assertTrue(s.core.warnings.isEmpty(), String.valueOf(s.core.warnings));
    }
}
