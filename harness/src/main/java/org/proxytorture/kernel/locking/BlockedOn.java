package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;

/** include/linux/sched.h blocked_on helpers, with their WARN_ON_ONCEs (reference 1.9 #1, #2). */
public final class BlockedOn {
    private BlockedOn() { }

    /** WRITE_ONCE(p->blocked_on, m): every write of blocked_on goes here, so lockless readers see it through the memory model. */
    public static void write(Core core, Task p, Mutex m) {
        p.blockedOn = m;
        core.mem.store(core.thisCpuId(), p.blockedOnWord, m);
    }

    /** __set_task_blocked_on(p, m): only the task itself, wait_lock held. */
    static void set(Core core, Task p, Task current, Mutex m) {
        core.warnOnce(m == null, "__set_task_blocked_on: !m");
        core.warnOnce(p != current, "__set_task_blocked_on: p != current");
        core.warnOnce(p.blockedOn != null && p.blockedOn != m, "__set_task_blocked_on: blocked_on another mutex");
        write(core, p, m);
    }

    /** __clear_task_blocked_on(p, m) */
    public static void clear(Core core, Task p, Mutex m) {
        // B18 (inject): v6's stricter WARN: an unlocker finding the waiter's blocked_on already cleared (it spins) warns
        core.warnOnce(core.faults.b18 && m != null && p.blockedOn == null, "__clear_task_blocked_on: blocked_on already cleared");
        core.warnOnce(m != null && p.blockedOn != null && p.blockedOn != m && p.blockedOn != Mutex.PROXY_WAKING,
                "__clear_task_blocked_on: blocked_on another mutex");
        write(core, p, null);
    }

    /** __set_task_blocked_on_waking(p, m) (7.1): BLOCKED -> PROXY_WAKING; a no-op once cleared. */
    public static void setWaking(Core core, Task p, Mutex m) {
        core.warnOnce(m != null && p.blockedOn != null && p.blockedOn != m && p.blockedOn != Mutex.PROXY_WAKING,
                "__set_task_blocked_on_waking: blocked_on another mutex");
        if (p.blockedOn != null) write(core, p, Mutex.PROXY_WAKING);
    }
}
