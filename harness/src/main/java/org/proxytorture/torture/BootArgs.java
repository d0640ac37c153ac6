package org.proxytorture.torture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kernel command line: space-separated {@code name=value} or bare {@code name} (meaning "1",
 * as for the kernel's bool parameters). Later occurrences override earlier ones, as the kernel's
 * parameter parsing does.
 */
public final class BootArgs {
    private final LinkedHashMap<String, String> args = new LinkedHashMap<>();

    public static BootArgs parse(String cmdline) {
        BootArgs b = new BootArgs();
        if (cmdline == null) return b;
        for (String tok : cmdline.trim().split("\\s+")) {
            if (tok.isEmpty()) continue;
            int eq = tok.indexOf('=');
            String name = eq < 0 ? tok : tok.substring(0, eq);
            String value = eq < 0 ? "1" : tok.substring(eq + 1);
            if (name.isEmpty()) throw new BadInputException("bootarg '" + tok + "' has no parameter name (expected name=value)");
            b.args.remove(name);
            b.args.put(name, value);
        }
        return b;
    }

    /** Appends {@code other}'s arguments, overriding ours. */
    public BootArgs with(BootArgs other) {
        BootArgs b = new BootArgs();
        b.args.putAll(args);
        for (var e : other.args.entrySet()) {
            b.args.remove(e.getKey());
            b.args.put(e.getKey(), e.getValue());
        }
        return b;
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(args);
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
