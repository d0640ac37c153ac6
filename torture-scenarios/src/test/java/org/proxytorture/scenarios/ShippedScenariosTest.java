package org.proxytorture.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.config.BootArgs;
import org.proxytorture.torture.Scenario;
import org.proxytorture.torture.ScenarioParser;
import org.proxytorture.torture.TortureParams;
import org.junit.jupiter.api.Tag;

/** Every scenario file shipped in configs/lock/ parses, and says what the kernel's says. */
@Tag("fast")
class ShippedScenariosTest {
    static final Path DIR = Path.of("configs/lock");
    static final long SEC = 1_000_000_000L;
    final ScenarioParser parser = new ScenarioParser(DIR);

    @Test
    void everyShippedScenarioParsesAndItsCommandLineIsValid() {
        List<String> names = parser.names();
        assertTrue(names.size() >= 9 + 1 + 8 + 8, "LOCK01..09, BUSTED, PROXY01..08, PIDEMO01..08: " + names);
        for (String n : names) {
            Scenario s = parser.load(n, null);
            s.validate(BootArgs.EMPTY, s.cpus(), 30 * SEC);
            String line = s.commandLine(BootArgs.EMPTY, 30 * SEC).toString();
            assertTrue(line.endsWith("locktorture.stat_interval=15 locktorture.shutdown_secs=30 locktorture.verbose=1"),
                    n + ": per_version_boot_params last: " + line);
        }
    }

    @Test
    void theKernelsListIsLock01ToLock09AndEveryListExpands() {
        assertEquals(List.of("LOCK01", "LOCK02", "LOCK03", "LOCK04", "LOCK05", "LOCK06", "LOCK07", "LOCK08", "LOCK09"),
                parser.expand("CFLIST"));
        for (String list : parser.lists()) assertFalse(parser.expand(list).isEmpty(), list);
        List<String> modelled = parser.expand("CFLIST.modelled");
        for (String n : modelled) assertNull(parser.load(n, null).notModelled(), n + " is in CFLIST.modelled but cannot run");
        assertFalse(modelled.contains("BUSTED"), "BUSTED is expected to fail; it is run on its own");
    }

    @Test
    void scenariosKeepTheKernelsTortureTypes() {
        String[] expected = {"spin_lock", "mutex_lock", "rwsem_lock", "rw_lock", "rtmutex_lock", "percpu_rwsem_lock",
                "ww_mutex_lock", "mutex_lock", "rtmutex_lock"};
        for (int i = 0; i < expected.length; i++) {
            Scenario s = parser.load("LOCK0" + (i + 1), null);
            assertEquals(expected[i], s.tortureType(), s.name());
            assertEquals(i == 0 ? 8 : 4, s.cpus(), s.name() + " CONFIG_NR_CPUS");
        }
        assertEquals("8", parser.load("LOCK08", null).boot().asMap().get("locktorture.nested_locks"));
        assertEquals("lock_busted", parser.load("BUSTED", null).tortureType());
    }

    /** Pending scenarios are those whose torture_type is not modelled: computed, so they run once it lands. */
    @Test
    void aScenarioIsPendingExactlyWhenItsTortureTypeIsNotModelled() {
        List<String> pending = new ArrayList<>();
        for (String n : parser.names()) {
            Scenario s = parser.load(n, null);
            String why = s.notModelled();
            boolean pidemo = "pidemo".equals(s.boot().asMap().get("proxytorture.workload"));
            boolean modelled = TortureParams.IMPLEMENTED_TYPES.contains(s.tortureType()) || pidemo;
            assertEquals(!modelled, why != null, n + ": " + why);
            if (why != null) {
                assertTrue(why.contains("not modelled yet") && why.contains(s.tortureType()), why);
                pending.add(n);
            }
        }
        for (String n : List.of("LOCK02", "LOCK04", "LOCK06", "LOCK07", "LOCK08", "BUSTED")) assertFalse(pending.contains(n), n);
    }

    @Test
    void proxyScenariosCoverEachVariantAndBothBaselines() {
        assertEquals("full", variant("PROXY01"));
        assertEquals("migrate", variant("PROXY02"));
        assertEquals("single-rq", variant("PROXY03"));
        Scenario pi = parser.load("PROXY07", null);
        assertTrue(pi.proxyExec(), "PROXY07 has proxy execution built in and switched off at boot");
        assertTrue(pi.commandLine(BootArgs.EMPTY, SEC).toString().contains("sched_proxy_exec=0 proxytorture.lock_pi=1"));
        Scenario off = parser.load("PROXY08", null);
        assertFalse(off.proxyExec(), "PROXY08: CONFIG_SCHED_PROXY_EXEC=n");
        assertTrue(off.commandLine(BootArgs.EMPTY, SEC).toString().startsWith("sched_proxy_exec=0 "), off.commandLine(BootArgs.EMPTY, SEC).toString());
        for (String n : List.of("PROXY01", "PROXY02", "PROXY03", "PROXY04", "PROXY05", "PROXY06")) {
            Scenario s = parser.load(n, null);
            assertTrue(s.proxyExec(), n + ": CFcommon builds proxy execution in");
            assertEquals("1", s.boot().asMap().get("torture.random_shuffle"), n);
        }
        assertEquals("1", parser.load("PROXY06", null).boot().asMap().get("locktorture.writer_fifo"));
    }

    private String variant(String name) {
        return parser.load(name, null).boot().asMap().get("proxytorture.proxy_variant");
    }

    @Test
    void pidemoScenariosAreTheCaseMatrix() {
        List<String> cases = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            Scenario s = parser.load("PIDEMO0" + i, null);
            var args = s.commandLine(BootArgs.EMPTY, SEC).asMap();
            assertEquals("pidemo", args.get("proxytorture.workload"));
            assertNull(args.get("locktorture.torture_type"), "no locktorture default for the demo");
            cases.add(args.get("proxytorture.pidemo_case"));
        }
        assertEquals(org.proxytorture.torture.PiDemo.Case.LABELS, cases);
        assertFalse(parser.load("PIDEMO08", null).proxyExec(), "PIDEMO08 is the vanilla kernel");
    }

    @Test
    void dryRunOfEveryListChecksAllAndWritesNothing(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path res = tmp.resolve("res");
        Cli.Outcome o = Cli.torture("--configs", "CFLIST CFLIST.modelled BUSTED", "--config-dir", DIR.toString(),
                "--results", res.toString(), "--dryrun");
        assertEquals(0, o.code(), o.out() + o.err());
        // CONFIG_HOTPLUG_CPU=y: locktorture_param_onoff's parameters come first
        assertTrue(o.out().contains("LOCK01: seed 1, 8 CPUs, HZ=1000, CONFIG_SCHED_PROXY_EXEC=y, bootargs: "
                + "locktorture.onoff_interval=3 locktorture.onoff_holdoff=30 locktorture.torture_type=spin_lock"), o.out());
        assertFalse(o.out().contains("[not modelled yet"), "every shipped scenario is modelled:\n" + o.out());
        assertTrue(o.out().contains("LOCK02.2: seed 2,"), "LOCK02 is in both lists: its second run is LOCK02.2\n" + o.out());
        assertFalse(java.nio.file.Files.exists(res), "a dry run writes nothing");
        assertNotNull(o.out());
    }
}
