package org.proxytorture.cli;

import org.proxytorture.config.BadInputException;

/** "30s", "500ms", "2m", "100us", "1h": simulated time in ns. */
public final class Durations {
    private Durations() { }

    public static long parse(String option, String s) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ns|us|ms|s|m|h)?").matcher(s.trim());
        if (!m.matches()) throw new BadInputException(option + "=" + s + ": not a duration (accepted: <n>[ns|us|ms|s|m|h], e.g. 30s, 500ms)");
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) { // more digits than a long holds
            throw new BadInputException(option + "=" + s + ": out of range (accepted: a positive duration)");
        }
        String u = m.group(2) == null ? "s" : m.group(2);
        long mul = switch (u) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        if (n <= 0 || n > Long.MAX_VALUE / mul / 2) throw new BadInputException(option + "=" + s + ": out of range (accepted: a positive duration)");
        return n * mul;
    }
}
