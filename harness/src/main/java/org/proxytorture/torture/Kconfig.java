package org.proxytorture.torture;

import org.proxytorture.config.BadInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kconfig fragment, as rcutorture's configs/lock/ files are (CONFIG_NR_CPUS=4,
 * CONFIG_PREEMPT=y, "# CONFIG_FOO is not set"): the symbols the model reads, and real kernel
 * symbols that do not change the model, accepted and ignored. Anything else is refused, so a
 * typo never silently runs a different machine.
 */
public final class Kconfig {
    /** Symbols the model reads (Scenario). */
    public static final List<String> MODELLED = List.of("SMP", "NR_CPUS", "HZ", "HZ_100", "HZ_250", "HZ_300", "HZ_1000",
            "SCHED_PROXY_EXEC", "EXPERT", "HOTPLUG_CPU", "PREEMPT_NONE", "PREEMPT_VOLUNTARY", "PREEMPT", "PREEMPT_LAZY",
            "PREEMPT_RT");

    /**
     * Real kernel symbols that do not change what the model runs (debug options, RCU, tracing,
     * nohz, which the model does not have): accepted and ignored.
     */
    public static final List<String> IGNORED = List.of("LOCK_TORTURE_TEST", "PRINTK_TIME", "DEBUG_KERNEL",
            "DEBUG_LOCK_ALLOC", "PROVE_LOCKING", "LOCKDEP", "LOCK_STAT", "DEBUG_LOCKDEP", "DEBUG_MUTEXES",
            "DEBUG_RT_MUTEXES", "DEBUG_SPINLOCK", "DEBUG_ATOMIC_SLEEP", "DEBUG_WW_MUTEX_SLOWPATH", "DEBUG_OBJECTS",
            "RT_MUTEXES", "PROVE_RCU", "RCU_EXPERT", "RCU_TRACE", "TREE_RCU", "PREEMPT_RCU", "RCU_NOCB_CPU",
            "PREEMPT_DYNAMIC", "NO_HZ", "NO_HZ_IDLE", "NO_HZ_FULL", "HZ_PERIODIC", "HIGH_RES_TIMERS", "SCHED_DEBUG",
            "KASAN", "KCSAN", "UBSAN", "FTRACE", "FUNCTION_TRACER", "DYNAMIC_FTRACE", "KALLSYMS", "DEBUG_INFO",
            "MODULES", "HYPERVISOR_GUEST", "PARAVIRT", "KVM_GUEST", "SUSPEND", "HIBERNATION", "CPU_FREQ",
            "CPU_IDLE");

    /** One CONFIG_ line and where it came from. */
    public record Entry(String symbol, String value, String file, int line) {
        public String where() {
            return file + ":" + line;
        }

        /** "file:line: CONFIG_X=v" */
        public String describe() {
            return where() + ": CONFIG_" + symbol + "=" + value;
        }
    }

    private static final Pattern LINE = Pattern.compile("CONFIG_([A-Za-z0-9_]+)=(.*)");
    private static final Pattern NOT_SET = Pattern.compile("# CONFIG_([A-Za-z0-9_]+) is not set");
    private static final Pattern VALUE = Pattern.compile("y|n|m|-?[0-9]+|0x[0-9a-fA-F]+|\"[^\"]*\"");
    static final String LINE_FORM = "CONFIG_<SYMBOL>=<y|n|m|number|\"string\">, # comments";

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /** The symbols set, in file order (later fragments override earlier ones, as merge_config.sh does). */
    public Map<String, Entry> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /** Merges {@code later} over this fragment, as kvm.sh merges CFcommon, the scenario and --kconfig. */
    public Kconfig with(Kconfig later) {
        Kconfig k = new Kconfig();
        k.entries.putAll(entries);
        for (Entry e : later.entries.values()) {
            k.entries.remove(e.symbol());
            k.entries.put(e.symbol(), e);
        }
        return k;
    }

    /** Decodes a file's bytes as text; binary content (NUL, control bytes, bad UTF-8) is bad input. */
    static String text(String file, byte[] bytes, String accepted) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": not a text file (bytes that are not UTF-8) (accepted: " + accepted + ")");
        }
        int line = 1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') line++;
            else if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7f)
                throw new BadInputException(file + ":" + line + ": not a text file (control byte 0x"
                        + Integer.toHexString(c) + ") (accepted: " + accepted + ")");
        }
        return s;
    }

    /** Parses a fragment; {@code file} names it in errors ("file:line: problem (accepted: ...)"). */
    public static Kconfig parse(String file, byte[] bytes) {
        String s = text(file, bytes, "a Kconfig fragment: " + LINE_FORM);
        Kconfig k = new Kconfig();
        String[] lines = s.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String l = lines[n - 1].trim();
            if (l.isEmpty()) continue;
            String sym;
            String val;
            Matcher ns = NOT_SET.matcher(l);
            Matcher m = LINE.matcher(l);
            if (ns.matches()) {
                sym = ns.group(1);
                val = "n";
            } else if (l.startsWith("#")) {
                continue;
            } else if (m.matches()) {
                sym = m.group(1);
                val = m.group(2).trim();
                if (!VALUE.matcher(val).matches())
                    throw new BadInputException(file + ":" + n + ": CONFIG_" + sym + "=" + val + ": not a Kconfig value (accepted: " + LINE_FORM + ")");
            } else {
                throw new BadInputException(file + ":" + n + ": '" + abbreviate(l) + "' is not a Kconfig line (accepted: " + LINE_FORM + ")");
            }
            if (!MODELLED.contains(sym) && !IGNORED.contains(sym))
                throw new BadInputException(file + ":" + n + ": unknown Kconfig symbol CONFIG_" + sym + " (accepted: "
                        + names(MODELLED) + "; accepted and ignored: " + names(IGNORED) + ")");
            Entry first = k.entries.get(sym);
            if (first != null)
                throw new BadInputException(file + ":" + n + ": CONFIG_" + sym + " set twice (first at line " + first.line()
                        + ") (accepted: one line per symbol)");
            k.entries.put(sym, new Entry(sym, val, file, n));
        }
        return k;
    }

    /** Parses kvm.sh's --kconfig "CONFIG_A=y CONFIG_B=n" (space-separated lines). */
    public static Kconfig parseOption(String option) {
        return parse("--kconfig", String.join("\n", option.trim().split("\\s+")).getBytes(StandardCharsets.UTF_8));
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String names(List<String> syms) {
        List<String> out = new ArrayList<>();
        for (String s : syms) out.add("CONFIG_" + s);
        return String.join(" ", out);
    }
}
