package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.proxytorture.config.BootArgs;
import org.proxytorture.config.RunConfig;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.proxytorture.run.RunMode;
import org.proxytorture.run.RunObserver;
import org.proxytorture.run.RunRequest;
import org.proxytorture.run.RunResult;
import org.proxytorture.run.Runner;
import org.proxytorture.sim.ReplayChoices;
import org.proxytorture.torture.TortureParams;
import org.proxytorture.torture.Workload;

/**
 * The properties a kernel developer states of every scenario, beyond "no checker fires" (the
 * shipped suite's, in torture-scenarios' {@code properties} package): determinism of the seed
 * and of the replay file, checkers that only read, locks released, and proxy execution's worst
 * foreground latency against sched_proxy_exec=0. Each re-runs the try's scenario; none reads the
 * wall clock.
 */
public final class RunProperties {
    private RunProperties() { }

    /** A run as {@code run --seed S} makes it (its decisions from the seed), stopping at its first failure as explore does. */
    static RunResult seeded(TortureTarget t, BootArgs bootargs, long seed) {
        return Runner.run(new RunRequest(new RunConfig(t.cpus(), t.hz(), t.durationNs(), bootargs, seed, null), null, RunMode.EXPLORE,
                List.of(), List.of(), null));
    }

    private static String verdict(RunResult r) {
        return r.failed() ? "failed " + r.failure() : "passed";
    }

    /**
     * "The same seed gives the same event hash": the scenario run twice from the try's seed (as
     * {@code run --seed} runs it) executes the same sections at the same simulated times. Checked
     * of failing runs too.
     */
    public static RunProperty sameSeedSameHash() {
        return new RunProperty() {
            @Override
            public String name() {
                return "same-seed-same-hash";
            }

            @Override
            public boolean runMustPass() {
                return false;
            }

            @Override
            public Broken check(Run run) {
                RunResult a = seeded(run.scenario(), run.scenario().bootargs(), run.seed());
                RunResult b = seeded(run.scenario(), run.scenario().bootargs(), run.seed());
                if (a.eventHash() == b.eventHash() && a.events() == b.events()) return null;
                return Broken.because("two runs from seed " + run.seed() + " differ: event hash " + a.hashHex() + " (" + a.events() + " events, "
                        + verdict(a) + ") then " + b.hashHex() + " (" + b.events() + " events, " + verdict(b) + ")");
            }
        };
    }

    /**
     * "Replay of the recorded choices gives the same hash": the try written as a replay file (its
     * JSON text, read back) replays to the try's event hash and failure identity, as
     * {@code scripts/proxytorture replay} would. Checked of failing runs too: their file is the bug
     * report. (For the random and coverage strategies, whose runs replay from the list alone.)
     */
    public static RunProperty replaySameHash() {
        return new RunProperty() {
            @Override
            public String name() {
                return "replay-same-hash";
            }

            @Override
            public boolean runMustPass() {
                return false;
            }

            @Override
            public Broken check(Run run) {
                Outcome o = run.outcome();
                ReplayFile written = ReplayFile.of(null, run.scenario(), run.seed(), "random", "", o.choices(), o, false);
                ReplayFile back = ReplayFile.parse("replay-same-hash", written.toJson());
                Outcome r = back.replay();
                if (r.eventHash() == o.eventHash() && java.util.Objects.equals(r.identity(), o.identity())) return null;
                return Broken.because("the run (event hash " + o.hashHex() + ", " + o.choices().size() + " decisions, "
                        + (o.failed() ? "failed " + o.identity() : "passed") + ") replays from its file to event hash " + r.hashHex() + " ("
                        + r.choices().size() + " decisions, " + (r.failed() ? "failed " + r.identity() : "passed") + ")");
            }
        };
    }

    /**
     * "The checkers only read": a clean run replayed with {@code proxytorture.checks=0} has the
     * same event hash (a failing run stops at its violation with the checkers on, so only clean
     * runs compare).
     */
    public static RunProperty checkersOnlyRead() {
        return new RunProperty() {
            @Override
            public String name() {
                return "checkers-only-read";
            }

            @Override
            public Broken check(Run run) {
                TortureTarget t = run.scenario();
                TortureTarget off = new TortureTarget(t.scenario(), t.cpus(), t.hz(), t.durationNs(), t.bootargs().with("proxytorture.checks", "0"));
                Outcome o = run.outcome();
                Outcome r = off.run(new ReplayChoices(o.choices()));
                if (r.eventHash() == o.eventHash()) return null;
                return Broken.because("with the checkers on: event hash " + o.hashHex() + ", " + o.events() + " events; replayed with proxytorture.checks=0: "
                        + r.hashHex() + ", " + r.events() + " events" + (r.failed() ? ", failed " + r.identity() : ""));
            }
        };
    }

    /**
     * "Every lock acquisition is released by the end of a clean run": once locktorture's kthreads
     * have stopped, every task has released every lock it took (lock:lock_acquired and
     * lock:lock_release balance per task and lock). The run is replayed from its choices with a
     * counting listener (which must not change its hash). Holds trivially of pidemo, whose tasks
     * are not stopped at the end.
     */
    public static RunProperty locksReleased() {
        return new RunProperty() {
            @Override
            public String name() {
                return "locks-released";
            }

            @Override
            public Broken check(Run run) {
                TortureTarget t = run.scenario();
                if (TortureParams.fromBootArgs(t.bootargs(), t.cpus()).workload != Workload.LOCKTORTURE) return null;
                LockBalance balance = new LockBalance();
                Outcome o = run.outcome();
                Outcome r = t.run(new ReplayChoices(o.choices()), List.of(balance));
                if (r.eventHash() != o.eventHash())
                    return new Broken(List.of("replay"), List.of("replayed with a lock listener: event hash " + r.hashHex() + ", not " + o.hashHex()));
                List<String> held = balance.held();
                if (held.isEmpty()) return null;
                List<String> report = new ArrayList<>();
                report.add(String.format("at the end of the run (%d.%06d s), still held:", o.simNs() / 1_000_000_000L, o.simNs() / 1000 % 1_000_000));
                held.forEach(h -> report.add("  " + h));
                return new Broken(balance.heldClasses(), report);
            }
        };
    }

    /** lock:lock_acquired minus lock:lock_release, per task and lock. */
    static final class LockBalance implements RunObserver, Trace.Listener {
        private final Map<Lock, Map<Task, Integer>> held = new IdentityHashMap<>();

        @Override
        public void attach(Core core) {
            core.trace.add(this);
        }

        @Override
        public void lockAcquired(long now, int cpu, Task p, Lock lock) {
            held.computeIfAbsent(lock, k -> new IdentityHashMap<>()).merge(p, 1, Integer::sum);
        }

        @Override
        public void lockReleased(long now, int cpu, Task p, Lock lock) {
            held.computeIfAbsent(lock, k -> new IdentityHashMap<>()).merge(p, -1, Integer::sum);
        }

        /** "lock class: comm:pid acquired N more times than released", sorted. */
        List<String> held() {
            TreeMap<String, String> out = new TreeMap<>();
            for (var l : held.entrySet())
                for (var e : l.getValue().entrySet())
                    if (e.getValue() != 0) {
                        String k = l.getKey().lockClassName() + ": " + e.getKey().comm + ":" + e.getKey().pid;
                        out.put(k, k + (e.getValue() > 0 ? " acquired " + e.getValue() + " more times than released" : " released " + -e.getValue() + " more times than acquired"));
                    }
            return List.copyOf(out.values());
        }

        /** The identity's roles: the lock classes still held, without their instance numbers (nested_mutex_key#2: nested_mutex_key). */
        List<String> heldClasses() {
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            for (var l : held.entrySet())
                for (int n : l.getValue().values())
                    if (n != 0) out.add("lock=" + l.getKey().lockClassName().replaceAll("#\\d+$", ""));
            return List.copyOf(out);
        }
    }

    private static final Pattern MAX_US = Pattern.compile("\\bmax\\s+([0-9]+(?:\\.[0-9]+)?)");

    /** The worst foreground lock latency of a pidemo run, in ns, read from its latency line (PiDemo.Result#summary, 0.1 us). */
    static long worstLatencyNs(RunResult r) {
        Matcher m = MAX_US.matcher(r.latency());
        if (!m.find()) throw new IllegalStateException("no max in the pidemo latency line: \"" + r.latency() + "\"");
        return Math.round(Double.parseDouble(m.group(1)) * 1000);
    }

    /**
     * "Proxy execution's worst foreground latency is not worse than without it beyond a bound":
     * for a pidemo scenario, its case run from the try's seed with its proxy generation (or
     * {@code full}, if the scenario runs without proxy execution) and with sched_proxy_exec=0
     * (lock_pi off in both); the proxy run's worst latency must be at most the baseline's plus
     * {@code ticks} jiffies (the latencies are tick-quantized: the foreground waits for a tick or a
     * wakeup preemption). Holds trivially of locktorture scenarios.
     */
    public static RunProperty proxyLatencyWithin(int ticks) {
        return new RunProperty() {
            @Override
            public String name() {
                return "proxy-latency-within-" + ticks + "-ticks";
            }

            @Override
            public Broken check(Run run) {
                TortureTarget t = run.scenario();
                TortureParams p = TortureParams.fromBootArgs(t.bootargs(), t.cpus());
                if (p.workload != Workload.PIDEMO) return null;
                String generation = p.schedProxyExec ? p.proxyVariant.param : "full";
                BootArgs base = t.bootargs().without("proxytorture.lock_pi").without("proxytorture.proxy_variant");
                RunResult off = seeded(t, base.with("sched_proxy_exec", "0"), run.seed());
                RunResult proxy = seeded(t, base.with("sched_proxy_exec", "1").with("proxytorture.proxy_variant", generation), run.seed());
                if (off.failed() || proxy.failed())
                    return new Broken(List.of("case=" + p.pidemoCase), List.of("a comparison run failed: sched_proxy_exec=0 " + verdict(off)
                            + ", proxy " + generation + " " + verdict(proxy)));
                long tickNs = 1_000_000_000L / t.hz();
                long bound = worstLatencyNs(off) + ticks * tickNs;
                if (worstLatencyNs(proxy) <= bound) return null;
                return new Broken(List.of("case=" + p.pidemoCase), List.of(
                        String.format("proxy %s's worst foreground latency %.1f us exceeds sched_proxy_exec=0's %.1f us + %d ticks of %d us (seed %d)",
                                generation, worstLatencyNs(proxy) / 1e3, worstLatencyNs(off) / 1e3, ticks, tickNs / 1000, run.seed()),
                        "  " + off.latency().replaceAll("\\s+", " "),
                        "  " + proxy.latency().replaceAll("\\s+", " ")));
            }
        };
    }
}
