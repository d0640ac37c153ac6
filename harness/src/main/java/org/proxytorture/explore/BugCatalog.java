package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.check.Identity;
import org.proxytorture.config.BootArgs;

/**
 * The bug catalog: named faults that re-create real proxy-execution bugs of the reference's
 * section 2 (../shared/reference/kernel-proxy-exec.md), each a switch of
 * {@link org.proxytorture.kernel.harness.Faults} (proxytorture.inject=Bnn) at the code point the bug
 * lived, with the scenario that exposes it and the checker expected to fire first. Like a
 * jcstress test, each entry declares its outcome; {@code scripts/proxytorture bugs} and
 * BugCatalogTest check it.
 */
public enum BugCatalog {
    LOCK_BUSTED("lock_busted", null, "locktorture's deliberately broken lock",
            "torture_type=lock_busted: writelock() does nothing, so two writers are in the critical section at once",
            "any", 4, "locktorture.torture_type=mutex_lock",
            List.of("warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]"),
            "The lock checker cannot see this one: lock_busted takes no lock, so there is no lock_acquired"
                    + " tracepoint (no lockdep annotation, as in the kernel); locktorture's own WARN_ON_ONCE catches it."),
    B01("B01", "B01", "Stale balance callback across rq-lock drop",
            "pick_next_task() queues push_rt_tasks; the walk drops the rq lock to migrate; the callback is still queued when the lock is re-taken (rq_pin_lock() WARNs)",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 locktorture.writer_fifo=1 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("warn/assert_balance_callbacks_empty: rq->balance_callback set at pick_again[]"),
            "Fix: zap_balance_callbacks() before the drop, assert_balance_callbacks_empty() at pick_again. RT writers (writer_fifo=1) make the aborted picks queue push_rt_tasks."),
    B02("B02", "B02", "Migrated donor still referenced as current",
            "the walk migrates the donor to the owner's CPU and drops the rq lock while rq->donor/cfs_rq->curr still name it; the other CPU runs it",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("migration/INV-P1[donor=lock_torture_wr]"),
            "Fix: proxy_resched_idle() before the donor leaves."),
    B03("B03", "B03", "Optimistic spin schedules while blocked_on is set",
            "the first waiter spins in mutex_optimistic_spin() with blocked_on set (and on need_resched schedule()s TASK_RUNNING with it set); mutex_unlock() marks it PROXY_WAKING meanwhile and its re-set of blocked_on finds that",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("warn/__set_task_blocked_on: blocked_on another mutex[]"),
            "Fix (v16): clear blocked_on before spinning, re-set it after. The model has mutex_optimistic_spin()'s need_resched schedule point."),
    B05("B05", "B05", "Return to affinity",
            "a donor migrated to the owner's CPU (ignoring its own affinity) is never migrated back after the owner releases the lock",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            // the placement checker sees it at the wakeup (model 9), before the donor runs there (INV-P3);
            // in scenarios drawn from the whole space (explore --space --inject B05) also as a wakeup outside
            // the donor's mask (P1), which the same schedule without the fault does not show
            List.of("placement/P2[task=lock_torture_wr]", "migration/INV-P3[task=lock_torture_wr]", "placement/P1[task=lock_torture_wr]"),
            "Fix: return migration at wakeup (proxy_needs_return()). random_shuffle keeps one CPU out of the writers' masks."),
    B11("B11", "B11", "ttwu vs return migration",
            "try_to_wake_up() changes a donor's state while another CPU is migrating it (TASK_ON_RQ_MIGRATING, rq lock dropped)",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            // the derived checker sees the doubled activation in rq->nr_running first in some seeds (model 9)
            List.of("warn/attach_task: task_rq(p) != rq[]", "warn/move_queued_task: task_cpu(p) != new_cpu[]", "derived/D2[]", "oops/watchdog: Watchdog detected hard LOCKUP on cpu N in __schedule[]"),
            "Fix: return migration under the rq lock in ttwu; __task_rq_lock() waits while task_on_rq_migrating(). Seen first by the kernel's own WARN_ON_ONCE(task_rq(p) != rq) in attach_task() (or task_cpu(p) != new_cpu in move_queued_task()); left running, the kernel then oopses: check_preempt_wakeup_fair()'s find_matching_se() walks past the root (NULL) because p's se->cfs_rq is another CPU's."),
    B12("B12", "B12", "ww_mutex mid-chain wakeup",
            "a task in the middle of a chain gets -EDEADLK (wait-die) and runs again out of order; its blocked_on is not cleared, so a stale blocked_on (and circular chains) remain",
            "full (2026)", 4, "locktorture.torture_type=ww_mutex_lock proxytorture.ww_reorder=1 torture.random_shuffle=1",
            List.of("warn/__mutex_lock_common: err_early_kill with blocked_on set[]", "warn/__set_task_blocked_on: blocked_on another mutex[]"),
            "Fix: die/wound clears blocked_on (G1/G3) or sets PROXY_WAKING (G2). test-ww_mutex-style reordered lock sets (proxytorture.ww_reorder=1) make wait-die dies happen."),
    B17("B17", "B17", "blocked_on error paths: the signal exit",
            "mutex_lock_interruptible() interrupted by a signal returns -EINTR off the wait list but with its blocked_on still set: it still looks blocked (a stale chain link, a donor at its next sleep), and its next mutex_lock() sets blocked_on over it",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 proxytorture.signal_interval=1",
            List.of("warn/__set_task_blocked_on: blocked_on another mutex[]", "lock/blocked-on-not-waiter[lock=torture_mutex]"),
            "Signal/kill exits of the v2 rework. Fix: err: clear_task_blocked_on(current, lock) with __mutex_remove_waiter(). torture_signal (proxytorture.signal_interval, model 19) signals writers waiting in mutex_lock_interruptible()."),
    B18("B18", "B18", "Parallel unlock wakeups (replaces B19)",
            "a spinning first waiter has cleared its blocked_on, so the unlocker finds it already clear; v6's WARN condition did not allow that",
            "full (2026)", 2, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("warn/__clear_task_blocked_on: blocked_on already cleared[]"),
            "Replaces B19 (task left BO_BLOCKED on entering the optimistic spin or when proxy_deactivate() failed): in the model the first half is B03, and proxy_deactivate() can fail only for a TASK_RUNNING donor, which only B03 creates. Fix (v7): the WARN allows NULL."),
    B23("B23", "B23", "Donor use after deactivate",
            "proxy_deactivate() blocks the donor (on_rq = 0) before proxy_resched_idle(); ttwu on another CPU wakes and runs it while rq->donor/cfs_rq->curr still point at it",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("migration/INV-P1[donor=lock_torture_wr]"),
            "Fix: proxy_resched_idle() before block_task(). The model's atomic sections hide a window inside one rq-lock hold, so the fault also ends the section after block_task()."),
    B25("B25", "B25", "Owner migrating to this CPU",
            "the walk proxies an owner that is task_on_rq_migrating() to this CPU, which cannot be enqueued while we hold the rq lock",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("migration/INV-P1[owner=lock_torture_wr]"),
            "Fix: resched idle and retry."),
    B27("B27", "B27", "Proxy owner pushable while a higher RT donates",
            "RT1 owner runs as proxy for RT42 but sits on the pushable list; push_rt_tasks() moves it to an idle CPU while it runs",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 locktorture.writer_fifo=1 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("migration/curr-on-two-cpus[task=lock_torture_wr]"),
            "Fix: proxy_tag_curr() (6.17), then 7.1's class schedulers never push current."),
    B28("B28", "B28", "Migration ping-pong",
            "migrating the first blocked task leaves deeper chain members behind; the donor bounces between the two runqueues",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("migration/ping-pong[donor=lock_torture_wr]", "oops/watchdog: Watchdog detected hard LOCKUP on cpu N in __schedule[]"),
            "Fix (v6): migrate the deepest blocked task; Sept 2026 migrates the whole chain."),
    B31("B31", "B31", "Return migration with DEQUEUE_SLEEP",
            "proxy_force_return() dequeues with DEQUEUE_SLEEP, so the task is not task_on_rq_migrating() until attached and a concurrent ttwu wakes it a second time",
            "migrate (7.1)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            // the second wakeup's set_task_cpu() WARN (p->on_rq && !task_on_rq_migrating(p)) sees it first since ttwu_queue() activates remote targets directly (model 8)
            // model 9: the doubled activation also shows first in rq->nr_running (derived/D2), or as the
            // kernel's oops on the corrupted tree (rb_erase() of an entity that is not in it)
            List.of("derived/D2[]", "migration/INV-P1[donor=lock_torture_wr]", "migration/curr-on-two-cpus[task=lock_torture_wr]", "warn/sched_ttwu_pending: p->on_cpu[]", "warn/set_task_cpu: queued task moved[]"),
            "Fix (v9): dequeue without DEQUEUE_SLEEP."),
    B32("B32", "B32", "Proxying a task not on our rq (replaces B43)",
            "the owner was return-migrated and enqueued elsewhere after we read task_cpu(owner); without the re-check it is run here",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.window_ns=20000",
            // the owner proxied here while task_cpu() says its own CPU: when this CPU is outside the owner's mask, INV-P3
            // reports the same switch first (model 17, seed 5: task_cpu fires at the same event)
            List.of("migration/curr-on-two-cpus[task=lock_torture_wr]", "migration/task_cpu[task=lock_torture_wr]", "migration/INV-P3[task=lock_torture_wr]"),
            "Replaces B43 (unlocked donor->blocked_on = NULL in the 6.17 proxy_deactivate() fallback): that fallback runs only for a TASK_RUNNING donor, which the model's mutex never leaves blocked on a runqueue, so the unlocked write has nothing to race with. A wider relaxed-read window (window_ns) makes the stale task_cpu() read common."),
    B35("B35", "B35", "ttwu vs find_proxy_task deadlock (replaces its ww_mutex form)",
            "a PROXY_WAKING chain member waits for its try_to_wake_up() while find_proxy_task() picks again with the rq lock held, which that ttwu needs",
            "migrate (7.1)", 2, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 proxytorture.proxy_variant=migrate",
            List.of("oops/watchdog: Watchdog detected hard LOCKUP on cpu N in __schedule[]"),
            "Fix (v13/v16): release the rq lock (proxy_force_return() / resched idle) so the wakeup completes. The reference's trigger is a ww_mutex die/wound wakeup; mutex_unlock()'s PROXY_WAKING handoff wakes the same way, and the model's ww_mutex wait-die does not yet survive reordered lock sets (see B42's note), so the entry runs on mutex_lock."),
    B42("B42", "B42", "Leftover balance callbacks on pick again",
            "find_proxy_task() returns NULL (pick again) and the aborted pick's push_rt_tasks callback stays queued for the next pick",
            "full (2026)", 4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 locktorture.writer_fifo=1 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("warn/assert_balance_callbacks_empty: rq->balance_callback set at pick_again[]"),
            "Stood in for B17 (blocked_on error paths) until model 19 modelled signals (B17's only exit was ww_mutex's -EDEADLK, B12's path). Fix: zap_balance_callbacks() before pick_again (48fda62de67a)."),
    // synthetic faults (issue 14): what a plausible patch could get wrong, written blind (not tuned to a checker);
    // each names its area, its kind and the shipped scenario where `bugs --synthetic-rate` explores past 90 s
    S01(new Synthetic("EEVDF", "counter charged to the wrong task", "PROXY01", "1s"), "Runtime charged to the donor (synthetic)",
            "update_se() charges wall time to the entity's task, the donor, instead of rq->curr: a proxied owner's runtime lands in its donor's sum_exec_runtime",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("accounting/A1[charged=lock_torture_wr, running=lock_torture_wr]"),
            "Synthetic: a counter charged to the wrong task. Before the accounting checker, no checker read sum_exec_runtime."),
    S02(new Synthetic("mutex", "flag not cleared", "PROXY01", "1s"), "MUTEX_FLAG_WAITERS left set (synthetic)",
            "__mutex_remove_waiter() does not clear the flags when the last waiter leaves: every later unlock takes the slow path and finds no one",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("derived/D1[lock=nested_mutex_key]"),
            "Synthetic: a summary bit that no longer matches the list it summarizes."),
    S03(new Synthetic("EEVDF", "counter not updated", "PROXY01", "1s"), "nr_running not decremented on sleep (synthetic)",
            "dequeue_task() forgets sub_nr_running() for DEQUEUE_SLEEP: rq->nr_running grows with every sleep, idle CPUs look busy to the balancer",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("derived/D2[]"),
            "Synthetic: a counter updated on one path and not its twin."),
    S04(new Synthetic("wakeup", "dropped re-check", "PROXY01", "1s"), "select_task_rq() without is_cpu_allowed() (synthetic)",
            "the wakeup trusts the class's CPU: after an affinity change, an idle prev CPU outside the new mask takes the woken task",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1",
            List.of("placement/P1[task=lock_torture_wr]", "placement/P1[task=torture_stutter]", "migration/INV-P3[task=lock_torture_wr]"),
            "Synthetic: a dropped re-check. select_idle_sibling() returns an idle prev without a mask test, as the kernel's does."),
    S05(new Synthetic("mutex", "dropped re-check", "PROXY08", "1s"), "mutex_lock() without the trylock after queueing (synthetic)",
            "__mutex_lock_common() queues the waiter and sets TASK_UNINTERRUPTIBLE but does not try the lock once more before schedule(): an owner whose lockless fast unlock landed between the waiter's trylock under wait_lock and its queueing saw no MUTEX_FLAG_WAITERS and woke no one",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 sched_proxy_exec=0",
            List.of("lost-wakeup/INV-P8[task=lock_torture_wr]", "deadlock/hung_task[task=lock_torture_wr]", "progress/starved[writer=lock_torture_wr]"),
            "Synthetic: a dropped re-check. The window is the kernel's: mutex_unlock()'s fast path takes no wait_lock, so it can release the lock between"
                    + " the waiter's __mutex_trylock() under wait_lock and __mutex_add_waiter() (model 16 splits that section there). The lost-wakeup checker's"
                    + " stranded rule sees the first waiter asleep on a free mutex with no unlock or queueing waiter left to wake it, at its switch-out."
                    + " Without proxy execution (sched_proxy_exec=0, PROXY08) the waiter sleeps dequeued. With it the waiter stays queued as a donor and the"
                    + " pick finds the mutex ownerless: 6.17 (single-rq) runs it and 7.1 (migrate) return-migrates it, so its wait loop takes the lock and"
                    + " the fault is harmless there; the 2026 generation (full) deactivates a first waiter of a free mutex that is not rq->curr, counting on"
                    + " the unlocker's wakeup, and strands it too (found so by bugs --synthetic-rate on the default scenario, try 1, model 16)."),
    S06(new Synthetic("mutex", "flag not cleared", "PROXY01", "1s"), "MUTEX_FLAG_PICKUP kept by the new owner (synthetic)",
            "__mutex_trylock_common() lets the handed-to waiter take the lock but keeps MUTEX_FLAG_PICKUP in the owner word",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("warn/mutex_unlock: MUTEX_FLAG_PICKUP set[]", "lock/INV-P6[lock=nested_mutex_key]"),
            "Synthetic: a flag not cleared. mutex_unlock()'s MUTEX_WARN_ON(PICKUP) and the lock checker's INV-P6 both look at the owner word."),
    S07(new Synthetic("mutex", "lock taken in the wrong order", "PROXY01", "1s"), "blocked_lock before wait_lock in mutex_lock() (synthetic)",
            "__mutex_lock_common() takes current->blocked_lock and then wait_lock, where find_proxy_task() and mutex_unlock() nest blocked_lock under wait_lock: an AB-BA between a locker and the chain walk",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("lockdep/circular-dependency[class=&p->blocked_lock, class=&mutex->wait_lock]"),
            "Synthetic: a lock order inversion. A section of the model takes its raw spinlocks at its start and never deadlocks on them (README, Locking), but lockdep is fed each raw spinlock's lock_acquire() with what the CPU holds, so the first mutex_lock() that takes blocked_lock before wait_lock, after find_proxy_task() or mutex_unlock() took them the other way, is a possible circular dependency, as the kernel's lockdep would report it."),
    S08(new Synthetic("rt_mutex", "flag not cleared early", "LOCK05", "1s"), "rt_mutex unlock drops RT_MUTEX_HAS_WAITERS (synthetic)",
            "rt_mutex_slowunlock() with waiters stores owner = NULL instead of RT_MUTEX_HAS_WAITERS: a new locker's fast-path cmpxchg takes the lock ahead of the woken top waiter, and its fast-path unlock wakes no one",
            4, "locktorture.torture_type=rtmutex_lock",
            List.of("derived/D4[lock=torture_rtmutex]", "lost-wakeup/INV-P8[task=lock_torture_wr]", "deadlock/hung_task[task=lock_torture_wr]", "progress/starved[writer=lock_torture_wr]"),
            "Synthetic: a flag dropped early. derived/D4 audits RT_MUTEX_HAS_WAITERS against the waiter tree at each audit (wait_lock free), so the next audit after such an unlock sees it, before any fast-path thief is needed."),
    S09(new Synthetic("rt_mutex", "missing update on an exit path", "LOCK05", "1s"), "rt_mutex unlock without deboost (synthetic)",
            "mark_wakeup_next_waiter() takes the top waiter out of current's pi_waiters but skips rt_mutex_adjust_prio(current): the unlocker keeps the boosted priority after it has dropped the lock",
            4, "locktorture.torture_type=rtmutex_lock",
            List.of("derived/D6[task=lock_torture_wr]"),
            "Synthetic: a missing update on an exit path. derived/D6 audits p->prio against min(p->normal_prio, the top pi waiter's prio) and reports a difference seen at two audits in a row; the kept boost outlives the 10 ms between them."),
    S10(new Synthetic("rt_mutex", "flag not cleared", "LOCK09", "1s"), "pi_blocked_on kept after taking an rt_mutex (synthetic)",
            "try_to_take_rt_mutex() dequeues the waiter but does not clear task->pi_blocked_on: a later chain walk through this task follows a lock it no longer waits for",
            4, "locktorture.torture_type=rtmutex_lock locktorture.nested_locks=8",
            List.of("lost-wakeup/INV-P8[task=lock_torture_wr]", "warn/rtmutex deadlock detected[]"),
            "Synthetic: a stale back pointer. Nested rt_mutexes (LOCK09) give the chain walk a second link."),
    S11(new Synthetic("rwsem", "off-by-one in a limit", "LOCK03", "1s"), "rwsem writer clears RWSEM_FLAG_WAITERS one waiter early (synthetic)",
            "rwsem_try_write_lock() clears RWSEM_FLAG_WAITERS when the wait list has two entries (itself and one more), not one: the remaining waiter is never woken by up_read()/up_write()",
            4, "locktorture.torture_type=rwsem_lock",
            List.of("derived/D3[lock=torture_rwsem]", "lost-wakeup/INV-P8[task=lock_torture_wr]", "lost-wakeup/INV-P8[task=lock_torture_re]"),
            "Synthetic: an off-by-one on the list length that decides the summary bit. Seen first (model 15) as lost-wakeup/INV-P8[task=lock_torture_re],"
                    + " before derived/D3's next audit: the waiter left queued, a reader, is stranded on the free rwsem the moment an up_write() that found no"
                    + " RWSEM_FLAG_WAITERS returns (bugs --seeds 5 --duration 10s: 5/5, at 7.89, 0.49, 1.37, 1.74 and 3.64 s; clean 5/5)."),
    S12(new Synthetic("rwsem", "missing wakeup", "LOCK03", "1s"), "down_read() queues without rwsem_cond_wake_waiter() (synthetic)",
            "rwsem_down_read_slowpath() adds the reader to the wait list but does not wake the queue when the lock was freed meanwhile: the readers and writers queued sleep on a free rwsem",
            4, "locktorture.torture_type=rwsem_lock locktorture.long_hold=0",
            List.of("lost-wakeup/INV-P8[task=lock_torture_wr]", "lost-wakeup/INV-P8[task=lock_torture_re]", "deadlock/hung_task[task=lock_torture_wr]", "deadlock/hung_task[task=lock_torture_re]", "progress/starved[writer=lock_torture_wr]", "progress/starved[writer=lock_torture_re]"),
            "Detected 5 of 5 (model 15): bugs --seeds 5 --duration 10s, lost-wakeup/INV-P8[task=lock_torture_wr] at 5.42, 4.05, 5.96, 5.74 and 6.19 ms"
                    + " simulated (seeds 1-5), clean 5/5: lost-wakeup's at-once rwsem rule, when the queueing reader's slow path ends with the rwsem free and a writer asleep"
                    + " at its head and no unlock or slow path left to wake it (the audit rule alone sees the same at 20 ms). The entry runs LOCK03 with long_hold=0:"
                    + " with locktorture's default 50 ms read holds few readers arrive, and the interleaving that strands a waiter (a reader's bias, between its fast"
                    + " path and its queueing, makes the last holder's up_read() skip rwsem_wake() or the woken first writer's rwsem_try_write_lock() fail; the reader"
                    + " then queues without waking anyone) came once in the five 10 s seeds (seed 1, at 8.94 s). In the 20-50 other queueings per run on a lock"
                    + " freed meanwhile the first waiter was already being woken, so the missing rwsem_cond_wake_waiter() changed nothing a checker could see."
                    + " bugs --synthetic-rate finds it by coverage exploration of LOCK03 (model 12: try 1053, 116 s)."),
    S13(new Synthetic("rwsem", "missing wakeup", "LOCK03", "1s").notDetectedYet(), "reader lock stealing does not wake the queued readers (synthetic)",
            "the reader that steals the lock in rwsem_down_read_slowpath() (rcnt == 1, waiters queued) does not rwsem_mark_wake(RWSEM_WAKE_READ_OWNED) the readers behind it",
            4, "locktorture.torture_type=rwsem_lock",
            List.of("lost-wakeup/INV-P8[task=lock_torture_re]"),
            "Not detected yet: only latency. The queued readers are woken by rwsem_wake() when the stealing reader's up_read() leaves the count at RWSEM_FLAG_WAITERS. Would need a latency bound for readers queued behind a reader-owned rwsem (the kernel's RWSEM_WAIT_TIMEOUT handoff is for writers only), i.e. a fairness checker for rw_semaphores."),
    S14(new Synthetic("percpu-rwsem", "weakened barrier", "LOCK06", "1s").notDetectedYet(), "percpu_down_read() barrier A weakened (synthetic)",
            "__percpu_down_read_trylock() uses smp_rmb() where it needs smp_mb() between this_cpu_inc() and atomic_read_acquire(&sem->block): the store-buffering shape A/D protects lets a reader and a writer both enter",
            4, "locktorture.torture_type=percpu_rwsem_lock",
            List.of("lock/rw-exclusion[lock=pcpu_rwsem]", "warn/lock_torture_reader: WARN_ON_ONCE(lock_is_write_held)[]", "warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]"),
            "Not detected yet by the catalog's seeds (3 x 3 s). bugs --synthetic-rate finds it by coverage exploration of LOCK06 (locktorture's WARN_ON_ONCE(lock_is_write_held) in a reader, try 1875, 137 s): the reader's inc must still be in its store buffer when the writer sums, within window_ns. Would need the lock checker to be told of percpu readers at the this_cpu_inc() rather than at lock_acquired, or a wider window (proxytorture.window_ns) in the scenario."),
    S15(new Synthetic("percpu-rwsem", "missing wakeup in an error path", "LOCK06", "1s").notDetectedYet(), "percpu reader sleeps without prodding the writer (synthetic)",
            "percpu_rwsem_wait()'s trylock under waiters.lock fails (inc, dec) and the reader goes to sleep without rcuwait_wake_up(&sem->writer): a writer that summed the counts during the inc sleeps on",
            4, "locktorture.torture_type=percpu_rwsem_lock",
            List.of("lost-wakeup/INV-P8[task=lock_torture_wr]", "lost-wakeup/INV-P8[task=lock_torture_re]", "deadlock/hung_task[task=lock_torture_wr]", "deadlock/hung_task[task=lock_torture_re]", "progress/starved[writer=lock_torture_wr]", "progress/starved[writer=lock_torture_re]"),
            "Not detected yet by the catalog's seeds (3 x 3 s). bugs --synthetic-rate finds it by coverage exploration of LOCK06 (deadlock/hung_task of a reader, try 92, 97 s; the writer's hung task is also reported there without a fault, the reader's was not). Would need a lost-wakeup rule for the rcuwait writer when the per-CPU sum is zero and a reader sleeps on waiters (the current rule tests the writer only when it is the one draining)."),
    S16(new Synthetic("EEVDF", "counter not updated", "PROXY09", "1s"), "reweight_entity() leaves a queued entity in the tree (synthetic)",
            "reweight_entity() changes a queued entity's weight in place instead of taking it out of the tree and putting it back: sum_w_vruntime and sum_weight keep its old weight",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.rt_boost=0 proxytorture.writer_cpu_max=50000,100000 proxytorture.throttle_model=task",
            List.of("eevdf/E1[cfs_rq=/]", "oops/BUG: kernel NULL pointer dereference in pick_next_entity[]"),
            "Synthetic: a summary not updated. Group entities are reweighted by update_cfs_group(): the writers' task group (PROXY09) makes that happen."),
    S17(new Synthetic("EEVDF", "flag not cleared", "PROXY01", "1s"), "a delayed entity woken in place stays sched_delayed (synthetic)",
            "requeue_delayed_entity() clears sched_delayed only when DELAY_ZERO re-places the entity: one woken in place keeps the flag and is dequeued again at its next pick",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("eevdf/E4-task[task=lock_torture_wr]", "eevdf/E4-task[task=torture_shuffle]", "eevdf/E4[task=lock_torture_wr]", "deadlock/hung_task[task=lock_torture_wr]", "lost-wakeup/INV-P8[task=lock_torture_wr]", "progress/starved[writer=lock_torture_wr]"),
            "Synthetic: a flag cleared on one branch only. The delayed entity may be any fair task: at model 20 one seed in five saw it first in torture_shuffle."),
    S18(new Synthetic("EEVDF", "off-by-one in a limit", "PROXY01", "1s"), "PLACE_LAG's load without the running entity (synthetic)",
            "place_entity() inflates the lag by (W + w_i) / W with W = the tree's sum_weight only, leaving out cfs_rq->curr: entities woken on a busy CPU are placed with too much lag",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("warn/place_entity: !load[]"),
            "Synthetic: a term dropped from a sum."),
    S19(new Synthetic("RT", "dropped re-check", "PROXY06", "1s"), "push_rt_task() does not re-validate next_task (synthetic)",
            "after double_lock_balance() dropped and re-took the rq lock, push_rt_task() checks only that next_task may run on lowest_rq, not that it is still this rq's next pushable task: a task that has since run, migrated or blocked is moved",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.shuffle_interval=1 locktorture.writer_fifo=1 locktorture.rt_boost=2 locktorture.rt_boost_factor=2",
            List.of("migration/curr-on-two-cpus[task=lock_torture_wr]", "migration/task_cpu[task=lock_torture_wr]"),
            "Synthetic: the classic dropped re-check after a lock drop. The catalog's runs shuffle every second (more pushes after"
                    + " affinity changes): with the default 3 s, model 13's seed 5 found it only at 13.8 s, past the 10 s runs; with 1 s, seeds 1-5 in 0.4-3.1 s."),
    S20(new Synthetic("RT", "flag not cleared", "PROXY06", "1s"), "dequeue_pushable_task() leaves the on-list marker (synthetic)",
            "the task leaves rq->rt.pushable_tasks but its marker says it is still on it: enqueue_pushable_task() then skips it, so it is never pushable again and no idle CPU pulls it",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.writer_fifo=1 locktorture.rt_boost=2 locktorture.rt_boost_factor=2",
            List.of("derived/D5[task=lock_torture_wr]"),
            "Synthetic: a flag not cleared. derived/D5 audits each task's pushable_tasks node against the rq's list, so the first dequeue that leaves the marker is reported at the next audit."),
    S21(new Synthetic("RT", "dropped re-check", "PROXY06", "1s"), "pull_rt_task() pulls a task outside its mask (synthetic)",
            "pick_highest_pushable_task() drops task_is_pushable()'s cpumask test: pull_rt_task() moves a pushable task to a CPU outside its cpus_mask",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.writer_fifo=1 locktorture.rt_boost=2 locktorture.rt_boost_factor=2 locktorture.shuffle_interval=1",
            List.of("migration/INV-P3[task=lock_torture_wr]", "placement/P1[task=lock_torture_wr]"),
            "Synthetic: a dropped mask test. torture_shuffle's affinity changes give the RT writers masks."),
    S22(new Synthetic("wakeup", "weakened barrier", "PROXY01", "1s").notDetectedYet(), "try_to_wake_up() without smp_mb__after_spinlock() (synthetic)",
            "the full barrier after raw_spin_lock_irqsave(&p->pi_lock) is dropped: the waker's store of the wake condition may trail its loads of p->__state, p->on_rq and p->on_cpu",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("lost-wakeup/INV-P8[task=lock_torture_wr]"),
            "Not detected yet, and no checker can see it under tso: raw_spin_lock(&p->pi_lock) is a locked operation that already drains the store buffer, and p->__state, the wake condition, is read exactly (README, Memory model). Would need the arm64 model to reach this path (the barrier also orders the loads after it) with p->__state and the wait condition as shared words, or a litmus test of the ttwu / set_current_state() store-buffering shape."),
    S23(new Synthetic("wakeup", "stale cached CPU", "PROXY01", "1s"), "stale wake_cpu after a wakeup in place (synthetic)",
            "ttwu_queue() for a wakeup whose target is task_cpu(p) does not update p->wake_cpu: a proxy-migrated donor keeps the wake_cpu of a CPU it left",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("placement/P2[task=lock_torture_wr]"),
            "Synthetic: a stale cached CPU."),
    S24(new Synthetic("wakeup", "dropped re-check", "PROXY11", "3s").notDetectedYet(), "ttwu_queue_cond() without cpu_active() (synthetic)",
            "the wake list is used for a CPU that is going down: a wakeup is queued on a dying CPU after balance_push() emptied it",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1 locktorture.onoff_interval=1 locktorture.onoff_holdoff=1",
            List.of("lost-wakeup/INV-P8[task=lock_torture_wr]", "deadlock/hung_task[task=lock_torture_wr]"),
            "Not detected yet: the other guards cover it. select_task_rq() returns only active CPUs for a user task, and a task still on_cpu on a dying CPU that is queued on its wake list is pushed away by balance_push(); stop_machine() runs only when no wakeup is pending there (Hotplug.vacated()). Coverage of PROXY11 for 10 min saw only deadlock/hung_task, which its short tries also report without the fault. Would need a check at ttwu_queue() that the target CPU is active (the kernel has none), or an IPI to an offline CPU (the kernel's smp_call_function WARN)."),
    S25(new Synthetic("hotplug", "stale cached CPU", "PROXY11", "3s").notDetectedYet(), "timers migrated to the dying CPU (synthetic)",
            "hrtimers_cpu_dying() picks the new CPU from a copy of cpu_online_mask taken before __cpu_disable(): when the dying CPU is the first online one, its sleep timers stay on it and never fire",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1 locktorture.onoff_interval=1 locktorture.onoff_holdoff=1",
            List.of("lost-wakeup/INV-P8[task=lock_torture_wr]", "lost-wakeup/INV-P8[task=torture_shutdown]", "deadlock/hung_task[task=lock_torture_wr]", "progress/starved[writer=lock_torture_wr]"),
            "Not detected yet by default exploration. The lost-wakeup timer rule sees it when it happens (scripts/torture --configs 3*PROXY11 --duration 10s --bootargs proxytorture.inject=S25: seeds 1 and 3, INV-P8 of torture_shutdown, whose timer stayed on the dead CPU), but it needs the dying CPU to be the lowest online one while a long sleeper's timer is queued there, and a 3 s PROXY11 try makes two hotplug operations (holdoff 1 s, then one a second): 0 of 8 seeds at 3 s, 0 of 220 explore tries. (The migration/ping-pong those tries reported was a false alarm of that checker, fixed.) Would need longer hotplug tries, or torture_onoff on fewer CPUs."),
    S26(new Synthetic("hotplug", "dropped re-check", "PROXY11", "3s"), "balance_hotplug_wait() sleeps without testing (synthetic)",
            "sched_cpu_wait_empty() sleeps in TASK_UNINTERRUPTIBLE without testing its condition first: if balance_push() already emptied the CPU, nobody wakes the hotplug control task",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1 locktorture.onoff_interval=1 locktorture.onoff_holdoff=1",
            List.of("lost-wakeup/INV-P8[task=torture_onoff]", "deadlock/hung_task[task=torture_onoff]"),
            "Synthetic: the rcuwait_wait_event() condition check dropped before the first sleep."),
    S27(new Synthetic("CFS bandwidth", "off-by-one in a limit", "PROXY09", "1s"), "distribution tops runtime up to 0 (synthetic)",
            "distribute_cfs_runtime() gives a throttled cfs_rq -runtime_remaining, not -runtime_remaining + 1: it is left at exactly 0, not positive, so it is not unthrottled until a later period",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.rt_boost=0 proxytorture.writer_cpu_max=50000,100000 proxytorture.throttle_model=task",
            // the progress window is scaled by cpu.max (half a CPU: twice as long), and before it ends the fault
            // usually shows as a hard lockup of one CPU (bugs --only S27 --seeds 5: 4 of 5; without the fault 5/5 pass)
            List.of("progress/starved[writer=lock_torture_wr]", "deadlock/hung_task[task=lock_torture_wr]", "deadlock/hung_task[task=torture_shuffle]",
                    "lost-wakeup/INV-P8[task=lock_torture_wr]", "deadlock/hard-lockup[cpus=1]"),
            "Synthetic: an off-by-one at the boundary between throttled and runnable."),
    S28(new Synthetic("CFS bandwidth", "flag not cleared", "PROXY09", "1s"), "limbo tasks keep their throttle_node (synthetic)",
            "tg_unthrottle_up() moves the limbo list away and re-enqueues each task without re-initialising p->throttle_node (list_del(), not list_del_init()): a later throttle of the same task finds it still listed",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1 locktorture.rt_boost=0 proxytorture.writer_cpu_max=50000,100000 proxytorture.throttle_model=task",
            List.of("warn/throttle_cfs_rq_work: p->throttled || !list_empty(&p->throttle_node)[]"),
            "Synthetic: list_del() where list_del_init() was needed; the kernel's own WARN_ON_ONCE(!list_empty(&p->throttle_node)) looks at it."),
    S29(new Synthetic("proxy", "flag not cleared", "PROXY01", "1s").notDetectedYet(), "blocked_donor not cleared at the handoff (synthetic)",
            "mutex_unlock() hands the lock to current->blocked_donor but leaves blocked_donor set: every later unlock by this task forces a handoff (to the first waiter) though no donor boosted it",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("fairness/first-waiter-starved[waiter=lock_torture_wr]"),
            "Not detected yet, and arguably not a bug the kernel could show: the 2026 unlock itself tolerates a stale blocked_donor (it hands the lock to it only if it is still blocked on this lock, else to the first waiter), and a forced handoff to the first waiter is what a starving waiter's MUTEX_FLAG_HANDOFF does; the only effect is fewer optimistic steals until the task is next picked as a donor (__schedule() clears blocked_donor). No invariant of the kernel's is broken, so no audit can see it; only a throughput comparison (acquisitions by spinners) would."),
    S30(new Synthetic("proxy", "stale cached CPU", "PROXY01", "1s"), "re-activated donor keeps the owner's CPU as wake_cpu (synthetic)",
            "the sleeping-owner series re-activates a parked donor on the CPU where its owner woke, and set_task_cpu() there overwrites wake_cpu: the donor's home becomes the owner's CPU and it is never return-migrated",
            4, "locktorture.torture_type=mutex_lock locktorture.nested_locks=4 torture.random_shuffle=1",
            List.of("placement/P3[task=lock_torture_wr]", "placement/P2[task=lock_torture_wr]"),
            "Synthetic: a stale cached CPU. placement/P3 keeps the checker's own record of where the kernel last placed each task (any migration but a donor's proxy_set_task_cpu()), so a donor woken in place on its owner's CPU is seen though task_cpu(p) == p->wake_cpu."),
    ;

    /**
     * What a synthetic entry adds: the area of the kernel it is in, the kind of mistake, and the
     * shipped scenario (torture-scenarios/configs/lock) with the run length that
     * {@code bugs --synthetic-rate} explores after the default scenario's 90 s. An entry declared
     * {@link #notDetectedYet()} is one the measurement did not find: {@code bugs} reports it as a
     * known miss and BugCatalogTest asserts that it is still missed, so that a checker that starts
     * catching it forces the catalog to be updated; its note says what would have had to exist.
     */
    public record Synthetic(String area, String kind, String scenario, String duration, boolean missed) {
        Synthetic(String area, String kind, String scenario, String duration) {
            this(area, kind, scenario, duration, false);
        }

        /** Declared not detected yet (see the entry's note). */
        Synthetic notDetectedYet() {
            return new Synthetic(area, kind, scenario, duration, true);
        }
    }

    /** Whether the entry is synthetic (Snn): a plausible fault, not a reported bug. */
    public boolean synthetic() {
        return synthetic != null;
    }

    /** The synthetic entry's area, kind and scenario, or null for a real bug. */
    public final Synthetic synthetic;

    /** Declared not detected yet: a known miss, not counted as caught. */
    public boolean notDetectedYet() {
        return synthetic != null && synthetic.missed();
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
    /** The scenario's command line (without the fault). */
    public final BootArgs bootargs;
    /** The failure identities expected to fire first, exactly (roles included). */
    public final List<Identity> expected;
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
        this.bootargs = BootArgs.parse(bootargs); // the catalog's text is an edge
        this.expected = exact(expected);
        this.note = note;
        this.synthetic = null;
    }

    /** A synthetic entry: its own fault, any generation. */
    BugCatalog(Synthetic synthetic, String title, String story, int cpus, String bootargs, List<String> expected, String note) {
        this.id = name();
        this.fault = name();
        this.title = title;
        this.story = story;
        this.generation = "any";
        this.cpus = cpus;
        this.bootargs = BootArgs.parse(bootargs); // the catalog's text is an edge
        this.expected = exact(expected);
        this.note = note;
        this.synthetic = synthetic;
    }

    /** Each written in full, checker/invariant[roles]: an entry names the failures it accepts, not a family. */
    private static List<Identity> exact(List<String> texts) {
        List<Identity> out = new java.util.ArrayList<>();
        for (String t : texts) {
            if (!t.endsWith("]")) throw new IllegalArgumentException("a catalog identity names its roles: " + t);
            out.add(Identity.parse(t));
        }
        return List.copyOf(out);
    }

    /** The scenario's command line, with the fault injected if {@code inject} (lock_busted: its torture type). */
    public BootArgs commandLine(boolean inject) {
        if (!inject) return bootargs;
        if (this == LOCK_BUSTED) return bootargs.with("locktorture.torture_type", "lock_busted");
        return fault == null ? bootargs : bootargs.with("proxytorture.inject", fault);
    }

    /** The proxytorture.inject value, or null (lock_busted is a torture type, not a kernel fault). */
    public String fault() {
        return fault;
    }

    /** Whether a failure is one this entry expects: one of its identities, exactly. */
    public boolean matches(Identity identity) {
        return identity != null && expected.contains(identity);
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
