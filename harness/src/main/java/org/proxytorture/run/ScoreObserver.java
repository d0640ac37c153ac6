package org.proxytorture.run;

import java.util.Arrays;
import java.util.TreeMap;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.proxytorture.sim.ChoiceSource;

/**
 * Measures a run's {@link Scores} from its tracepoints. Read-only: it keeps a reference to the
 * decision source only to ask how many decisions were taken (its log's size) when a score rises,
 * and takes none; it changes nothing the event hash sees.
 */
final class ScoreObserver implements RunObserver, Trace.Listener {
    private ChoiceSource choices;
    /** Per CPU: blocked_on links the current pick's find_proxy_task() walk has followed. */
    private int[] chain = new int[0];
    private long proxyChain, proxyChainAt = -1;
    /** Per pid: when its current wait began (lock_contended), and on which lock; -1 if not waiting. */
    private long[] waitSince = new long[0];
    private Lock[] waitingOn = new Lock[0];
    private long lockWait, lockWaitAt = -1;
    private long migrations, migrationsAt = -1;

    @Override
    public ChoiceSource wrap(ChoiceSource c) {
        choices = c; // not wrapped: the run's decisions pass by untouched
        return c;
    }

    @Override
    public void attach(Core core) {
        chain = new int[core.nrCpus()];
        core.trace.add(this);
    }

    private long taken() {
        return choices == null ? -1 : choices.log().size();
    }

    @Override
    public void proxy(long now, int cpu, ProxyEvent event, Task donor, Task task) {
        switch (event.kind()) {
            case DONOR_PICKED -> chain[cpu] = 0; // a walk starts (again, after a pick_again)
            case FIND_PROXY_TASK -> {
                if (event.branch().equals("chain_step") || event.branch().equals("chain_step_deep")) {
                    if (++chain[cpu] > proxyChain) {
                        proxyChain = chain[cpu];
                        proxyChainAt = taken();
                    }
                }
            }
            case DONOR_MIGRATED -> {
                migrations++;
                migrationsAt = taken();
            }
            default -> { }
        }
    }

    @Override
    public void lockContended(long now, int cpu, Task p, Lock lock) {
        grow(p.pid);
        // a slow path may report contention again while it waits (after a wakeup): the wait began at the first
        if (waitingOn[p.pid] != lock) {
            waitingOn[p.pid] = lock;
            waitSince[p.pid] = now;
        }
    }

    @Override
    public void lockAcquired(long now, int cpu, Task p, Lock lock) {
        if (p.pid >= waitingOn.length || waitingOn[p.pid] != lock) return; // uncontended, or another lock's wait (a ww_mutex back-off)
        long w = now - waitSince[p.pid];
        waitingOn[p.pid] = null;
        if (w > lockWait) {
            lockWait = w;
            lockWaitAt = taken();
        }
    }

    private void grow(int pid) {
        if (pid < waitingOn.length) return;
        int n = Math.max(pid + 1, 2 * waitingOn.length);
        waitingOn = Arrays.copyOf(waitingOn, n);
        waitSince = Arrays.copyOf(waitSince, n);
    }

    /** The scores of a locktorture run. */
    Scores scores() {
        TreeMap<String, Long> v = new TreeMap<>(), at = new TreeMap<>();
        v.put(Scores.PROXY_CHAIN, proxyChain);
        at.put(Scores.PROXY_CHAIN, proxyChainAt);
        v.put(Scores.LOCK_WAIT_NS, lockWait);
        at.put(Scores.LOCK_WAIT_NS, lockWaitAt);
        v.put(Scores.DONOR_MIGRATIONS, migrations);
        at.put(Scores.DONOR_MIGRATIONS, migrationsAt);
        return new Scores(v, at);
    }
}
