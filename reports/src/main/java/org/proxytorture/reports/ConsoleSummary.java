package org.proxytorture.reports;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a locktorture console.log says, read the way rcutorture's scripts read it
 * (kvm-recheck-lock.sh, parse-console.sh): the torture type, the End of test verdict, the last
 * {@code Writes:} statistics line, the "???" (writers starved: max/2 > min) and "!!!" (the lock
 * was found held: Fail) flags, and the number of WARNING lines.
 *
 * @param tortureType   from "{@code <type>-torture:--- Start of test}" or "... End of test",
 *                      or {@code null} if the console never names it
 * @param verdict       from the last "End of test:" line; UNKNOWN when there is none (run cut short)
 * @param writesTotal   "Total:" of the last "Writes:" line, empty if there is none
 * @param fail          "Fail:" of the last "Writes:" line (0 if there is none)
 * @param questionable  "???" appeared on some line
 * @param failed        "!!!" appeared on some line
 * @param warnings      lines containing "WARNING:"
 */
public record ConsoleSummary(
        String tortureType,
        Verdict verdict,
        OptionalLong writesTotal,
        long fail,
        boolean questionable,
        boolean failed,
        int warnings) {

    /** lock_torture_cleanup()'s three outcomes, plus UNKNOWN for a console without one. */
    public enum Verdict {
        SUCCESS, FAILURE, LOCK_HOTPLUG, UNKNOWN
    }

    /** printk's "[    1.234567] " stamp. */
    private static final Pattern STAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\]\\s?");
    private static final Pattern BANNER = Pattern.compile("^(\\S+)-torture:--- (Start of test|End of test: (\\w+))");
    /** __torture_print_stats(): "Writes:  Total: %lld  Max/Min: %ld/%ld %s  Fail: %d %s". */
    private static final Pattern WRITES = Pattern.compile("Writes:  Total: (\\d+)  Max/Min: (-?\\d+)/(-?\\d+) .*Fail: (\\d+)");

    public static ConsoleSummary read(Path consoleLog) throws IOException {
        return parse(Files.readAllLines(consoleLog, StandardCharsets.UTF_8));
    }

    public static ConsoleSummary parse(String console) {
        return parse(console.lines().toList());
    }

    public static ConsoleSummary parse(List<String> lines) {
        String type = null;
        Verdict verdict = Verdict.UNKNOWN;
        OptionalLong total = OptionalLong.empty();
        long fail = 0;
        boolean questionable = false;
        boolean failed = false;
        int warnings = 0;
        for (String raw : lines) {
            String line = STAMP.matcher(raw).replaceFirst("");
            Matcher b = BANNER.matcher(line);
            if (b.find()) {
                type = b.group(1);
                if (b.group(3) != null) verdict = verdict(b.group(3));
            }
            Matcher w = WRITES.matcher(line);
            if (w.find()) {
                total = OptionalLong.of(Long.parseLong(w.group(1)));
                fail = Long.parseLong(w.group(4));
            }
            if (line.contains("???")) questionable = true;
            if (line.contains("!!!")) failed = true;
            if (line.contains("WARNING:")) warnings++;
        }
        return new ConsoleSummary(type, verdict, total, fail, questionable, failed, warnings);
    }

    private static Verdict verdict(String word) {
        return switch (word) {
            case "SUCCESS" -> Verdict.SUCCESS;
            case "FAILURE" -> Verdict.FAILURE;
            case "LOCK_HOTPLUG" -> Verdict.LOCK_HOTPLUG;
            default -> Verdict.UNKNOWN;
        };
    }

    /**
     * kvm-recheck-lock.sh's title line: {@code "<config> ------- <ncs> acquisitions/releases
     * (<ncsps> per second)"}, where ncs is the last Writes total and ncsps is awk's
     * {@code print ncs / dur}. Without a Writes line the script prints {@code "<config> -------"};
     * with an unknown duration ({@code seconds <= 0}, the script's empty {@code dur}) it leaves
     * out the rate.
     */
    public String recheckLine(String config, long seconds) {
        if (writesTotal.isEmpty()) return config + " -------";
        long ncs = writesTotal.getAsLong();
        String title = config + " ------- " + ncs + " acquisitions/releases";
        if (seconds <= 0) return title;
        return title + " (" + awkPrint((double) ncs / seconds) + " per second)";
    }

    /**
     * How awk's {@code print} shows a number: an integral value as an integer, anything else
     * through OFMT, "%.6g" (C's %g: 6 significant digits, trailing zeros dropped, exponent form
     * below 1e-4 or from 1e6 on). So 7762271/10 prints "776227", and 7762271/3 "2.58742e+06".
     * "Integral" means within int range, as mawk (Debian's awk) has it; gawk also prints larger
     * integral values whole, a difference no acquisition rate reaches.
     */
    static String awkPrint(double x) {
        if (x == Math.rint(x) && Math.abs(x) <= Integer.MAX_VALUE) return Long.toString((long) x);
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        BigDecimal r = new BigDecimal(x).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mantissa = r.movePointLeft(exp).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return r.stripTrailingZeros().toPlainString();
    }
}
