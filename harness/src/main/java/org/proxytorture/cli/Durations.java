package org.proxytorture.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.proxytorture.config.BadInputException;

/**
 * Durations on the command line, in ns: "30s", "500ms", "2m", "100us", "1h", "1d". The harness's
 * own commands want a unit; scripts/torture's --duration reads a bare number as minutes, as
 * kvm.sh's does ({@link #parseKvm}). A bare number is refused where it is not minutes, rather
 * than read as something else.
 */
public final class Durations {
    private Durations() { }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?");
    static final String UNITS = "ns|us|ms|s|m|h|d";

    /** A duration with its unit (bad input without one). */
    public static long parse(String option, String s) {
        Matcher m = match(option, s, "<n>" + UNITS + ", e.g. 30s, 500ms, 2m");
        if (m.group(2) == null)
            throw new BadInputException(option + "=" + s + ": no unit (accepted: " + s.trim() + "s, " + s.trim() + "ms, " + s.trim()
                    + "m, ...: <n>" + UNITS + "; a bare number is minutes only in scripts/torture, as in kvm.sh)");
        return scale(option, s, m);
    }

    /** kvm.sh's --duration: a bare number is minutes; s, m, h, d suffixes (and ns, us, ms for short simulated runs). */
    public static long parseKvm(String option, String s) {
        return scale(option, s, match(option, s, "<minutes>, or <n>" + UNITS + ", e.g. 30 (minutes), 45s, 2h, 1d"));
    }

    private static Matcher match(String option, String s, String accepted) {
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) throw new BadInputException(option + "=" + s + ": not a duration (accepted: " + accepted + ")");
        return m;
    }

    private static long scale(String option, String s, Matcher m) {
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) { // more digits than a long holds
            throw new BadInputException(option + "=" + s + ": out of range (accepted: a positive duration)");
        }
        long mul = switch (m.group(2) == null ? "m" : m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        if (n <= 0 || n > Long.MAX_VALUE / mul / 2) throw new BadInputException(option + "=" + s + ": out of range (accepted: a positive duration)");
        return n * mul;
    }
}
