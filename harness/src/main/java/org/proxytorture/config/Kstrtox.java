package org.proxytorture.config;

/**
 * lib/kstrtox.c as a module parameter's set function uses it: param_set_int() is
 * {@code kstrtoint(val, 0, &x)}, param_set_bool() is {@code kstrtobool(val, &b)}. A value the
 * kernel refuses gives {@code -EINVAL} (not a number) or {@code -ERANGE} (a number that does not
 * fit), which {@link Result} says; the caller words the message.
 */
public final class Kstrtox {
    private Kstrtox() { }

    /** -EINVAL or -ERANGE, as the kernel returns them, or a value. */
    public record Result(int value, String errno) {
        public boolean ok() {
            return errno == null;
        }
    }

    /**
     * kstrtoint(s, 0): an optional '+' or '-', then a number in base 16 ("0x10"), 8 ("010") or 10
     * (_parse_integer_fixup_radix()), then at most one newline; nothing else. -ERANGE when it does
     * not fit an int (kstrtoll()'s range check, then kstrtoint()'s).
     */
    public static Result kstrtoint(String s) {
        boolean neg = s.startsWith("-");
        String rest = neg ? s.substring(1) : s.startsWith("+") ? s.substring(1) : s; // kstrtoull() skips one '+'
        int base = 10;
        if (rest.startsWith("0")) {
            if (rest.length() > 2 && (rest.charAt(1) == 'x' || rest.charAt(1) == 'X') && Character.digit(rest.charAt(2), 16) >= 0) {
                base = 16;
                rest = rest.substring(2);
            } else {
                base = 8;
            }
        }
        int i = 0;
        java.math.BigInteger n = java.math.BigInteger.ZERO;
        while (i < rest.length() && Character.digit(rest.charAt(i), base) >= 0 && rest.charAt(i) < 128) {
            n = n.multiply(java.math.BigInteger.valueOf(base)).add(java.math.BigInteger.valueOf(Character.digit(rest.charAt(i), base)));
            i++;
        }
        if (i == 0) return new Result(0, "-EINVAL"); // _parse_integer() read nothing
        String tail = rest.substring(i);
        if (n.bitLength() > 64) return new Result(0, "-ERANGE"); // KSTRTOX_OVERFLOW
        if (!tail.isEmpty() && !tail.equals("\n")) return new Result(0, "-EINVAL");
        java.math.BigInteger v = neg ? n.negate() : n;
        if (v.compareTo(java.math.BigInteger.valueOf(Integer.MIN_VALUE)) < 0 || v.compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0)
            return new Result(0, "-ERANGE");
        return new Result(v.intValue(), null);
    }

    /**
     * kstrtobool(): only the first character counts (the first two for "on"/"off"): y Y t T 1 are
     * true, n N f F 0 false, "on" true, "of..." false; anything else (also "") is -EINVAL.
     */
    public static Result kstrtobool(String s) {
        if (s.isEmpty()) return new Result(0, "-EINVAL");
        switch (s.charAt(0)) {
            case 'y', 'Y', 't', 'T', '1' -> { return new Result(1, null); }
            case 'n', 'N', 'f', 'F', '0' -> { return new Result(0, null); }
            case 'o', 'O' -> {
                if (s.length() > 1 && (s.charAt(1) == 'n' || s.charAt(1) == 'N')) return new Result(1, null);
                if (s.length() > 1 && (s.charAt(1) == 'f' || s.charAt(1) == 'F')) return new Result(0, null);
                return new Result(0, "-EINVAL");
            }
            default -> { return new Result(0, "-EINVAL"); }
        }
    }
}
