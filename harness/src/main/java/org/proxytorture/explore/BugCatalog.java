package org.proxytorture.explore;

import java.util.List;

/**
 * The bug catalog: named faults that re-create real proxy-execution bugs of the reference's
 * section 2 (../shared/reference/kernel-proxy-exec.md), each a switch of
 * {@link org.proxytorture.kernel.sched.Faults} (proxytorture.inject=Bnn) at the code point the bug
 * lived, with the scenario that exposes it and the checker expected to fire first. Like a
 * jcstress test, each entry declares its outcome; {@code scripts/proxytorture bugs} and
 * BugCatalogTest check it.
 */
public enum BugCatalog {
    LOCK_BUSTED("lock_busted", null, "locktorture's deliberately broken lock",
            "torture_type=lock_busted: writelock() does nothing, so two writers are in the critical section at once",
            "any", 4, "locktorture.torture_type=mutex_lock",
            List.of("warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)"),
            "The lock checker cannot see this one: lock_busted takes no lock, so there is no lock_acquired"
                    + " tracepoint (no lockdep annotation, as in the kernel); locktorture's own WARN_ON_ONCE catches it."),
    ;

    /** The catalog id ("B05", "lock_busted"). */
    public final String id;
    private final String fault;
    public final String title;
    /** The reference's one-line story. */
    public final String story;
    /** The generation/variant the bug belongs to. */
    public final String generation;
    public final int cpus;
    /** The scenario (without the fault). */
    public final String bootargs;
    /** Violation identities (prefixes) expected to fire first. */
    public final List<String> expected;
    /** How the entry is expressed, and where the model departs from the real bug. */
    public final String note;

    BugCatalog(String id, String fault, String title, String story, String generation, int cpus, String bootargs,
            List<String> expected, String note) {
        this.id = id;
        this.fault = fault;
        this.title = title;
        this.story = story;
        this.generation = generation;
        this.cpus = cpus;
        this.bootargs = bootargs;
        this.expected = List.copyOf(expected);
        this.note = note;
    }

    /** The proxytorture.inject value, or null (lock_busted is a torture type, not a kernel fault). */
    public String fault() {
        return fault;
    }

    /** Whether a violation identity is one this entry expects. */
    public boolean matches(String identity) {
        for (String e : expected) if (identity.startsWith(e)) return true;
        return false;
    }

    /** By id, case-insensitive ("b05", "lock_busted"). */
    public static BugCatalog byId(String id) {
        for (BugCatalog b : values()) if (b.id.equalsIgnoreCase(id)) return b;
        throw new IllegalArgumentException(id);
    }

    /** Every id, in catalog order. */
    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(b -> b.id).toList();
    }
}
