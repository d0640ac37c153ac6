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
    B01("B01", "B01", "Stale balance callback across rq-lock drop",
            "pick_next_task() queues push_rt_tasks; the walk drops the rq lock to migrate; the callback is still queued when the lock is re-taken (rq_pin_lock() WARNs)",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 locktorture.writer_fifo=1 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("warn/assert_balance_callbacks_empty"),
            "Fix: zap_balance_callbacks() before the drop, assert_balance_callbacks_empty() at pick_again. RT writers (writer_fifo=1) make the aborted picks queue push_rt_tasks."),
    B02("B02", "B02", "Migrated donor still referenced as current",
            "the walk migrates the donor to the owner's CPU and drops the rq lock while rq->donor/cfs_rq->curr still name it; the other CPU runs it",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("migration/", "eevdf/"),
            "Fix: proxy_resched_idle() before the donor leaves."),
    B03("B03", "B03", "Optimistic spin schedules while blocked_on is set",
            "the first waiter spins in mutex_optimistic_spin() with blocked_on set (and on need_resched schedule()s TASK_RUNNING with it set); mutex_unlock() marks it PROXY_WAKING meanwhile and its re-set of blocked_on finds that",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("warn/__set_task_blocked_on: blocked_on another mutex"),
            "Fix (v16): clear blocked_on before spinning, re-set it after. The model has mutex_optimistic_spin()'s need_resched schedule point."),
    B05("B05", "B05", "Return to affinity",
            "a donor migrated to the owner's CPU (ignoring its own affinity) is never migrated back after the owner releases the lock",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            // the placement checker sees it at the wakeup (model 9), before the donor runs there (INV-P3)
            List.of("placement/P2", "migration/INV-P3"),
            "Fix: return migration at wakeup (proxy_needs_return()). random_shuffle keeps one CPU out of the writers' masks."),
    B11("B11", "B11", "ttwu vs return migration",
            "try_to_wake_up() changes a donor's state while another CPU is migrating it (TASK_ON_RQ_MIGRATING, rq lock dropped)",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            // the derived checker sees the doubled activation in rq->nr_running first in some seeds (model 9)
            List.of("migration/", "eevdf/", "lock/", "warn/", "derived/D2"),
            "Fix: return migration under the rq lock in ttwu; __task_rq_lock() waits while task_on_rq_migrating(). Seen first by the kernel's own WARN_ON_ONCE(task_rq(p) != rq) in attach_task() (or task_cpu(p) != new_cpu in move_queued_task()); left running, the kernel then oopses: check_preempt_wakeup_fair()'s find_matching_se() walks past the root (NULL) because p's se->cfs_rq is another CPU's."),
    B12("B12", "B12", "ww_mutex mid-chain wakeup",
            "a task in the middle of a chain gets -EDEADLK (wait-die) and runs again out of order; its blocked_on is not cleared, so a stale blocked_on (and circular chains) remain",
            "full (2026)", 4, "locktorture.torture_type=ww_mutex_lock proxytorture.ww_reorder=1 torture.random_shuffle=1",
            List.of("lock/", "warn/", "deadlock/", "migration/"),
            "Fix: die/wound clears blocked_on (G1/G3) or sets PROXY_WAKING (G2). test-ww_mutex-style reordered lock sets (proxytorture.ww_reorder=1) make wait-die dies happen."),
    B18("B18", "B18", "Parallel unlock wakeups (replaces B19)",
            "a spinning first waiter has cleared its blocked_on, so the unlocker finds it already clear; v6's WARN condition did not allow that",
            "full (2026)", 2, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("warn/__clear_task_blocked_on: blocked_on already cleared"),
            "Replaces B19 (task left BO_BLOCKED on entering the optimistic spin or when proxy_deactivate() failed): in the model the first half is B03, and proxy_deactivate() can fail only for a TASK_RUNNING donor, which only B03 creates. Fix (v7): the WARN allows NULL."),
    B23("B23", "B23", "Donor use after deactivate",
            "proxy_deactivate() blocks the donor (on_rq = 0) before proxy_resched_idle(); ttwu on another CPU wakes and runs it while rq->donor/cfs_rq->curr still point at it",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("eevdf/", "migration/"),
            "Fix: proxy_resched_idle() before block_task(). The model's atomic sections hide a window inside one rq-lock hold, so the fault also ends the section after block_task()."),
    B25("B25", "B25", "Owner migrating to this CPU",
            "the walk proxies an owner that is task_on_rq_migrating() to this CPU, which cannot be enqueued while we hold the rq lock",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("migration/INV-P1"),
            "Fix: resched idle and retry."),
    B27("B27", "B27", "Proxy owner pushable while a higher RT donates",
            "RT1 owner runs as proxy for RT42 but sits on the pushable list; push_rt_tasks() moves it to an idle CPU while it runs",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 locktorture.writer_fifo=1 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("migration/"),
            "Fix: proxy_tag_curr() (6.17), then 7.1's class schedulers never push current."),
    B28("B28", "B28", "Migration ping-pong",
            "migrating the first blocked task leaves deeper chain members behind; the donor bounces between the two runqueues",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("migration/ping-pong", "warn/__schedule: pick_again did not converge"),
            "Fix (v6): migrate the deepest blocked task; Sept 2026 migrates the whole chain."),
    B31("B31", "B31", "Return migration with DEQUEUE_SLEEP",
            "proxy_force_return() dequeues with DEQUEUE_SLEEP, so the task is not task_on_rq_migrating() until attached and a concurrent ttwu wakes it a second time",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            // the second wakeup's set_task_cpu() WARN (p->on_rq && !task_on_rq_migrating(p)) sees it first since ttwu_queue() activates remote targets directly (model 8)
            // model 9: the doubled activation also shows first in rq->nr_running (derived/D2), or as the
            // kernel's oops on the corrupted tree (rb_erase() of an entity that is not in it)
            List.of("warn/sched_ttwu_pending", "warn/set_task_cpu: queued task moved", "migration/", "eevdf/", "derived/D2", "oops/rb_erase()"),
            "Fix (v9): dequeue without DEQUEUE_SLEEP."),
    B32("B32", "B32", "Proxying a task not on our rq (replaces B43)",
            "the owner was return-migrated and enqueued elsewhere after we read task_cpu(owner); without the re-check it is run here",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.window_ns=20000",
            List.of("migration/"),
            "Replaces B43 (unlocked donor->blocked_on = NULL in the 6.17 proxy_deactivate() fallback): that fallback runs only for a TASK_RUNNING donor, which the model's mutex never leaves blocked on a runqueue, so the unlocked write has nothing to race with. A wider relaxed-read window (window_ns) makes the stale task_cpu() read common."),
    B35("B35", "B35", "ttwu vs find_proxy_task deadlock (replaces its ww_mutex form)",
            "a PROXY_WAKING chain member waits for its try_to_wake_up() while find_proxy_task() picks again with the rq lock held, which that ttwu needs",
            "migrate (7.1)", 2, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("warn/__schedule: pick_again did not converge"),
            "Fix (v13/v16): release the rq lock (proxy_force_return() / resched idle) so the wakeup completes. The reference's trigger is a ww_mutex die/wound wakeup; mutex_unlock()'s PROXY_WAKING handoff wakes the same way, and the model's ww_mutex wait-die does not yet survive reordered lock sets (see B42's note), so the entry runs on mutex_lock."),
    B42("B42", "B42", "Leftover balance callbacks on pick again (replaces B17)",
            "find_proxy_task() returns NULL (pick again) and the aborted pick's push_rt_tasks callback stays queued for the next pick",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 locktorture.writer_fifo=1 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("warn/assert_balance_callbacks_empty"),
            "Replaces B17 (blocked_on error paths), because B17's modelled exit is ww_mutex's -EDEADLK (signals are not modelled), which is B12's path. Fix: zap_balance_callbacks() before pick_again (48fda62de67a)."),
    // synthetic faults (issue 14): what a plausible patch could get wrong, each where a new checker family looks
    S01("S01", "S01", "Runtime charged to the donor (synthetic)",
            "update_se() charges wall time to the entity's task, the donor, instead of rq->curr: a proxied owner's runtime lands in its donor's sum_exec_runtime",
            "any", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("accounting/A1"),
            "Synthetic: a counter charged to the wrong task. Before the accounting checker, no checker read sum_exec_runtime."),
    S02("S02", "S02", "MUTEX_FLAG_WAITERS left set (synthetic)",
            "__mutex_remove_waiter() does not clear the flags when the last waiter leaves: every later unlock takes the slow path and finds no one",
            "any", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("derived/D1"),
            "Synthetic: a summary bit that no longer matches the list it summarizes."),
    S03("S03", "S03", "nr_running not decremented on sleep (synthetic)",
            "dequeue_task() forgets sub_nr_running() for DEQUEUE_SLEEP: rq->nr_running grows with every sleep, idle CPUs look busy to the balancer",
            "any", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("derived/D2"),
            "Synthetic: a counter updated on one path and not its twin."),
    S04("S04", "S04", "select_task_rq() without is_cpu_allowed() (synthetic)",
            "the wakeup trusts the class's CPU: after an affinity change, an idle prev CPU outside the new mask takes the woken task",
            "any", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("placement/P1", "migration/INV-P3"),
            "Synthetic: a dropped re-check. select_idle_sibling() returns an idle prev without a mask test, as the kernel's does."),
    ;

    /** Whether the entry is synthetic (Snn): a plausible fault, not a reported bug. */
    public boolean synthetic() {
        return id.startsWith("S");
    }

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
