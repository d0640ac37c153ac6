package org.proxytorture.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * scripts/torture as kvm.sh users type it: --duration in kvm.sh's syntax (a bare number is
 * minutes), and a warning when a scenario's CPU hotplug (onoff_holdoff=30, as kvm.sh gives every
 * CONFIG_HOTPLUG_CPU=y kernel) would never start within the run.
 */
@Tag("fast")
class KvmHabitsTest {
    private static Cli.Outcome dryrun(String configs, String duration) {
        return Cli.torture("--configs", configs, "--duration", duration, "--dryrun", "--config-dir", ShippedScenariosTest.DIR.toString());
    }

    @Test
    void aBareDurationIsMinutesAsInKvmSh() {
        Cli.Outcome o = dryrun("LOCK02", "30");
        assertEquals(TortureMain.EXIT_OK, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("locktorture.shutdown_secs=1800 "), "30 = 30 minutes: " + o.out());
        assertTrue(dryrun("LOCK02", "2h").out().contains("locktorture.shutdown_secs=7200 "));
        assertTrue(dryrun("LOCK02", "1d").out().contains("locktorture.shutdown_secs=86400 "));
        assertTrue(dryrun("LOCK02", "45s").out().contains("locktorture.shutdown_secs=45 "));
        String help = Cli.torture("--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("a bare number is minutes (30 = 30 min)"), help);
    }

    @Test
    void hotplugThatNeverStartsIsWarnedOncePerScenario() {
        Cli.Outcome o = dryrun("2*LOCK02 PIDEMO01 PROXY11", "10s");
        assertEquals(TortureMain.EXIT_OK, o.code(), o.out() + o.err());
        List<String> warnings = o.out().lines().filter(l -> l.startsWith("torture: warning: ")).toList();
        assertEquals(List.of("torture: warning: LOCK02: locktorture.onoff_holdoff=30 is not shorter than the test (10 s): CPU hotplug"
                + " (onoff_interval=3) never runs and the stats will say onoff: 0/0:0/0; a longer duration or a shorter onoff_holdoff"
                + " tests it (kvm.sh's default duration is 30 minutes: --duration 30)"), warnings,
                "PIDEMO01 runs no locktorture, PROXY11's holdoff is 1 s: " + o.out());
        assertFalse(dryrun("LOCK02", "31s").out().contains("warning"), "a 31 s run gets past the 30 s holdoff");
    }

    /** A cpulist the kernel refuses is taken (param_set_cpumask(): all CPUs and a warning), and the runner says so before running. */
    @Test
    void aBadCpulistIsWarnedNotRefused() {
        Cli.Outcome o = Cli.torture("--configs", "PROXY11", "--duration", "10s", "--dryrun", "--cpus", "2", "--bootargs", "locktorture.bind_writers=0-3",
                "--config-dir", ShippedScenariosTest.DIR.toString());
        assertEquals(TortureMain.EXIT_OK, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("torture: warning: PROXY11: locktorture.bind_writers: Bad CPU range, all CPUs set (cpulist_parse() refuses the list)"),
                o.out());
    }
}
