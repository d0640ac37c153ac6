package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;

/**
 * What a failure is, as a shrinker keeps it fixed: the checker that saw it, the invariant it
 * broke, and the roles of the tasks and locks involved ("donor=lock_torture_wr",
 * "lock=torture_mutex"), never pids, counts or times. Printed {@code checker/invariant[roles]};
 * {@link #parse} reads that text back, so replay files, the catalog and {@code explore --want}
 * all name failures in one form, and failures are compared by equality.
 *
 * <p>Besides the checkers' invariants, three sources fail a run: the kernel's own WARN_ON
 * ("warn/&lt;text&gt;[]"), locktorture's own checks ("locktorture/&lt;what&gt;[...]"), and the
 * emulated kernel reaching a state its code cannot handle ({@link #oops}).
 */
public record Identity(String checker, String invariant, List<String> roles) {

    public Identity {
        if (checker == null || checker.isEmpty() || checker.contains("/") || checker.contains("["))
            throw new IllegalArgumentException("bad checker name: " + checker);
        if (invariant == null) throw new IllegalArgumentException("no invariant");
        roles = List.copyOf(roles);
    }

    public static Identity of(String checker, String invariant, String... roles) {
        return new Identity(checker, invariant, List.of(roles));
    }

    /** A kernel WARN_ON_ONCE() with this text: "warn/&lt;text without numbers&gt;[]" ({@link #withoutNumbers}). */
    public static Identity warn(String what) {
        return of("warn", withoutNumbers(what));
    }

    /**
     * A WARN's or oops' text as an invariant: ":123" (a pid after a comm) dropped, other digit
     * runs become "N" ("CPU 3" -> "CPU N"), so it is the same across seeds and while a run is shrunk.
     */
    public static String withoutNumbers(String what) {
        return what.replaceAll(":\\d+", "").replaceAll("\\d+", "N").trim();
    }

    /** The emulated kernel threw {@code e}: the exception and the model method it was thrown in (no line numbers). */
    public static Identity oops(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        // no frame: the JIT threw a preallocated exception (run with -XX:-OmitStackTraceInFastThrow, as the scripts and surefire do)
        if (st.length == 0) return of("oops", e.getClass().getSimpleName());
        String cls = st[0].getClassName();
        return of("oops", e.getClass().getSimpleName(), cls.substring(cls.lastIndexOf('.') + 1) + "." + st[0].getMethodName());
    }

    /**
     * Reads {@code checker/invariant[role, role]} (the roles part may be missing: no roles). The
     * checker is the text before the first '/', the roles the bracketed list that ends the text.
     */
    public static Identity parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) throw new IllegalArgumentException("not a failure identity (accepted: checker/invariant[roles], e.g. migration/INV-P1[donor=lock_torture_wr]): " + text);
        String checker = text.substring(0, slash);
        String rest = text.substring(slash + 1);
        int open = rolesStart(rest);
        if (open < 0) return new Identity(checker, rest, List.of());
        String inside = rest.substring(open + 1, rest.length() - 1);
        List<String> roles = new ArrayList<>();
        if (!inside.isEmpty()) for (String r : inside.split(", ")) roles.add(r);
        return new Identity(checker, rest.substring(0, open), roles);
    }

    /** Where the trailing "[...]" starts (its brackets balanced), or -1. */
    private static int rolesStart(String s) {
        if (!s.endsWith("]")) return -1;
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ']') depth++;
            else if (c == '[' && --depth == 0) return i;
        }
        return -1;
    }

    /** checker/invariant[roles], the form reports, replay files and the catalog print. */
    @Override
    public String toString() {
        return checker + "/" + invariant + roles;
    }

    /** checker/invariant, without the roles. */
    public String kind() {
        return checker + "/" + invariant;
    }
}
