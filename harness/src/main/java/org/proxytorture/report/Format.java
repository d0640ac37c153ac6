package org.proxytorture.report;

/** Small formatting helpers of the report: durations in the kernel's units, CSV fields. */
final class Format {
    private Format() { }

    /** 200 ms, 10 s, 1.5 s. */
    static String duration(long ns) {
        if (ns % 1_000_000_000L == 0) return ns / 1_000_000_000L + " s";
        if (ns % 1_000_000L == 0) return ns / 1_000_000L + " ms";
        return String.format(java.util.Locale.ROOT, "%.3f s", ns / 1e9);
    }

    /** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
