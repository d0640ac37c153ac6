package org.proxytorture.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.sim.Timer;

/**
 * The invariant checkers of one run: each is a tracepoint listener, and every audit interval
 * (simulated) all of them re-check the whole state. Audits run from an event-loop timer, which
 * takes no choice and mixes nothing into the event hash, so a run is the same with or without
 * checkers. The first violation of each identity is kept; with stopOnFirst the run stops there.
 */
public final class Checks {
    /** How the checkers are tuned (simulated nanoseconds); rtWindowNs 0 is the rt checker's own bound, 3 ticks. */
    public record Config(long auditIntervalNs, long hungTaskTimeoutNs, long progressWindowNs, long rtWindowNs,
            boolean stopOnFirst) {
        public static Config defaults() {
            return new Config(10_000_000L, 20_000_000_000L, 30_000_000_000L, 0L, false);
        }

        /** The same tuning, stopping the run at the first violation (a bug hunt). */
        public Config withStopOnFirst(boolean stop) {
            return new Config(auditIntervalNs, hungTaskTimeoutNs, progressWindowNs, rtWindowNs, stop);
        }
    }

    final Core core;
    final Config config;
    private final EventRing ring = new EventRing(64);
    private final List<Checker> checkers = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<Violation> findings = new ArrayList<>();
    private final LinkedHashSet<Identity> seen = new LinkedHashSet<>();
    private final Timer auditTimer;
    private long audits;
    /** Emulated events (the event hash's count) when the first violation was reported; -1 if none. */
    private long firstViolationEvents = -1;

    /**
     * Every lock seen contended or acquired, in first-seen order (only these can have waiters;
     * a percpu_rw_semaphore writer that drains readers waits without contention_begin).
     */
    private final java.util.LinkedHashMap<Lock, Boolean> locks = new java.util.LinkedHashMap<>();

    private Checks(Core core, Config config) {
        this.core = core;
        this.config = config;
        this.auditTimer = new Timer(this::auditTick);
        core.trace.add(ring);
        core.trace.add(new org.proxytorture.kernel.sched.Trace.Listener() {
            @Override
            public void lockContended(long now, int cpu, Task p, Lock lock) {
                locks.putIfAbsent(lock, Boolean.TRUE);
            }

            @Override
            public void lockAcquired(long now, int cpu, Task p, Lock lock) {
                locks.putIfAbsent(lock, Boolean.TRUE);
            }
        });
    }

    /** The locks seen contended or acquired, for audits. */
    java.util.Set<Lock> seenLocks() {
        return locks.keySet();
    }

    /** Every checker of the package on {@code core}. */
    public static Checks install(Core core, Config config) {
        Checks c = new Checks(core, config);
        c.add(new MigrationChecker(c));
        c.add(new LockChecker(c));
        c.add(new DeadlockChecker(c));
        Lockdep lockdep = new Lockdep(c);
        c.add(lockdep);
        core.rawLockdep = lockdep;
        c.add(new LostWakeupChecker(c));
        c.add(new EevdfChecker(c));
        c.add(new AccountingChecker(c));
        c.add(new PlacementChecker(c));
        c.add(new FairnessChecker(c));
        c.add(new DerivedStateChecker(c));
        c.add(new RtBalanceChecker(c));
        c.add(new RtChecker(c));
        c.add(new ProgressChecker(c));
        c.add(new WarnChecker(c));
        c.add(new OopsChecker(c));
        c.start();
        return c;
    }

    /** An empty set, for tests that install one checker. */
    public static Checks none(Core core, Config config) {
        return new Checks(core, config);
    }

    public <C extends Checker> C add(C checker) {
        checkers.add(checker);
        core.trace.add(checker);
        return checker;
    }

    public void start() {
        if (config.auditIntervalNs() > 0) core.loop.arm(auditTimer, core.now() + config.auditIntervalNs());
    }

    private void auditTick(long now) {
        auditNow();
        core.loop.arm(auditTimer, now + config.auditIntervalNs());
    }

    /** Runs every checker's full-state audit now. */
    public void auditNow() {
        audits++;
        long now = core.now();
        for (Checker c : checkers) c.audit(now);
    }

    /** The run is over: a last audit, then each checker's end checks. */
    public void finish() {
        core.loop.cancel(auditTimer);
        auditNow();
        long now = core.now();
        for (Checker c : checkers) c.end(now);
    }

    private java.util.function.Consumer<Violation> firstViolationListener = v -> { };

    /**
     * Told of the first violation as it is reported, before the run goes on (a trace recorder
     * pins the events around it, so that a long run cannot overwrite them). Reads only.
     */
    public void onFirstViolation(java.util.function.Consumer<Violation> l) {
        firstViolationListener = l;
    }

    /** How many emulated events the run had executed when its first violation was reported; -1 if none. */
    public long firstViolationEvents() {
        return firstViolationEvents;
    }

    public Config config() {
        return config;
    }

    public long audits() {
        return audits;
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Soft findings: worth a look, not a failure (like locktorture's "???"). */
    public List<Violation> findings() {
        return List.copyOf(findings);
    }

    /** Reports a soft finding; the first of each identity is kept; the run goes on and does not fail. */
    public void finding(Checker by, String invariant, String message, List<String> roles, List<Integer> cpus, Task... tasks) {
        Violation v = new Violation(by.name(), invariant, roles, core.now(), cpus, names(tasks), message, List.of(), ring.last(20));
        if (seen.add(v.identity())) findings.add(v);
    }

    /** Marks tasks whose progress the progress checker watches (locktorture's writers). */
    public void watchProgress(List<Task> tasks) {
        for (Checker c : checkers) if (c instanceof ProgressChecker p) p.watch(tasks);
    }

    /** The liveness end phase: tasks that did not finish within {@code boundNs} after the workload stopped. */
    public void neverFinished(List<Task> tasks, long boundNs) {
        for (Checker c : checkers) if (c instanceof LostWakeupChecker l) l.neverFinished(tasks, boundNs);
    }

    /** Reports a violation; the first of each identity is kept. */
    public void report(Checker by, String invariant, String message, List<String> roles, List<Integer> cpus, Task... tasks) {
        report(by, invariant, message, List.of(), roles, cpus, tasks);
    }

    /** Reports a violation with further report lines. */
    public void report(Checker by, String invariant, String message, List<String> detail, List<String> roles, List<Integer> cpus, Task... tasks) {
        Violation v = new Violation(by.name(), invariant, roles, core.now(), cpus, names(tasks), message, detail, ring.last(20));
        if (!seen.add(v.identity())) return;
        violations.add(v);
        if (firstViolationEvents < 0) {
            firstViolationEvents = core.trace.hash().events();
            firstViolationListener.accept(v);
        }
        if (config.stopOnFirst()) core.loop.stop();
    }

    private static List<String> names(Task... tasks) {
        List<String> out = new ArrayList<>();
        for (Task t : tasks) if (t != null) out.add(t.toString());
        return out;
    }

    /** The role of a task in an identity: its comm, without the pid. */
    static String role(String role, Task t) {
        return role + "=" + (t == null ? "none" : t.comm);
    }

    /** The role of a lock: its lock class, without an instance index ("nested_mutex_key#3" -> "nested_mutex_key"). */
    static String lockRole(String role, Lock lock) {
        return lockRole(role, lock.lockClassName());
    }

    /** The role of a lock class named {@code n}. */
    static String lockRole(String role, String n) {
        int i = n.indexOf('#');
        return role + "=" + (i > 0 ? n.substring(0, i) : n);
    }
}
