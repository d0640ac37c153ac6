package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.proxytorture.config.BootArgs;
import org.proxytorture.torture.TortureParams;
import org.junit.jupiter.api.Tag;

/**
 * Every parameter the harness accepts, at its boundary values (0, -1, the largest int, one past it,
 * empty, garbage, and the values where the kernel's arithmetic breaks), through {@code run} as a
 * user types it on 2 CPUs (4 writers by default), HZ=1000, 1 ms: what locktorture.c, torture.c
 * and kernel/params.c do with it.
 * <ul>
 * <li>{@code TAKES}: the kernel takes the value as it is; the run starts (exit 0 or 1) and its
 * console shows {@code text} (the banner's value, a kthread's line; "!text": never shows it;
 * "~regex": shows a match).</li>
 * <li>{@code WARNS}: the kernel warns and goes on (a bad bind_* list: all CPUs); the console has
 * the kernel's lines.</li>
 * <li>{@code REFUSES}: exit 2, one line on stderr naming {@code text}: kstrtoint()/kstrtobool()
 * refuse it (the module would not load), locktorture refuses it (an unknown torture_type, no
 * kthread at all), the kernel would divide by zero or overflow an int with it, or it is past the
 * model's own limit.</li>
 * </ul>
 */
@Tag("fast")
class ParameterTableTest {
    enum Expect { TAKES, WARNS, REFUSES }

    private static final String L = "locktorture.", T = "torture.", P = "proxytorture.";
    private static final String MAX = "2147483647", PAST_MAX = "2147483648", MIN = "-2147483648";

    private static Arguments row(String bootargs, Expect e, String text) {
        return Arguments.of(bootargs, e, text);
    }

    static Stream<Arguments> rows() {
        List<Arguments> r = new ArrayList<>();
        // locktorture.torture_type (charp): lock_torture_init() looks it up in torture_ops[]
        r.add(row(L + "torture_type=mutex_lock", Expect.TAKES, "mutex_lock-torture:--- Start of test"));
        r.add(row(L + "torture_type=", Expect.REFUSES, "invalid torture type: \"\""));
        r.add(row(L + "torture_type=0", Expect.REFUSES, "invalid torture type: \"0\""));
        r.add(row(L + "torture_type=-1", Expect.REFUSES, "invalid torture type: \"-1\""));
        r.add(row(L + "torture_type=mutex", Expect.REFUSES, "invalid torture type: \"mutex\""));
        r.add(row(L + "torture_type=rw_lock_irq", Expect.REFUSES, "locktorture.torture_type=rw_lock_irq is not modelled yet"));
        // nwriters_stress: a negative value is the default; 0 with no readers is "must run at least one locking thread"
        r.add(row(L + "nwriters_stress=0", Expect.REFUSES, "must run at least one locking thread"));
        r.add(row(L + "nwriters_stress=-1", Expect.TAKES, "nwriters_stress=4 "));
        r.add(row(L + "nwriters_stress=-5", Expect.TAKES, "nwriters_stress=4 "));
        r.add(row(L + "nwriters_stress=" + MIN, Expect.TAKES, "nwriters_stress=4 "));
        r.add(row(L + "nwriters_stress=1", Expect.TAKES, "nwriters_stress=1 "));
        r.add(row(L + "nwriters_stress=0x10", Expect.TAKES, "nwriters_stress=16 ")); // kstrtoint(val, 0): hex
        r.add(row(L + "nwriters_stress=010", Expect.TAKES, "nwriters_stress=8 ")); // ... and octal
        r.add(row(L + "nwriters_stress=+3", Expect.TAKES, "nwriters_stress=3 "));
        r.add(row(L + "nwriters_stress=4096", Expect.TAKES, "nwriters_stress=4096 "));
        r.add(row(L + "nwriters_stress=4097", Expect.REFUSES, "locktorture.nwriters_stress=4097: out of range"));
        r.add(row(L + "nwriters_stress=" + MAX, Expect.REFUSES, "locktorture.nwriters_stress"));
        r.add(row(L + "nwriters_stress=" + PAST_MAX, Expect.REFUSES, "kstrtoint() says -ERANGE"));
        r.add(row(L + "nwriters_stress=", Expect.REFUSES, "kstrtoint() says -EINVAL"));
        r.add(row(L + "nwriters_stress=four", Expect.REFUSES, "locktorture.nwriters_stress=four: not an integer"));
        r.add(row(L + "nwriters_stress=1.5", Expect.REFUSES, "locktorture.nwriters_stress=1.5: not an integer"));
        r.add(row(L + "nwriters_stress=0x", Expect.REFUSES, "locktorture.nwriters_stress=0x: not an integer"));
        // nreaders_stress: types with readlock only; a negative value is "as many as writers"
        String rw = L + "torture_type=rwsem_lock ";
        r.add(row(rw + L + "nreaders_stress=0", Expect.TAKES, "nreaders_stress=0 nwriters_stress=4 "));
        r.add(row(rw + L + "nreaders_stress=-1", Expect.TAKES, "nreaders_stress=2 nwriters_stress=2 "));
        r.add(row(rw + L + "nreaders_stress=-7", Expect.TAKES, "nreaders_stress=2 nwriters_stress=2 "));
        r.add(row(rw + L + "nwriters_stress=0 " + L + "nreaders_stress=3", Expect.TAKES, "nreaders_stress=3 nwriters_stress=0 "));
        r.add(row(rw + L + "nwriters_stress=0 " + L + "nreaders_stress=0", Expect.REFUSES, "must run at least one locking thread"));
        r.add(row(L + "nreaders_stress=5", Expect.TAKES, "nreaders_stress=0 nwriters_stress=4 ")); // mutex_lock has no readers
        r.add(row(rw + L + "nreaders_stress=4097", Expect.REFUSES, "locktorture.nreaders_stress=4097: out of range"));
        r.add(row(rw + L + "nreaders_stress=" + PAST_MAX, Expect.REFUSES, "locktorture.nreaders_stress"));
        r.add(row(rw + L + "nreaders_stress=", Expect.REFUSES, "locktorture.nreaders_stress"));
        r.add(row(rw + L + "nreaders_stress=x", Expect.REFUSES, "locktorture.nreaders_stress"));
        // acq_writer_lim: only > 0 checks
        r.add(row(L + "acq_writer_lim=0", Expect.TAKES, "acq_writer_lim=0 "));
        r.add(row(L + "acq_writer_lim=-1", Expect.TAKES, "acq_writer_lim=-1 "));
        r.add(row(L + "acq_writer_lim=" + MAX, Expect.TAKES, "acq_writer_lim=" + MAX + " "));
        r.add(row(L + "acq_writer_lim=" + PAST_MAX, Expect.REFUSES, "locktorture.acq_writer_lim"));
        r.add(row(L + "acq_writer_lim=", Expect.REFUSES, "locktorture.acq_writer_lim"));
        r.add(row(L + "acq_writer_lim=x", Expect.REFUSES, "locktorture.acq_writer_lim"));
        // call_rcu_chains: not modelled; > 0 would start chains
        r.add(row(L + "call_rcu_chains=0", Expect.TAKES, "!not modelled yet"));
        r.add(row(L + "call_rcu_chains=-1", Expect.TAKES, "!not modelled yet"));
        r.add(row(L + "call_rcu_chains=1", Expect.TAKES, "not modelled yet, accepted and ignored: call_rcu_chains"));
        r.add(row(L + "call_rcu_chains=" + MAX, Expect.TAKES, "call_rcu_chains=" + MAX + " "));
        r.add(row(L + "call_rcu_chains=x", Expect.REFUSES, "locktorture.call_rcu_chains"));
        // long_hold: 0 is off; nwriters * 2000 * long_hold is an int in the kernel: 4 writers * 2000 * 268435 fits, 268436 does not
        r.add(row(L + "long_hold=0", Expect.TAKES, "long_hold=0 "));
        r.add(row(L + "long_hold=-1", Expect.REFUSES, "locktorture.long_hold=-1: out of range"));
        r.add(row(L + "long_hold=268435", Expect.TAKES, "long_hold=268435 "));
        r.add(row(L + "long_hold=268436", Expect.REFUSES, "overflows an int"));
        r.add(row(L + "long_hold=" + MAX, Expect.REFUSES, "overflows an int"));
        r.add(row(L + "long_hold=" + PAST_MAX, Expect.REFUSES, "locktorture.long_hold"));
        r.add(row(L + "long_hold=", Expect.REFUSES, "locktorture.long_hold"));
        r.add(row(L + "long_hold=1.5", Expect.REFUSES, "locktorture.long_hold=1.5: not an integer"));
        // nested_locks: capped at 8 without a message, after the Start banner; negative takes no nested lock
        r.add(row(L + "nested_locks=0", Expect.TAKES, "nested_locks=0 "));
        r.add(row(L + "nested_locks=-1", Expect.TAKES, "nested_locks=-1 "));
        r.add(row(L + "nested_locks=8", Expect.TAKES, "~End of test: \\w+: .* nested_locks=8 "));
        r.add(row(L + "nested_locks=9", Expect.TAKES, "~Start of test: .* nested_locks=9 "));
        r.add(row(L + "nested_locks=9", Expect.TAKES, "~End of test: \\w+: .* nested_locks=8 "));
        r.add(row(L + "nested_locks=" + MAX, Expect.TAKES, "~End of test: \\w+: .* nested_locks=8 "));
        r.add(row(L + "nested_locks=" + PAST_MAX, Expect.REFUSES, "locktorture.nested_locks"));
        r.add(row(L + "nested_locks=four", Expect.REFUSES, "locktorture.nested_locks=four: not an integer"));
        // onoff_holdoff, onoff_interval: seconds, times HZ in an int when hotplug is on
        String on = L + "onoff_interval=1 ";
        r.add(row(on + L + "onoff_holdoff=0", Expect.TAKES, "torture_onoff task started"));
        r.add(row(on + L + "onoff_holdoff=-1", Expect.TAKES, "onoff_holdoff=-1 "));
        r.add(row(on + L + "onoff_holdoff=2147483", Expect.TAKES, "torture_onoff begin holdoff"));
        r.add(row(on + L + "onoff_holdoff=2147484", Expect.REFUSES, "locktorture.onoff_holdoff=2147484: out of range: 2147484 * HZ (1000) overflows"));
        r.add(row(L + "onoff_holdoff=" + MAX, Expect.TAKES, "onoff_holdoff=" + MAX + " ")); // no hotplug: never multiplied
        r.add(row(L + "onoff_holdoff=x", Expect.REFUSES, "locktorture.onoff_holdoff"));
        r.add(row(L + "onoff_interval=0", Expect.TAKES, "!torture_onoff"));
        r.add(row(L + "onoff_interval=-1", Expect.TAKES, "!torture_onoff"));
        r.add(row(L + "onoff_interval=2147483", Expect.TAKES, "torture_onoff task started"));
        r.add(row(L + "onoff_interval=2147484", Expect.REFUSES, "locktorture.onoff_interval=2147484: out of range"));
        r.add(row(L + "onoff_interval=" + MAX, Expect.REFUSES, "locktorture.onoff_interval"));
        r.add(row(L + "onoff_interval=", Expect.REFUSES, "locktorture.onoff_interval"));
        r.add(row(L + "onoff_interval=x", Expect.REFUSES, "locktorture.onoff_interval"));
        // rt_boost: 2 boosts every type, any other non-zero value rtmutex_lock only
        for (String v : List.of("0", "-1", "1", "2", "3", MAX)) r.add(row(L + "rt_boost=" + v, Expect.TAKES, "rt_boost=" + v + " "));
        r.add(row(L + "rt_boost=x", Expect.REFUSES, "locktorture.rt_boost"));
        // rt_boost_factor: torture_random() % (nwriters * factor), unsigned int: 0 is the kernel's divide error
        r.add(row(L + "rt_boost_factor=0", Expect.REFUSES, "divide error"));
        r.add(row(L + "rt_boost=0 " + L + "rt_boost_factor=0", Expect.TAKES, "rt_boost_factor=0 "));
        r.add(row(L + "rt_boost=1 " + L + "rt_boost_factor=0", Expect.TAKES, "rt_boost_factor=0 ")); // mutex_lock: rt_boost=1 boosts rt_mutexes only
        r.add(row(L + "torture_type=rtmutex_lock " + L + "rt_boost=1 " + L + "rt_boost_factor=0", Expect.REFUSES, "divide error"));
        r.add(row(L + "rt_boost_factor=1073741824", Expect.REFUSES, "divide error")); // 4 writers * 2^30 = 2^32
        r.add(row(L + "rt_boost_factor=-1", Expect.TAKES, "rt_boost_factor=-1 "));
        r.add(row(L + "rt_boost_factor=1", Expect.TAKES, "rt_boost_factor=1 "));
        r.add(row(L + "rt_boost_factor=" + MAX, Expect.TAKES, "rt_boost_factor=" + MAX + " "));
        r.add(row(L + "rt_boost_factor=x", Expect.REFUSES, "locktorture.rt_boost_factor"));
        // shuffle_interval (jiffies), shutdown_secs, stutter (jiffies): <= 0 is off, any int
        for (String v : List.of("0", "-1", "1", MAX)) {
            r.add(row(L + "shuffle_interval=" + v, Expect.TAKES, "shuffle_interval=" + v + " "));
            r.add(row(L + "shutdown_secs=" + v, Expect.TAKES, "shutdown_secs=" + v + " "));
            r.add(row(L + "stutter=" + v, Expect.TAKES, "stutter=" + v + " "));
        }
        r.add(row(L + "shutdown_secs=1", Expect.TAKES, "torture_shutdown task"));
        r.add(row(L + "stutter=-1", Expect.TAKES, "!torture_stutter task started"));
        for (String p : List.of("shuffle_interval", "shutdown_secs", "stutter")) {
            r.add(row(L + p + "=" + PAST_MAX, Expect.REFUSES, L + p));
            r.add(row(L + p + "=x", Expect.REFUSES, L + p));
        }
        // stat_interval: seconds, times HZ in an int
        r.add(row(L + "stat_interval=0", Expect.TAKES, "stat_interval=0 "));
        r.add(row(L + "stat_interval=-1", Expect.TAKES, "stat_interval=-1 "));
        r.add(row(L + "stat_interval=2147483", Expect.TAKES, "stat_interval=2147483 "));
        r.add(row(L + "stat_interval=2147484", Expect.REFUSES, "locktorture.stat_interval=2147484: out of range"));
        r.add(row(L + "stat_interval=x", Expect.REFUSES, "locktorture.stat_interval"));
        // verbose: non-zero prints VERBOSE_TOROUT_STRING; writer_fifo: non-zero is sched_set_fifo()
        r.add(row(L + "verbose=0", Expect.TAKES, "!task started"));
        r.add(row(L + "verbose=-1", Expect.TAKES, "lock_torture_writer task started"));
        r.add(row(L + "verbose=2", Expect.TAKES, "verbose=2 "));
        r.add(row(L + "verbose=" + MAX, Expect.TAKES, "verbose=" + MAX + " "));
        r.add(row(L + "verbose=x", Expect.REFUSES, "locktorture.verbose"));
        for (String v : List.of("0", "1", "-1", "2", MAX)) r.add(row(L + "writer_fifo=" + v, Expect.TAKES, "writer_fifo=" + v));
        r.add(row(L + "writer_fifo=x", Expect.REFUSES, "locktorture.writer_fifo"));
        // bind_writers, bind_readers: cpulist_parse(); an empty mask skips the affinity call, a bad list warns and sets all CPUs
        for (String b : List.of("bind_writers", "bind_readers")) {
            String pre = rw + L + b + "=";
            r.add(row(pre, Expect.TAKES, b + "=0-1 "));
            r.add(row(pre + ",,,", Expect.TAKES, "!Bad CPU range"));
            r.add(row(pre + ",,,", Expect.TAKES, b + "=0-1 "));
            r.add(row(pre + "1", Expect.TAKES, b + "=1 "));
            r.add(row(pre + "N", Expect.TAKES, b + "=1 "));
            r.add(row(pre + "all", Expect.TAKES, b + "=0-1 "));
            r.add(row(pre + "0-1:1/2", Expect.TAKES, b + "=0 "));
            r.add(row(pre + "1,0", Expect.TAKES, b + "=0-1 "));
            for (String bad : List.of("1-0", "2", "-1", "0-", "abc", "0-1:2/1", "4294967296"))
                r.add(row(pre + bad, Expect.WARNS, "locktorture." + b + ": Bad CPU range, all CPUs set\n"));
            r.add(row(pre + "abc", Expect.WARNS, "Booting kernel: `abc' invalid for parameter `locktorture." + b + "'"));
            r.add(row(pre + "abc", Expect.WARNS, b + "=0-1 "));
        }
        // torture.c's bools (kstrtobool()) and ints
        for (String v : List.of("1", "0", "y", "n", "Y", "yes", "no", "on", "off", "t", "f", "true", "false"))
            r.add(row(T + "random_shuffle=" + v, Expect.TAKES, null));
        for (String v : List.of("", "2", "-1", "maybe", "o")) r.add(row(T + "random_shuffle=" + v, Expect.REFUSES, "torture.random_shuffle"));
        for (String p : List.of("disable_onoff_at_boot", "ftrace_dump_at_shutdown")) {
            r.add(row(T + p + "=0", Expect.TAKES, null));
            r.add(row(T + p + "=", Expect.REFUSES, T + p));
            r.add(row(T + p + "=x", Expect.REFUSES, T + p));
        }
        r.add(row(T + "disable_onoff_at_boot=1", Expect.TAKES, null));
        r.add(row(T + "ftrace_dump_at_shutdown=1", Expect.TAKES, "not modelled yet, accepted and ignored: torture.ftrace_dump_at_shutdown"));
        r.add(row(T + "verbose_sleep_frequency=0", Expect.TAKES, "!not modelled"));
        r.add(row(T + "verbose_sleep_frequency=-1", Expect.TAKES, "!not modelled"));
        r.add(row(T + "verbose_sleep_frequency=1", Expect.TAKES, "not modelled yet, accepted and ignored: torture.verbose_sleep_frequency"));
        r.add(row(T + "verbose_sleep_frequency=1 " + T + "verbose_sleep_duration=0", Expect.TAKES, "!not modelled"));
        r.add(row(T + "verbose_sleep_frequency=" + MAX, Expect.TAKES, null));
        r.add(row(T + "verbose_sleep_frequency=x", Expect.REFUSES, T + "verbose_sleep_frequency"));
        for (String v : List.of("0", "-1", "1", MAX)) r.add(row(T + "verbose_sleep_duration=" + v, Expect.TAKES, null));
        r.add(row(T + "verbose_sleep_duration=" + PAST_MAX, Expect.REFUSES, T + "verbose_sleep_duration"));
        // sched_proxy_exec=<bool> (setup_proxy_exec(): kstrtobool())
        r.add(row("sched_proxy_exec=0", Expect.TAKES, "sched_proxy_exec disabled"));
        r.add(row("sched_proxy_exec=off", Expect.TAKES, "sched_proxy_exec disabled"));
        r.add(row("sched_proxy_exec=1", Expect.TAKES, "sched_proxy_exec enabled"));
        r.add(row("sched_proxy_exec=", Expect.REFUSES, "sched_proxy_exec"));
        r.add(row("sched_proxy_exec=x", Expect.REFUSES, "sched_proxy_exec"));
        // the harness's own parameters: their ranges are the harness's
        r.add(row(P + "proxy_variant=full", Expect.TAKES, "proxytorture.proxy_variant=full"));
        r.add(row(P + "proxy_variant=", Expect.REFUSES, P + "proxy_variant"));
        r.add(row(P + "proxy_variant=x", Expect.REFUSES, P + "proxy_variant"));
        for (String p : List.of("lock_pi", "donor_affinity_fix", "mutex_spin", "ww_reorder", "hotplug_wait_poll", "checks")) {
            r.add(row(P + p + "=0", Expect.TAKES, null));
            r.add(row(P + p + "=1", Expect.TAKES, null));
            r.add(row(P + p + "=", Expect.REFUSES, P + p));
            r.add(row(P + p + "=2", Expect.REFUSES, P + p));
        }
        for (String p : List.of("setprio_interval", "renice_interval")) {
            r.add(row(P + p + "=0", Expect.TAKES, null));
            r.add(row(P + p + "=60000", Expect.TAKES, null));
            r.add(row(P + p + "=60001", Expect.REFUSES, P + p + "=60001: out of range"));
            r.add(row(P + p + "=-1", Expect.REFUSES, P + p + "=-1: out of range"));
            r.add(row(P + p + "=x", Expect.REFUSES, P + p));
        }
        r.add(row(P + "setprio_interval=1 " + P + "setprio_idle=1", Expect.TAKES, null));
        r.add(row(P + "setprio_idle=0", Expect.TAKES, null));
        r.add(row(P + "setprio_idle=1", Expect.REFUSES, "torture_setprio does not run"));
        r.add(row(P + "setprio_interval=1 " + P + "setprio_idle=2", Expect.REFUSES, P + "setprio_idle"));
        String rt = L + "torture_type=rtmutex_lock ";
        r.add(row(P + "signal_interval=0", Expect.TAKES, null));
        r.add(row(rt + P + "signal_interval=60000", Expect.TAKES, null));
        r.add(row(P + "signal_interval=1", Expect.TAKES, null)); // the default torture_type, mutex_lock
        r.add(row(L + "torture_type=rwsem_lock " + P + "signal_interval=1", Expect.REFUSES, "rtmutex_lock and mutex_lock only, not rwsem_lock"));
        r.add(row(rt + P + "signal_interval=60001", Expect.REFUSES, P + "signal_interval=60001: out of range"));
        r.add(row(rt + P + "signal_interval=-1", Expect.REFUSES, P + "signal_interval=-1: out of range"));
        r.add(row(P + "hold_yield=0", Expect.TAKES, null));
        r.add(row(P + "hold_yield=1000000", Expect.TAKES, null));
        r.add(row(P + "hold_yield=1000001", Expect.REFUSES, P + "hold_yield=1000001: out of range"));
        r.add(row(P + "hold_yield=-1", Expect.REFUSES, P + "hold_yield=-1: out of range"));
        r.add(row(L + "torture_type=spin_lock " + P + "hold_yield=1", Expect.REFUSES, "needs a sleeping lock, not spin_lock"));
        r.add(row(P + "window_ns=0", Expect.TAKES, null));
        r.add(row(P + "window_ns=1000000", Expect.TAKES, null));
        r.add(row(P + "window_ns=1000001", Expect.REFUSES, P + "window_ns"));
        r.add(row(P + "window_ns=-1", Expect.REFUSES, P + "window_ns"));
        r.add(row(P + "audit_interval_ms=1", Expect.TAKES, null));
        r.add(row(P + "audit_interval_ms=60000", Expect.TAKES, null));
        r.add(row(P + "audit_interval_ms=0", Expect.REFUSES, P + "audit_interval_ms"));
        r.add(row(P + "audit_interval_ms=60001", Expect.REFUSES, P + "audit_interval_ms"));
        r.add(row(P + "hung_task_timeout_secs=0", Expect.TAKES, null));
        r.add(row(P + "hung_task_timeout_secs=3600", Expect.TAKES, null));
        r.add(row(P + "hung_task_timeout_secs=3601", Expect.REFUSES, P + "hung_task_timeout_secs"));
        r.add(row(P + "hung_task_timeout_secs=-1", Expect.REFUSES, P + "hung_task_timeout_secs"));
        r.add(row(P + "workload=locktorture", Expect.TAKES, "Start of test"));
        r.add(row(P + "workload=pidemo", Expect.TAKES, "pidemo"));
        r.add(row(P + "workload=", Expect.REFUSES, P + "workload"));
        r.add(row(P + "workload=x", Expect.REFUSES, P + "workload"));
        r.add(row(P + "workload=pidemo " + P + "pidemo_case=alone", Expect.TAKES, "pidemo"));
        r.add(row(P + "workload=pidemo " + P + "pidemo_case=x", Expect.REFUSES, P + "pidemo_case"));
        r.add(row(P + "workload=pidemo " + P + "pidemo_case=", Expect.REFUSES, P + "pidemo_case"));
        r.add(row(P + "writer_cpu_max=max", Expect.TAKES, "cpu.max=max 100000"));
        r.add(row(P + "writer_cpu_max=50000,100000", Expect.TAKES, "cpu.max=50000 100000"));
        r.add(row(P + "writer_cpu_max=999,100000", Expect.REFUSES, P + "writer_cpu_max"));
        r.add(row(P + "writer_cpu_max=1000,999", Expect.REFUSES, P + "writer_cpu_max"));
        r.add(row(P + "writer_cpu_max=", Expect.REFUSES, P + "writer_cpu_max"));
        r.add(row(P + "writer_cpu_max=x", Expect.REFUSES, P + "writer_cpu_max"));
        r.add(row(P + "writer_cpu_weight=1", Expect.TAKES, "cpu.weight=1"));
        r.add(row(P + "writer_cpu_weight=10000", Expect.TAKES, "cpu.weight=10000"));
        r.add(row(P + "writer_cpu_weight=0", Expect.REFUSES, P + "writer_cpu_weight"));
        r.add(row(P + "writer_cpu_weight=10001", Expect.REFUSES, P + "writer_cpu_weight"));
        r.add(row(P + "inject=B05", Expect.TAKES, "injected faults (bug catalog): B05"));
        r.add(row(P + "inject=", Expect.TAKES, "!injected faults"));
        r.add(row(P + "inject=x", Expect.REFUSES, P + "inject"));
        r.add(row(P + "throttle_model=task", Expect.TAKES, null));
        r.add(row(P + "throttle_model=group", Expect.TAKES, null));
        r.add(row(P + "throttle_model=x", Expect.REFUSES, P + "throttle_model"));
        for (String v : List.of("sc", "tso", "arm64")) r.add(row(P + "memory_model=" + v, Expect.TAKES, null));
        r.add(row(P + "memory_model=x", Expect.REFUSES, P + "memory_model"));
        r.add(row(P + "sched_feat=NO_DELAY_DEQUEUE", Expect.TAKES, "sched_feat"));
        r.add(row(P + "sched_feat=DELAY_DEQUEUE", Expect.TAKES, null));
        r.add(row(P + "sched_feat=x", Expect.REFUSES, P + "sched_feat"));
        return r.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void theKernelsWay(String bootargs, Expect expect, String text) {
        CliTest.Outcome o = CliTest.execute("run", "--cpus", "2", "--duration", "1ms", "--bootargs", bootargs);
        if (expect == Expect.REFUSES) {
            CliTest.assertBadInput(o, text);
            return;
        }
        assertTrue(o.code() == Main.EXIT_OK || o.code() == Main.EXIT_FAILURE, () -> "the run starts: exit " + o.code() + "\n" + o.err() + o.out());
        assertEquals("", o.err(), "nothing on stderr");
        CliTest.assertNoStackTrace(o);
        if (text == null) return;
        if (text.startsWith("!")) assertFalse(o.out().contains(text.substring(1)), () -> "must not show " + text.substring(1) + ":\n" + o.out());
        else if (text.startsWith("~")) assertTrue(Pattern.compile(text.substring(1)).matcher(o.out()).find(), () -> "must match " + text + ":\n" + o.out());
        else assertTrue(o.out().contains(text), () -> "must show " + text + ":\n" + o.out());
    }

    /** A parameter added to TortureParams without rows here fails this. */
    @Test
    void everyParameterHasRows() {
        Set<String> covered = new TreeSet<>();
        rows().forEach(a -> covered.addAll(BootArgs.parse((String) a.get()[0]).asMap().keySet()));
        Set<String> missing = new TreeSet<>(TortureParams.names());
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "parameters without a row");
        for (String name : TortureParams.names()) {
            long n = rows().filter(a -> ((String) a.get()[0]).contains(name + "=")).count();
            assertTrue(n >= 3, name + " has " + n + " rows: at least a value taken and two refused or warned");
        }
    }
}
