package org.proxytorture.kernel.locking;

import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.cpu.SpinWaiters;
import org.proxytorture.kernel.sched.Task;

/**
 * read_lock() -> queued_read_lock(), with preemption disabled throughout:
 * <pre>
 * FAST    preempt_disable(); cnts += _QR_BIAS; done unless a writer holds or waits (_QW_WMASK)
 * SLOW    queued_read_lock_slowpath(): cnts -= _QR_BIAS; arch_spin_lock(&amp;wait_lock): take it,
 *         or join its MCS queue and spin on this CPU's node
 * QUEUED  spinning in the wait_lock queue until at its head with wait_lock free
 * HEAD    [wait_lock] cnts += _QR_BIAS; spin until no writer holds it (_QW_LOCKED clear: a
 *         waiting writer cannot be there, it would hold wait_lock); arch_spin_unlock(&amp;wait_lock)
 * </pre>
 */
public final class RwLockReadFrame extends KFrame {
    private static final int FAST = 0, SLOW = 1, QUEUED = 2, HEAD = 3, SPIN_CNTS = 4;
    private final RwLock lock;
    private int pc = FAST;
    /** This CPU's MCS node in wait_lock's queue. */
    private final SpinWaiters node = new SpinWaiters();

    public RwLockReadFrame(RwLock lock) {
        this.lock = lock;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        Core core = cpu.core();
        switch (pc) {
            case FAST -> {
                cpu.cost(core.costs.atomic());
                p.preemptCount++; // preempt_disable()
                lock.setCnts(lock.cnts + RwLock._QR_BIAS); // atomic_add_return_acquire()
                if ((lock.cnts & RwLock._QW_WMASK) == 0) return acquired(core, cpu, p);
                pc = SLOW; // the slowpath will decrement the reader count
                return NEXT;
            }
            case SLOW -> {
                cpu.cost(core.costs.atomic());
                lock.setCnts(lock.cnts - RwLock._QR_BIAS);
                lock.contentions++;
                core.coverage.hit("queued_read_lock_slowpath");
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
                lock.setCnts(lock.cnts + RwLock._QR_BIAS);
                pc = SPIN_CNTS;
                return writerGone(core, cpu, p);
            }
            default -> { // SPIN_CNTS: atomic_cond_read_acquire(&lock->cnts, !(VAL & _QW_LOCKED))
                cpu.cost(core.costs.spinPoll());
                return writerGone(core, cpu, p);
            }
        }
    }

    /** The reader count is in; it holds the lock once the writer's locked byte clears. wait_lock held. */
    private int writerGone(Core core, Cpu cpu, Task p) {
        if ((lock.cnts & RwLock._QW_LOCKED) != 0) {
            lock.cntsWaiters.add(cpu);
            return SPIN_WAIT;
        }
        lock.waitLock.unlock(); // signal the next one in queue to become queue head
        return acquired(core, cpu, p);
    }

    private int acquired(Core core, Cpu cpu, Task p) {
        lock.acquisitions++;
        p.lockdepDepth++; // lock_acquired()
        core.trace.lockAcquired(core.now(), cpu.id, p, lock);
        return DONE;
    }

    @Override
    public String describe() {
        return "read_lock(" + lock.name + ")";
    }
}
