package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.WakeQ;

/**
 * down_read() -> __down_read_common(), TASK_UNINTERRUPTIBLE:
 * <pre>
 * FAST    preempt_disable(); rwsem_read_trylock(): count += RWSEM_READER_BIAS; done unless a
 *         writer, waiters or a handoff are there; else rwsem_down_read_slowpath(): reader lock
 *         stealing unless the lock is very likely reader-owned (then the first reader wakes
 *         the other queued readers)
 * QUEUE   [wait_lock] an empty queue and no writer: keep the bias, done; else queue (FIFO),
 *         drop the bias, rwsem_cond_wake_waiter()
 *           -- interleaving point: wait_lock dropped; wake_up_q() --
 * SLEEP   set_current_state(); until rwsem_mark_wake() granted the lock (waiter.task == NULL),
 *         schedule() (off the runqueue)
 * </pre>
 */
public final class RwSemDownReadFrame extends KFrame {
    private static final int FAST = 0, STEAL_WAKE = 1, QUEUE = 2, WAKE = 3, SLEEP = 4;
    private final RwSemaphore sem;
    private int pc = FAST;
    private int afterWake;
    private RwSemaphore.Waiter waiter;
    private final WakeQ wakeQ = new WakeQ();

    public RwSemDownReadFrame(RwSemaphore sem) {
        this.sem = sem;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                p.preemptCount++;
                sem.count += RwSemaphore.RWSEM_READER_BIAS;
                long cnt = sem.count;
                if ((cnt & RwSemaphore.RWSEM_READ_FAILED_MASK) == 0) {
                    sem.setReaderOwned(p);
                    return acquired(core, cpu, p);
                }
                // rwsem_down_read_slowpath()
                long rcnt = cnt >> RwSemaphore.RWSEM_READER_SHIFT;
                boolean likelyReaderOwned = sem.readerOwned && rcnt > 1 && (cnt & RwSemaphore.RWSEM_WRITER_LOCKED) == 0;
                if (!likelyReaderOwned && (cnt & (RwSemaphore.RWSEM_WRITER_LOCKED | RwSemaphore.RWSEM_FLAG_HANDOFF)) == 0) {
                    sem.setReaderOwned(p); // reader optimistic lock stealing
                    core.coverage.hit("rwsem_rlock_steal");
                    // S13 (inject): the reader that steals the lock does not wake the readers queued behind it
                    if (rcnt == 1 && (cnt & RwSemaphore.RWSEM_FLAG_WAITERS) != 0 && !core.faults.s13) {
                        pc = STEAL_WAKE;
                        return NEXT;
                    }
                    return acquired(core, cpu, p);
                }
                pc = QUEUE;
                return NEXT;
            }
            case STEAL_WAKE -> { // the first reader wakes up the other queued readers
                if (!cpu.lock(sem.waitLock)) return SPIN;
                cpu.cost(core.costs.section());
                if (!sem.waitList.isEmpty()) sem.markWake(RwSemaphore.WakeType.RWSEM_WAKE_READ_OWNED, wakeQ);
                if (wakeQ.isEmpty()) return acquired(core, cpu, p);
                return wake(-1);
            }
            case QUEUE -> {
                if (!cpu.lock(sem.waitLock)) return SPIN;
                cpu.cost(core.costs.section());
                long adjustment = -RwSemaphore.RWSEM_READER_BIAS;
                if (sem.waitList.isEmpty()) {
                    if ((sem.count & RwSemaphore.RWSEM_WRITER_MASK) == 0) { // our bias is already in the count
                        sem.setReaderOwned(p);
                        return acquired(core, cpu, p);
                    }
                    adjustment += RwSemaphore.RWSEM_FLAG_WAITERS;
                }
                waiter = new RwSemaphore.Waiter(p, false, sem.waitTimeout());
                sem.waitList.add(waiter); // rwsem_add_waiter()
                sem.count += adjustment;
                sem.contentions++;
                core.trace.lockContended(core.now(), cpu.id, p, sem);
                // S12 (inject): no rwsem_cond_wake_waiter() after queueing: a lock freed meanwhile wakes no one
                if (!core.faults.s12) sem.condWakeWaiter(sem.count, wakeQ);
                if (wakeQ.isEmpty()) return queued(core, cpu, p);
                return wake(SLEEP);
            }
            case WAKE -> {
                int r = wakeQ.wakeOne(cpu);
                if (r == SPIN) return SPIN;
                if (r == WakeQ.MORE) return NEXT;
                if (afterWake < 0) return acquired(core, cpu, p);
                return queued(core, cpu, p);
            }
            default -> { // SLEEP: set_current_state(); if (!smp_load_acquire(&waiter.task)) break; schedule_preempt_disabled()
                cpu.cost(core.costs.atomic());
                p.state = TaskState.TASK_UNINTERRUPTIBLE;
                core.mem.smpMb(cpu.id); // set_current_state(): smp_store_mb()
                if (core.mem.loadAcquire(cpu.id, waiter.granted) != 0) { // !smp_load_acquire(&waiter.task)
                    p.state = TaskState.TASK_RUNNING;
                    return acquired(core, cpu, p);
                }
                return SCHEDULE;
            }
        }
    }

    /** wake_up_q() (not empty) after wait_lock is dropped, then {@code then} (-1: acquired; SLEEP: {@link #queued} first). */
    private int wake(int then) {
        afterWake = then;
        pc = WAKE;
        return NEXT;
    }

    /** trace_contention_begin(): queued, and rwsem_cond_wake_waiter()'s wakeups issued; then SLEEP. */
    private int queued(Core core, Cpu cpu, Task p) {
        core.trace.lockWakeupsIssued(core.now(), cpu.id, p, sem);
        pc = SLEEP;
        return NEXT;
    }

    private int acquired(Core core, Cpu cpu, Task p) {
        p.preemptCount--;
        sem.acquisitions++;
        p.lockdepDepth++; // lock_acquired()
        core.trace.lockAcquired(core.now(), cpu.id, p, sem);
        return DONE;
    }

    @Override
    public String describe() {
        return "down_read(" + sem.name + ")";
    }
}
