package org.proxytorture.scenarios;

import org.proxytorture.torture.Kconfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;

/**
 * Malformed scenario files, lists, bootargs and options, through scripts/torture's entry point:
 * for each, exit code 2, exactly one line on stderr naming the problem and the accepted values,
 * no stack trace, nothing on stdout, and res/ exactly as it was (nothing written, nothing lost).
 *
 * <p>Each case starts from a scenario directory holding GOOD (a valid scenario) and writes BAD
 * (and whatever else the case needs); the command runs {@code --configs BAD} unless it says
 * otherwise.
 */
@Tag("fast")
class MalformedInputTest {
    /** A case: files to write into the scenario directory (null content deletes), the arguments, what the line must name. */
    record Case(String label, Map<String, byte[]> files, List<String> args, String named) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final String GOOD = "CONFIG_SMP=y\nCONFIG_NR_CPUS=4\nCONFIG_PREEMPT=y\n";
    static final String GOOD_BOOT = "locktorture.torture_type=mutex_lock\n";
    /** "(accepted: ...)", or the cpulist parser's "(expected N or N-M)" / "(CPUs are 0-3)". */
    static final Pattern ACCEPTED = Pattern.compile("\\((accepted: |expected |CPUs are )\\S");

    private static Case scenario(String label, String kconfig, String boot, String named) {
        return scenario(label, kconfig == null ? null : kconfig.getBytes(StandardCharsets.UTF_8),
                boot == null ? null : boot.getBytes(StandardCharsets.UTF_8), named);
    }

    private static Case scenario(String label, byte[] kconfig, byte[] boot, String named) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("BAD", kconfig);
        f.put("BAD.boot", boot);
        return new Case(label, f, List.of("--configs", "BAD"), named);
    }

    private static Case args(String label, String named, String... args) {
        return new Case(label, Map.of(), List.of(args), named);
    }

    private static Case list(String label, String listName, String content, String named) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put(listName, content.getBytes(StandardCharsets.UTF_8));
        return new Case(label, f, List.of("--configs", listName), named);
    }

    static Stream<Case> cases() {
        byte[] junk = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, (byte) 0xff, (byte) 0xfe, 0x10, 0x00};
        byte[] notUtf8 = {'C', 'O', 'N', 'F', 'I', 'G', '_', (byte) 0xc3, (byte) 0x28, '=', 'y', '\n'};
        return Stream.of(
                // The Kconfig fragment
                scenario("CONFIG_NR_CPUS=0", GOOD.replace("=4", "=0"), GOOD_BOOT, "CONFIG_NR_CPUS=0"),
                scenario("CONFIG_NR_CPUS=300", GOOD.replace("=4", "=300"), GOOD_BOOT, "CONFIG_NR_CPUS=300"),
                scenario("CONFIG_NR_CPUS=abc", GOOD.replace("=4", "=abc"), GOOD_BOOT, "CONFIG_NR_CPUS=abc"),
                scenario("CONFIG_NR_CPUS=99999999999", GOOD.replace("=4", "=99999999999"), GOOD_BOOT, "CONFIG_NR_CPUS=99999999999"),
                scenario("empty scenario file", "", GOOD_BOOT, "empty scenario file"),
                scenario("only comments", "# nothing here\n\n", GOOD_BOOT, "empty scenario file"),
                scenario("binary junk", junk, GOOD_BOOT.getBytes(StandardCharsets.UTF_8), "not a text file"),
                scenario("bytes that are not UTF-8", notUtf8, GOOD_BOOT.getBytes(StandardCharsets.UTF_8), "not a text file"),
                scenario("unknown CONFIG symbol", GOOD + "CONFIG_FROBNICATE=y\n", GOOD_BOOT, "CONFIG_FROBNICATE"),
                scenario("misspelt CONFIG symbol", GOOD + "CONFIG_PREEMPT_ANALNE=n\n", GOOD_BOOT, "CONFIG_PREEMPT_ANALNE"),
                scenario("duplicate key", GOOD + "CONFIG_NR_CPUS=8\n", GOOD_BOOT, "CONFIG_NR_CPUS set twice"),
                scenario("CONFIG_HZ=123", GOOD + "CONFIG_HZ=123\n", GOOD_BOOT, "CONFIG_HZ=123"),
                scenario("HZ choice contradicts CONFIG_HZ", GOOD + "CONFIG_HZ_250=y\nCONFIG_HZ=1000\n", GOOD_BOOT, "contradicts"),
                scenario("bad Kconfig value", GOOD + "CONFIG_HOTPLUG_CPU=maybe\n", GOOD_BOOT, "CONFIG_HOTPLUG_CPU=maybe"),
                scenario("tristate m for a bool", GOOD + "CONFIG_SCHED_PROXY_EXEC=m\n", GOOD_BOOT, "CONFIG_SCHED_PROXY_EXEC=m"),
                scenario("not a Kconfig line", GOOD + "NR_CPUS 4\n", GOOD_BOOT, "NR_CPUS 4"),
                scenario("no CONFIG_NR_CPUS", "CONFIG_SMP=y\n", GOOD_BOOT, "no CONFIG_NR_CPUS"),
                scenario("CONFIG_SMP=n on 4 CPUs", GOOD.replace("SMP=y", "SMP=n"), GOOD_BOOT, "CONFIG_SMP=n"),
                scenario("preemption model not modelled", GOOD + "CONFIG_PREEMPT_NONE=y\n", GOOD_BOOT, "CONFIG_PREEMPT_NONE=y"),
                scenario("proxy exec without EXPERT", GOOD + "CONFIG_SCHED_PROXY_EXEC=y\n", GOOD_BOOT, "depends on EXPERT"),
                scenario("sched_proxy_exec=1 compiled out", GOOD, "sched_proxy_exec=1\n" + GOOD_BOOT, "CONFIG_SCHED_PROXY_EXEC=n"),
                // The .boot file
                scenario("missing .boot", GOOD, (String) null, "BAD.boot"),
                scenario("unknown parameter", GOOD, "locktorture.frobnicate=1\n", "locktorture.frobnicate"),
                scenario("bad int", GOOD, "locktorture.nested_locks=four\n", "locktorture.nested_locks=four"),
                scenario("out of range", GOOD, "locktorture.long_hold=-1\n", "locktorture.long_hold=-1"),
                scenario("overflows an int", GOOD, "locktorture.onoff_interval=1 locktorture.onoff_holdoff=3000000\n", "locktorture.onoff_holdoff=3000000"),
                scenario("bad bool", GOOD, "torture.random_shuffle=maybe\n", "torture.random_shuffle=maybe"),
                // a bad cpulist is the kernel's to take: "Bad CPU range, all CPUs set" (ParameterTableTest, KvmHabitsTest)
                scenario("unknown torture_type", GOOD, "locktorture.torture_type=foo_lock\n", "foo_lock"),
                scenario("duplicate key in .boot", GOOD, "locktorture.nested_locks=2\nlocktorture.nested_locks=4\n", "given twice"),
                scenario("binary .boot", GOOD.getBytes(StandardCharsets.UTF_8), junk, "not a text file"),
                scenario("no parameter name", GOOD, "=5\n", "no parameter name"),
                scenario("unknown workload", GOOD, "proxytorture.workload=cyclictest\n", "proxytorture.workload=cyclictest"),
                scenario("unknown pidemo case", GOOD, "proxytorture.workload=pidemo proxytorture.pidemo_case=throttled\n", "proxytorture.pidemo_case=throttled"),
                scenario("unknown proxy variant", GOOD, "proxytorture.proxy_variant=v30\n", "proxytorture.proxy_variant=v30"),
                scenario("no locking thread", GOOD, "locktorture.nwriters_stress=0\n", "nwriters_stress"),
                // --configs, lists and repeats
                args("unknown scenario name", "LOCK99", "--configs", "LOCK99"),
                args("a path is not a scenario name", "../GOOD", "--configs", "../GOOD"),
                args("repeat 0", "0*GOOD", "--configs", "0*GOOD"),
                args("repeat too large", "101*GOOD", "--configs", "101*GOOD"),
                args("repeat not a number", "x*GOOD", "--configs", "x*GOOD"),
                args("repeat without a name", "2*", "--configs", "2*"),
                args("empty --configs", "--configs", "--configs", " "),
                args("missing --configs", "--configs", "--duration", "1s"),
                list("unknown name in a list", "CFLIST", "GOOD\nLOCK42\n", "CFLIST:2"),
                list("bad repeat in a list", "CFLIST", "GOOD -3*GOOD\n", "-3*GOOD"),
                list("a list that names itself", "CFLIST.loop", "GOOD CFLIST.loop\n", "names itself"),
                // Options
                args("bad --duration", "--duration", "--configs", "GOOD", "--duration", "10x"),
                args("zero --duration", "--duration", "--configs", "GOOD", "--duration", "0s"),
                args("huge --duration", "--duration", "--configs", "GOOD", "--duration", "99999999999999999999s"),
                args("--jobs 0", "--jobs", "--configs", "GOOD", "--jobs", "0"),
                args("--jobs abc", "--jobs", "--configs", "GOOD", "--jobs", "abc"),
                args("--jobs 1000", "--jobs", "--configs", "GOOD", "--jobs", "1000"),
                args("bad --seed", "--seed", "--configs", "GOOD", "--seed", "0x10"),
                args("--cpus 0", "--cpus", "--configs", "GOOD", "--cpus", "0"),
                args("--cpus 300", "--cpus", "--configs", "GOOD", "--cpus", "300"),
                args("bad --bootargs", "locktorture.frobnicate", "--configs", "GOOD", "--bootargs", "locktorture.frobnicate=1"),
                args("--bootargs out of range", "locktorture.nwriters_stress=5000", "--configs", "GOOD", "--bootargs", "locktorture.nwriters_stress=5000"),
                args("--cpus too many for the long_hold odds", "locktorture.long_hold", "--configs", "GOOD", "--cpus", "64",
                        "--bootargs", "locktorture.long_hold=20000"),
                args("bad --kconfig", "CONFIG_FOO", "--configs", "GOOD", "--kconfig", "CONFIG_FOO=y"),
                args("--kconfig out of range", "CONFIG_NR_CPUS=1000", "--configs", "GOOD", "--kconfig", "CONFIG_NR_CPUS=1000"),
                args("bad --keep-choices", "--keep-choices", "--configs", "GOOD", "--keep-choices", "some"),
                args("unknown option", "--frobnicate", "--configs", "GOOD", "--frobnicate"),
                args("--config-dir not a directory", "--config-dir", "--configs", "GOOD", "--config-dir", "/nonexistent/configs/lock"));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputIsOneLineExitTwoAndResUntouched(Case c) throws IOException {
        Path cfg = tmp.resolve("lock");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("GOOD"), GOOD);
        Files.writeString(cfg.resolve("GOOD.boot"), GOOD_BOOT);
        for (var e : c.files().entrySet()) {
            if (e.getValue() == null) Files.deleteIfExists(cfg.resolve(e.getKey()));
            else Files.write(cfg.resolve(e.getKey()), e.getValue());
        }
        Path res = tmp.resolve("res");
        Files.createDirectories(res.resolve("2026.01.01-00.00.00/LOCK02"));
        Files.writeString(res.resolve("2026.01.01-00.00.00/LOCK02/console.log"), "an earlier run\n");
        Map<String, String> before = tree(res);

        List<String> argv = new ArrayList<>(c.args());
        if (!argv.contains("--config-dir")) argv.addAll(List.of("--config-dir", cfg.toString()));
        argv.addAll(List.of("--results", res.toString()));
        Cli.Outcome o = Cli.torture(argv.toArray(String[]::new));

        assertEquals(TortureMain.EXIT_BAD_INPUT, o.code(), () -> "exit code; stderr:\n" + o.err() + "stdout:\n" + o.out());
        List<String> lines = o.errLines();
        assertEquals(1, lines.size(), () -> "exactly one line on stderr, got:\n" + o.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("torture: "), line);
        assertTrue(line.contains(c.named()), () -> "the line should name " + c.named() + ": " + line);
        assertTrue(ACCEPTED.matcher(line).find(), () -> "the line should give the accepted values: " + line);
        assertEquals("", o.out(), "nothing runs, nothing is announced");
        o.assertNoStackTrace();
        assertEquals(before, tree(res), "res/ is exactly as it was");
    }

    @Test
    void thereAreAtLeastThirtyDistinctCases() {
        List<Case> all = cases().toList();
        assertTrue(all.size() >= 30, "cases: " + all.size());
        assertEquals(all.size(), all.stream().map(Case::label).distinct().count(), "labels are distinct");
    }

    /** Every file under {@code root} with its content, in path order. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.walk(root)) {
            for (Path p : s.toList()) m.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
        }
        return m;
    }
}
