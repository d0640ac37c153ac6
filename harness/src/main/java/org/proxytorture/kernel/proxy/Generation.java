package org.proxytorture.kernel.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.proxytorture.kernel.sched.ProxyExec;

/**
 * The proxy-execution generations the model has, by the name proxytorture.proxy_variant takes.
 * Adding one is a subclass of {@link ProxyVariant} and a constant here.
 */
public enum Generation {
    /** 6.17: the walk stays on this runqueue; an owner elsewhere means the donor is deactivated. */
    SINGLE_RQ("single-rq", "6.17", SingleRqProxy::new),
    /** 7.1: proxy migration of the donor to the owner's CPU, return migration at wakeup. */
    MIGRATE("migrate", "7.1", MigrateProxy::new),
    /** 2026: blocked_donor handoff, donor parking behind a sleeping owner. */
    FULL("full", "2026", FullProxy::new);

    /** The proxytorture.proxy_variant value. */
    public final String param;
    /** The kernel it models. */
    public final String kernelVersion;
    private final Supplier<ProxyVariant> factory;

    Generation(String param, String kernelVersion, Supplier<ProxyVariant> factory) {
        this.param = param;
        this.kernelVersion = kernelVersion;
        this.factory = factory;
    }

    /** A fresh instance of its find_proxy_task() and helpers, for one machine. */
    public ProxyExec create() {
        return factory.get();
    }

    /** The generation before this one (what the shrinker tries instead), or null for the first. */
    public Generation simpler() {
        return ordinal() == 0 ? null : values()[ordinal() - 1]; // coverage: not model (the shrinker's order of generations)
    }

    /** By proxytorture.proxy_variant value; IllegalArgumentException for another. */
    public static Generation byParam(String param) {
        for (Generation g : values()) if (g.param.equals(param)) return g; // coverage: not model (boot parameter lookup)
        throw new IllegalArgumentException("unknown proxy variant " + param + " (accepted: " + accepted() + ")");
    }

    /** The values, oldest first: "single-rq|migrate|full". */
    public static String accepted() {
        return String.join("|", params());
    }

    public static List<String> params() {
        return Arrays.stream(values()).map(g -> g.param).toList();
    }

    @Override
    public String toString() {
        return param;
    }
}
