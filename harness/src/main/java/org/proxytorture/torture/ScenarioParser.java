package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import org.proxytorture.config.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario directory shaped like rcutorture's configs/lock/: CFcommon (merged under
 * every scenario), per scenario a Kconfig fragment NAME and NAME.boot, and lists (CFLIST, or
 * any file whose name starts with CFLIST) naming scenarios or other lists, one per line or
 * space-separated,
 * {@code N*NAME} for N runs. Every problem is one line: "file:line: problem (accepted: ...)".
 */
public final class ScenarioParser {
    /** kvm.sh's N*NAME repeat, 1..MAX_REPEAT. */
    public static final int MAX_REPEAT = 100;
    private static final Pattern TOKEN = Pattern.compile("(?:(\\d+)\\*)?([^*\\s]+)");
    private static final String LIST_ACCEPTED = "scenario names, N*NAME with N 1.." + MAX_REPEAT + ", or a list such as CFLIST";

    private final Path dir;

    public ScenarioParser(Path dir) {
        if (!Files.isDirectory(dir))
            throw new BadInputException("--config-dir " + dir + ": not a directory (accepted: a directory like torture-scenarios/configs/lock)");
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Scenario names: the files that are not lists, CFcommon, .boot files or hidden, sorted. */
    public List<String> names() {
        TreeSet<String> out = new TreeSet<>();
        for (String f : files()) if (!isList(f) && !f.equals("CFcommon") && !f.endsWith(".boot") && !f.startsWith(".") && !f.startsWith("README")) out.add(f);
        return List.copyOf(out);
    }

    /** List files (CFLIST...), sorted. */
    public List<String> lists() {
        TreeSet<String> out = new TreeSet<>();
        for (String f : files()) if (isList(f)) out.add(f);
        return List.copyOf(out);
    }

    private static boolean isList(String f) {
        return f.startsWith("CFLIST");
    }

    private List<String> files() {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new BadInputException("--config-dir " + dir + ": cannot list it (" + e.getMessage() + ") (accepted: a readable directory)");
        }
        out.sort(null);
        return out;
    }

    /**
     * kvm.sh's --configs: "LOCK02 2*PROXY01 CFLIST" to the scenario names to run, in order,
     * repeats included. A list's entries may repeat (N*NAME) but not name another list.
     */
    public List<String> expand(String configs) {
        List<String> out = new ArrayList<>();
        if (configs == null || configs.isBlank())
            throw new BadInputException("--configs: no scenario named (accepted: " + LIST_ACCEPTED + ", e.g. --configs \"LOCK02 2*PROXY01\")");
        for (String tok : configs.trim().split("\\s+")) expandToken("--configs", tok, out, new ArrayList<>());
        return out;
    }

    /** {@code open}: the lists being read, outermost first (a list naming one of them is a cycle). */
    private void expandToken(String where, String tok, List<String> out, List<String> open) {
        Matcher m = TOKEN.matcher(tok);
        if (!m.matches()) throw new BadInputException(where + ": bad entry '" + Kconfig.abbreviate(tok) + "' (accepted: " + LIST_ACCEPTED + ")");
        int n = 1;
        if (m.group(1) != null) {
            try {
                n = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_REPEAT)
                throw new BadInputException(where + ": bad repeat '" + Kconfig.abbreviate(tok) + "' (accepted: N*NAME with N 1.." + MAX_REPEAT + ")");
        }
        String name = m.group(2);
        if (isList(name) && lists().contains(name)) {
            if (open.contains(name))
                throw new BadInputException(where + ": list " + name + " names itself through " + String.join(" -> ", open)
                        + " (accepted: scenario names, N*NAME, and lists that do not name each other in a cycle)");
            List<String> inner = new ArrayList<>();
            open.add(name);
            readList(name, inner, open);
            open.remove(open.size() - 1);
            for (int i = 0; i < n; i++) out.addAll(inner);
            return;
        }
        if (!names().contains(name))
            throw new BadInputException(where + ": unknown scenario '" + Kconfig.abbreviate(name) + "' in " + dir + " (accepted: "
                    + String.join(" ", names()) + (lists().isEmpty() ? "" : " " + String.join(" ", lists())) + ")");
        for (int i = 0; i < n; i++) out.add(name);
    }

    private void readList(String list, List<String> out, List<String> open) {
        String file = dir.resolve(list).toString();
        String[] lines = Kconfig.text(file, read(dir.resolve(list)), LIST_ACCEPTED).split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String l = lines[n - 1].trim();
            if (l.isEmpty() || l.startsWith("#")) continue;
            for (String tok : l.split("\\s+")) expandToken(file + ":" + n, tok, out, open);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new BadInputException(p + ": cannot read it (" + e.getMessage() + ") (accepted: a readable file)");
        }
    }

    /** Loads scenario {@code name}: CFcommon, NAME, then {@code extra} (--kconfig; may be null), and NAME.boot. */
    public Scenario load(String name, Kconfig extra) {
        if (!names().contains(name))
            throw new BadInputException("unknown scenario '" + name + "' in " + dir + " (accepted: " + String.join(" ", names()) + ")");
        Path frag = dir.resolve(name);
        Kconfig k = Kconfig.parse(frag.toString(), read(frag));
        if (k.entries().isEmpty())
            throw new BadInputException(frag + ": empty scenario file, no CONFIG_ line (accepted: a Kconfig fragment such as CONFIG_NR_CPUS=4)");
        Path common = dir.resolve("CFcommon");
        if (Files.isRegularFile(common)) k = Kconfig.parse(common.toString(), read(common)).with(k);
        if (extra != null) k = k.with(extra);
        Path bootFile = dir.resolve(name + ".boot");
        if (!Files.isRegularFile(bootFile))
            throw new BadInputException(bootFile + ": missing (accepted: every scenario NAME has a NAME.boot with its kernel command line, comment lines starting with #)");
        List<BootToken> bootTokens = parseBoot(bootFile.toString(), read(bootFile));
        StringBuilder boot = new StringBuilder();
        for (BootToken t : bootTokens) boot.append(boot.length() == 0 ? "" : " ").append(t.tok());
        Map<String, Kconfig.Entry> e = k.entries();

        Kconfig.Entry nr = e.get("NR_CPUS");
        if (nr == null) throw new BadInputException(frag + ": no CONFIG_NR_CPUS line (accepted: CONFIG_NR_CPUS=1..256)");
        int cpus = intValue(nr, 1, 256, "1..256");
        String smp = bool(e.get("SMP"), "y");
        if (smp.equals("n") && cpus != 1)
            throw new BadInputException(e.get("SMP").where() + ": CONFIG_SMP=n with CONFIG_NR_CPUS=" + cpus + " (accepted: CONFIG_SMP=y, or CONFIG_NR_CPUS=1 with CONFIG_SMP=n)");
        int hz = hz(e, frag.toString());
        // The model is a CONFIG_PREEMPT=y kernel: preemption wherever preempt_count is 0.
        for (String other : List.of("PREEMPT_NONE", "PREEMPT_VOLUNTARY", "PREEMPT_LAZY", "PREEMPT_RT")) {
            if (bool(e.get(other), "n").equals("y"))
                throw new BadInputException(e.get(other).describe() + ": not modelled yet, the model is a CONFIG_PREEMPT=y kernel (accepted: CONFIG_" + other + "=n)");
        }
        if (bool(e.get("PREEMPT"), "y").equals("n"))
            throw new BadInputException(e.get("PREEMPT").describe() + ": not modelled yet, the model is a CONFIG_PREEMPT=y kernel (accepted: CONFIG_PREEMPT=y)");
        bool(e.get("HOTPLUG_CPU"), "n"); // accepted; CPU hotplug is not modelled yet
        bool(e.get("EXPERT"), "n");
        boolean proxy = bool(e.get("SCHED_PROXY_EXEC"), "n").equals("y"); // Kconfig: no default line, so n
        if (proxy && !bool(e.get("EXPERT"), "n").equals("y"))
            throw new BadInputException(e.get("SCHED_PROXY_EXEC").describe() + ": depends on EXPERT, and CONFIG_EXPERT is not y (accepted: add CONFIG_EXPERT=y)");

        for (BootToken t : bootTokens) { // each parameter alone, so that an error names its line
            BootArgs one = BootArgs.parse(t.tok());
            String v = one.asMap().get("locktorture.torture_type");
            if (v != null && Scenario.pending(v)) continue; // reported as "not modelled yet" by the runner
            try {
                TortureParams.fromBootArgs(one, cpus);
            } catch (BadInputException x) {
                throw new BadInputException(bootFile + ":" + t.line() + ": " + x.getMessage());
            }
        }
        BootArgs args = BootArgs.parse(boot.toString());
        String type = args.asMap().getOrDefault("locktorture.torture_type", Scenario.KERNEL_DEFAULT_TORTURE_TYPE);
        return new Scenario(name, cpus, hz, proxy, args, type, k);
    }

    private static int intValue(Kconfig.Entry e, int min, int max, String accepted) {
        int v;
        try {
            v = Integer.parseInt(e.value());
        } catch (NumberFormatException x) {
            throw new BadInputException(e.describe() + ": not an integer (accepted: " + accepted + ")");
        }
        if (v < min || v > max) throw new BadInputException(e.describe() + ": out of range (accepted: " + accepted + ")");
        return v;
    }

    private static String bool(Kconfig.Entry e, String dflt) {
        if (e == null) return dflt;
        if (!e.value().equals("y") && !e.value().equals("n"))
            throw new BadInputException(e.describe() + ": not a bool (accepted: y|n)");
        return e.value();
    }

    /** CONFIG_HZ, or the HZ_<n> choice; without either, 1000 (the harness's default, as --hz). */
    private static int hz(Map<String, Kconfig.Entry> e, String frag) {
        Integer chosen = null;
        Kconfig.Entry choice = null;
        for (String v : Scenario.HZ_VALUES) {
            Kconfig.Entry c = e.get("HZ_" + v);
            if (c != null && bool(c, "n").equals("y")) {
                if (chosen != null)
                    throw new BadInputException(c.describe() + ": a second HZ choice after " + choice.describe() + " (accepted: one of CONFIG_HZ_100|250|300|1000=y)");
                chosen = Integer.parseInt(v);
                choice = c;
            }
        }
        Kconfig.Entry hz = e.get("HZ");
        if (hz != null) {
            int v;
            try {
                v = Integer.parseInt(hz.value());
            } catch (NumberFormatException x) {
                v = -1;
            }
            if (!Scenario.HZ_VALUES.contains(Integer.toString(v)))
                throw new BadInputException(hz.describe() + ": not a CONFIG_HZ value (accepted: " + String.join("|", Scenario.HZ_VALUES) + ")");
            if (chosen != null && chosen != v)
                throw new BadInputException(hz.describe() + ": contradicts " + choice.describe() + " (accepted: CONFIG_HZ equal to the CONFIG_HZ_<n>=y choice)");
            return v;
        }
        return chosen != null ? chosen : 1000;
    }

    /**
     * NAME.boot: kernel parameters, on one or more lines; lines starting with # are comments (as
     * kvm-test-1-run.sh reads them). A parameter given twice in one file is refused.
     */
    static List<BootToken> parseBoot(String file, byte[] bytes) {
        String accepted = "a kernel command line, e.g. locktorture.torture_type=mutex_lock locktorture.nested_locks=8";
        String[] lines = Kconfig.text(file, bytes, accepted).split("\r?\n", -1);
        java.util.LinkedHashMap<String, Integer> seen = new java.util.LinkedHashMap<>();
        List<BootToken> out = new ArrayList<>();
        for (int n = 1; n <= lines.length; n++) {
            String l = lines[n - 1].trim();
            if (l.isEmpty() || l.startsWith("#")) continue;
            for (String tok : l.split("\\s+")) {
                int eq = tok.indexOf('=');
                String key = eq < 0 ? tok : tok.substring(0, eq);
                if (key.isEmpty()) throw new BadInputException(file + ":" + n + ": '" + Kconfig.abbreviate(tok) + "' has no parameter name (accepted: " + accepted + ")");
                Integer first = seen.put(key, n);
                if (first != null)
                    throw new BadInputException(file + ":" + n + ": " + key + " given twice (first at line " + first + ") (accepted: each parameter once per .boot file)");
                out.add(new BootToken(tok, n));
            }
        }
        return out;
    }

    /** One parameter of a .boot file and its line. */
    record BootToken(String tok, int line) { }
}
