package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.SpinWaiters;
import org.proxytorture.kernel.sched.Task;

/**
 * write_lock() -> queued_write_lock(), with preemption disabled throughout:
 * <pre>
 * FAST    preempt_disable(); cmpxchg cnts 0 -> _QW_LOCKED
 * SLOW    queued_write_lock_slowpath(): arch_spin_lock(&amp;wait_lock): take it, or join its MCS
 *         queue and spin on this CPU's node
 * QUEUED  spinning in the wait_lock queue until at its head with wait_lock free
 * HEAD    [wait_lock] no reader or writer: cnts = _QW_LOCKED, done; else cnts |= _QW_WAITING
 *         (new readers now queue behind us), then spin until cnts == _QW_WAITING (the readers
 *         drained, a fast-path writer left) and cmpxchg it to _QW_LOCKED; arch_spin_unlock()
 * </pre>
 */
public final class RwLockWriteFrame extends KFrame {
    private static final int FAST = 0, SLOW = 1, QUEUED = 2, HEAD = 3, SPIN_CNTS = 4;
    private final RwLock lock;
    private int pc = FAST;
    /** This CPU's MCS node in wait_lock's queue. */
    private final SpinWaiters node = new SpinWaiters();

    public RwLockWriteFrame(RwLock lock) {
        this.lock = lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                p.preemptCount++; // preempt_disable()
                core.warnOnce(lock.owner == p, "BUG: rwlock recursion on CPU#" + cpu.id + ", " + p.comm + " (" + lock.name + ")");
                if (lock.cnts == 0) { // atomic_try_cmpxchg_acquire(&lock->cnts, &cnts, _QW_LOCKED)
                    lock.setCnts(RwLock._QW_LOCKED);
                    return acquired(core, cpu, p);
                }
                pc = SLOW;
                return NEXT;
            }
            case SLOW -> {
                cpu.cost(core.costs.atomic());
                lock.contentions++;
                core.coverage.hit("queued_write_lock_slowpath");
                core.trace.lockContended(core.now(), cpu.id, p, lock); // trace_contention_begin()
                if (lock.waitLock.tryLockFast(p)) {
                    pc = HEAD;
                    return NEXT;
                }
                lock.waitLock.enqueue(node, cpu);
                pc = QUEUED;
                return SPIN_WAIT;
            }
            case QUEUED -> {
                cpu.cost(core.costs.spinPoll());
                if (!lock.waitLock.tryLockQueued(p, node, cpu)) return SPIN_WAIT;
                pc = HEAD;
                return NEXT;
            }
            case HEAD -> { // wait_lock held
                cpu.cost(core.costs.atomic());
                if (lock.cnts == 0) { // try to acquire the lock directly if no reader is present
                    lock.setCnts(RwLock._QW_LOCKED);
                    lock.waitLock.unlock();
                    return acquired(core, cpu, p);
                }
                lock.setCnts(lock.cnts | RwLock._QW_WAITING); // notify readers that a writer is pending
                pc = SPIN_CNTS;
                lock.cntsWaiters.add(cpu);
                return SPIN_WAIT;
            }
            default -> { // SPIN_CNTS: atomic_cond_read_relaxed(&lock->cnts, VAL == _QW_WAITING), then cmpxchg
                cpu.cost(core.costs.spinPoll());
                if (lock.cnts != RwLock._QW_WAITING) {
                    lock.cntsWaiters.add(cpu);
                    return SPIN_WAIT;
                }
                lock.setCnts(RwLock._QW_LOCKED);
                lock.waitLock.unlock();
                return acquired(core, cpu, p);
            }
        }
    }

    private int acquired(Core core, Cpu cpu, Task p) {
        lock.owner = p; // debug_write_lock_after()
        lock.acquisitions++;
        p.lockdepDepth++; // lock_acquired()
        core.trace.lockAcquired(core.now(), cpu.id, p, lock);
        return DONE;
    }

    @Override
    public String describe() {
        return "write_lock(" + lock.name + ")";
    }
}
