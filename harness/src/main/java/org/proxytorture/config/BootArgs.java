package org.proxytorture.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kernel command line, parsed once at the edge (the CLI, a scenario file, a replay file, the
 * bug catalog) and passed down as this value: space-separated {@code name=value} or bare
 * {@code name} (meaning "1", as for the kernel's bool parameters). Later occurrences override
 * earlier ones, as the kernel's parameter parsing does. Immutable; {@link #with} edits it;
 * {@link #toString} is the text form (banners, replay files, cmd files), and parsing that text
 * gives an equal value back.
 */
public final class BootArgs {
    public static final BootArgs EMPTY = new BootArgs(new LinkedHashMap<>());

    private final Map<String, String> args;

    private BootArgs(LinkedHashMap<String, String> args) {
        this.args = java.util.Collections.unmodifiableMap(args);
    }

    public static BootArgs parse(String cmdline) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        if (cmdline == null) return EMPTY;
        for (String tok : cmdline.trim().split("\\s+")) {
            if (tok.isEmpty()) continue;
            int eq = tok.indexOf('=');
            String name = eq < 0 ? tok : tok.substring(0, eq);
            String value = eq < 0 ? "1" : tok.substring(eq + 1);
            if (name.isEmpty()) throw new BadInputException("bootarg '" + tok + "' has no parameter name (expected name=value)");
            m.remove(name);
            m.put(name, value);
        }
        return new BootArgs(m);
    }

    /** Appends {@code other}'s arguments, overriding ours. */
    public BootArgs with(BootArgs other) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>(args);
        for (var e : other.args.entrySet()) {
            m.remove(e.getKey());
            m.put(e.getKey(), e.getValue());
        }
        return new BootArgs(m);
    }

    /** The command line with {@code name=value} appended (later wins, as the kernel parses it). */
    public BootArgs with(String name, String value) {
        if (name.isEmpty() || name.contains(" ") || name.contains("=") || value.contains(" "))
            throw new IllegalArgumentException("not one parameter: " + name + "=" + value);
        LinkedHashMap<String, String> m = new LinkedHashMap<>(args);
        m.remove(name);
        m.put(name, value);
        return new BootArgs(m);
    }

    /** The command line without {@code name} (a runner's run that must not end at shutdown_secs). */
    public BootArgs without(String name) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>(args);
        m.remove(name);
        return new BootArgs(m);
    }

    /** The value of {@code name}, or null if the command line does not set it. */
    public String get(String name) {
        return args.get(name);
    }

    public boolean has(String name) {
        return args.containsKey(name);
    }

    public Map<String, String> asMap() {
        return args;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootArgs b && b.args.equals(args) && b.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (var e : args.entrySet()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
