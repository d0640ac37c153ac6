package org.proxytorture.torture;

import org.proxytorture.config.BadInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.proxytorture.config.BootArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** configs/lock/ as kvm.sh reads it: merge order, Kconfig forms, .boot comments, lists and repeats. */
@Tag("fast")
class ScenarioParserTest {
    @TempDir
    Path dir;

    private ScenarioParser write(String... nameThenContent) throws IOException {
        for (int i = 0; i < nameThenContent.length; i += 2) Files.writeString(dir.resolve(nameThenContent[i]), nameThenContent[i + 1]);
        return new ScenarioParser(dir);
    }

    @Test
    void cfcommonThenTheScenarioThenKconfigOptionLaterWins() throws IOException {
        ScenarioParser p = write("CFcommon", "CONFIG_EXPERT=y\nCONFIG_SCHED_PROXY_EXEC=y\nCONFIG_NR_CPUS=2\n",
                "A", "CONFIG_NR_CPUS=4\n# CONFIG_SCHED_PROXY_EXEC is not set\n", "A.boot", "locktorture.torture_type=mutex_lock\n");
        Scenario a = p.load("A", null);
        assertEquals(4, a.cpus(), "the scenario's NR_CPUS over CFcommon's");
        assertFalse(a.proxyExec(), "'# CONFIG_SCHED_PROXY_EXEC is not set' is =n, over CFcommon's y");
        assertTrue(a.commandLine(BootArgs.parse(""), 1_000_000_000L).toString().startsWith("sched_proxy_exec=0 "));
        Scenario b = p.load("A", Kconfig.parseOption("CONFIG_NR_CPUS=8 CONFIG_SCHED_PROXY_EXEC=y"));
        assertEquals(8, b.cpus(), "--kconfig over the scenario");
        assertTrue(b.proxyExec());
    }

    @Test
    void hzComesFromConfigHzOrItsChoiceAndDefaultsTo1000() throws IOException {
        ScenarioParser p = write("A", "CONFIG_NR_CPUS=1\nCONFIG_SMP=n\nCONFIG_HZ_250=y\n", "A.boot", "",
                "B", "CONFIG_NR_CPUS=2\nCONFIG_HZ=300\nCONFIG_HZ_300=y\n", "B.boot", "",
                "C", "CONFIG_NR_CPUS=2\n", "C.boot", "");
        assertEquals(250, p.load("A", null).hz());
        assertEquals(1, p.load("A", null).cpus(), "CONFIG_SMP=n is a uniprocessor");
        assertEquals(300, p.load("B", null).hz());
        assertEquals(1000, p.load("C", null).hz());
    }

    @Test
    void bootFilesHaveCommentLinesAndSeveralLinesAndAnEmptyOneMeansTheKernelsDefaultType() throws IOException {
        ScenarioParser p = write("A", "CONFIG_NR_CPUS=2\n", "A.boot", "# why\nlocktorture.torture_type=mutex_lock\n\ntorture.random_shuffle=1\n",
                "E", "CONFIG_NR_CPUS=2\n", "E.boot", "");
        Scenario a = p.load("A", null);
        assertEquals("locktorture.torture_type=mutex_lock torture.random_shuffle=1", a.boot().toString());
        assertEquals("sched_proxy_exec=0 locktorture.torture_type=mutex_lock torture.random_shuffle=1 locktorture.nested_locks=2 "
                + "locktorture.stat_interval=15 locktorture.shutdown_secs=3 locktorture.verbose=1",
                a.commandLine(BootArgs.parse("locktorture.nested_locks=2"), 2_500_000_000L).toString(), "no CFcommon: proxy execution compiled out; per_version_boot_params after --bootargs; seconds rounded up");
        Scenario e = p.load("E", null);
        assertEquals("spin_lock", e.tortureType(), "locktorture's default torture_type");
        assertTrue(e.commandLine(BootArgs.parse(""), 1_000_000_000L).toString().startsWith("sched_proxy_exec=0 locktorture.torture_type=spin_lock "));
        if (!TortureParams.IMPLEMENTED_TYPES.contains("spin_lock")) assertTrue(e.notModelled().contains("spin_lock"));
        assertNull(e.notModelledWith(BootArgs.parse("locktorture.torture_type=mutex_lock"), 1_000_000_000L), "--bootargs can choose a modelled type");
    }

    @Test
    void configsExpandInOrderWithRepeatsAndNestedLists() throws IOException {
        ScenarioParser p = write("A", "CONFIG_NR_CPUS=2\n", "A.boot", "", "B", "CONFIG_NR_CPUS=2\n", "B.boot", "",
                "CFLIST", "A\nB\n", "CFLIST.more", "# comment\n2*B CFLIST\n");
        assertEquals(List.of("A", "B"), p.names());
        assertEquals(List.of("CFLIST", "CFLIST.more"), p.lists());
        assertEquals(List.of("B", "A", "A", "A", "B"), p.expand("B 3*A B"));
        assertEquals(List.of("A", "B", "A", "B"), p.expand("2*CFLIST"));
        assertEquals(List.of("B", "B", "A", "B"), p.expand("CFLIST.more"));
        BadInputException e = assertThrows(BadInputException.class, () -> p.expand("A 2*C"));
        assertTrue(e.getMessage().startsWith("--configs: unknown scenario 'C'") && e.getMessage().contains("(accepted: A B CFLIST CFLIST.more)"), e.getMessage());
    }

    /** locktorture_param_onoff(): a CPU-hotplug kernel gets onoff_interval=3 onoff_holdoff=30 unless its command line sets them. */
    @Test
    void aHotplugKernelGetsLocktorturesOnoffParametersUnlessItSetsThem() throws IOException {
        ScenarioParser p = write("H", "CONFIG_NR_CPUS=4\nCONFIG_HOTPLUG_CPU=y\n", "H.boot", "locktorture.torture_type=mutex_lock\n",
                "N", "CONFIG_NR_CPUS=4\n# CONFIG_HOTPLUG_CPU is not set\n", "N.boot", "locktorture.torture_type=mutex_lock\n");
        assertTrue(p.load("H", null).commandLine(BootArgs.parse(""), 1_000_000_000L).toString().contains("locktorture.onoff_interval=3 locktorture.onoff_holdoff=30 locktorture.torture_type=mutex_lock"));
        assertFalse(p.load("H", null).commandLine(BootArgs.parse("locktorture.onoff_interval=0"), 1_000_000_000L).toString().contains("onoff_holdoff=30"));
        assertFalse(p.load("N", null).commandLine(BootArgs.parse(""), 1_000_000_000L).toString().contains("onoff"));
    }
}
