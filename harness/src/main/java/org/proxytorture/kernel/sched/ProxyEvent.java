package org.proxytorture.kernel.sched;

import java.util.Locale;

/**
 * A proxy-execution tracepoint ({@link Trace.Listener#proxy}): what happened, and for a step of
 * find_proxy_task()'s walk the branch of its case table it took. Mainline has no such
 * tracepoints; these are proxytorture's, printed as {@link #text()} ("proxy_chosen",
 * "find_proxy_task:chain_step") in the ftrace text and mixed into the event hash by that text.
 *
 * @param branch the find_proxy_task() branch (a coverage branch id), null for the other kinds
 */
public record ProxyEvent(Kind kind, String branch) {

    /** The tracepoints. */
    public enum Kind {
        /** __schedule() picked a donor that is blocked: the walk starts. */
        DONOR_PICKED,
        /** A step of find_proxy_task() (the event's branch says which). */
        FIND_PROXY_TASK,
        /** The walk's end runs on the donor's scheduling context (task runs for donor). */
        PROXY_CHOSEN,
        /** rq->donor changed under a task that runs on (donor_changed), or was reset to rq->curr (donor_reset). */
        DONOR_CHANGED,
        DONOR_RESET,
        /** The donor leaves this runqueue: proxy-migrated to the owner's CPU, returned home, deactivated, parked. */
        DONOR_MIGRATED,
        DONOR_RETURNED,
        DONOR_DEACTIVATED,
        DONOR_PARKED,
        /** A parked donor is re-activated behind its owner. */
        DONOR_REACTIVATED,
        /** mutex_unlock() handed the lock to a donor (task is handed the lock by donor, the unlocking owner). */
        HANDOFF;

        private final String tracepoint = name().toLowerCase(Locale.ROOT);

        /** The tracepoint's name ("donor_picked"). */
        public String tracepoint() {
            return tracepoint;
        }
    }

    public static final ProxyEvent DONOR_PICKED = new ProxyEvent(Kind.DONOR_PICKED, null);
    public static final ProxyEvent PROXY_CHOSEN = new ProxyEvent(Kind.PROXY_CHOSEN, null);
    public static final ProxyEvent DONOR_CHANGED = new ProxyEvent(Kind.DONOR_CHANGED, null);
    public static final ProxyEvent DONOR_RESET = new ProxyEvent(Kind.DONOR_RESET, null);
    public static final ProxyEvent DONOR_MIGRATED = new ProxyEvent(Kind.DONOR_MIGRATED, null);
    public static final ProxyEvent DONOR_RETURNED = new ProxyEvent(Kind.DONOR_RETURNED, null);
    public static final ProxyEvent DONOR_DEACTIVATED = new ProxyEvent(Kind.DONOR_DEACTIVATED, null);
    public static final ProxyEvent DONOR_PARKED = new ProxyEvent(Kind.DONOR_PARKED, null);
    public static final ProxyEvent DONOR_REACTIVATED = new ProxyEvent(Kind.DONOR_REACTIVATED, null);
    public static final ProxyEvent HANDOFF = new ProxyEvent(Kind.HANDOFF, null);

    public ProxyEvent {
        if ((kind == Kind.FIND_PROXY_TASK) != (branch != null))
            throw new IllegalArgumentException(kind + (branch == null ? " without a branch" : " with a branch"));
    }

    /** The find_proxy_task() step that took {@code branch}. */
    public static ProxyEvent findProxyTask(String branch) {
        return new ProxyEvent(Kind.FIND_PROXY_TASK, branch);
    }

    /** The text the trace prints: the tracepoint, or "find_proxy_task:&lt;branch&gt;". */
    public String text() {
        return branch == null ? kind.tracepoint() : kind.tracepoint() + ":" + branch;
    }

    /** Reads {@link #text()} back (a recorded trace's names). */
    public static ProxyEvent parse(String text) {
        int colon = text.indexOf(':');
        Kind k = Kind.valueOf((colon < 0 ? text : text.substring(0, colon)).toUpperCase(Locale.ROOT));
        return colon < 0 ? new ProxyEvent(k, null) : new ProxyEvent(k, text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return text();
    }
}
