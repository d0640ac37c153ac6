package org.proxytorture.torture;

import org.proxytorture.kernel.locking.Mutex;
import org.proxytorture.kernel.locking.MutexLockFrame;
import org.proxytorture.kernel.locking.MutexUnlockFrame;
import org.proxytorture.kernel.locking.WwAcquireCtx;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.Task;

/**
 * locktorture's torture_ww_mutex_lock(): ww_acquire_init(), then ww_mutex_lock() the three
 * ww_mutexes in list order; on -EDEADLK unlock those held (in reverse), ww_mutex_lock_slow() the
 * contended one, move it to the head of the list and go on from there.
 */
final class WwTortureLockFrame extends KFrame {
    private static final int INIT = 0, LOCK = 1, CHECK = 2, BACKOFF = 3, SLOW = 4, SLOW_DONE = 5;
    private final Mutex[] locks;
    private final WwAcquireCtx ctx;
    /** The reorder list: list_add() of locks 0, 1, 2 gives 2, 1, 0. */
    private final int[] list;
    private int i;
    private int back;
    private int pc = INIT;
    private MutexLockFrame pending;

    WwTortureLockFrame(Mutex[] locks, WwAcquireCtx ctx) {
        this(locks, ctx, 0);
    }

    /** With proxytorture.ww_reorder, the list starts rotated by {@code rotate} (stress_reorder's own order per thread). */
    WwTortureLockFrame(Mutex[] locks, WwAcquireCtx ctx, int rotate) {
        this.locks = locks;
        this.ctx = ctx;
        this.list = new int[locks.length];
        for (int k = 0; k < locks.length; k++) list[k] = (locks.length - 1 - k + rotate) % locks.length;
    }

    @Override
    public int step(Cpu cpu, Task p) {
        cpu.cost(cpu.core().costs.insn());
        switch (pc) {
            case INIT -> {
                ctx.init();
                i = 0;
                pc = LOCK;
                return NEXT;
            }
            case LOCK -> {
                if (i == list.length) return DONE;
                pending = new MutexLockFrame(locks[list[i]], ctx);
                p.push(pending);
                pc = CHECK;
                return CALL;
            }
            case CHECK -> {
                if (pending.result == 0) {
                    i++;
                    pc = LOCK;
                    return NEXT;
                }
                if (pending.result != MutexLockFrame.EDEADLK) throw new IllegalStateException("ww_mutex_lock: " + pending.result);
                back = i - 1; // list_for_each_entry_continue_reverse(): unlock what we hold
                pc = BACKOFF;
                return NEXT;
            }
            case BACKOFF -> {
                if (back < 0) {
                    pc = SLOW;
                    return NEXT;
                }
                p.push(new MutexUnlockFrame(locks[list[back--]]));
                return CALL;
            }
            case SLOW -> {
                pending = new MutexLockFrame(locks[list[i]], ctx); // ww_mutex_lock_slow(): acquired == 0, cannot die
                p.push(pending);
                pc = SLOW_DONE;
                return CALL;
            }
            default -> {
                // list_move(&ll->link, &list): the contended lock goes first; go on after it
                int ll = list[i];
                System.arraycopy(list, 0, list, 1, i);
                list[0] = ll;
                i = 1;
                pc = LOCK;
                return NEXT;
            }
        }
    }

    @Override
    public String describe() {
        return "torture_ww_mutex_lock()";
    }
}
