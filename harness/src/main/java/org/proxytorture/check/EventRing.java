package org.proxytorture.check;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.kernel.sched.Trace;

/**
 * The last tracepoints before a violation, kept in fixed arrays (no allocation per event) and
 * rendered only when a violation is reported.
 */
final class EventRing implements Trace.Listener {
    private final int size;
    private final long[] time;
    private final int[] cpu;
    private final Object[] kind; // a tracepoint name, or a ProxyEvent (printed by its text)
    private final Task[] a;
    private final Task[] b;
    private final Object[] extra;
    private long n;

    EventRing(int size) {
        this.size = size;
        time = new long[size];
        cpu = new int[size];
        kind = new Object[size];
        a = new Task[size];
        b = new Task[size];
        extra = new Object[size];
    }

    private void add(long t, int c, Object k, Task x, Task y, Object e) {
        int i = (int) (n++ % size);
        time[i] = t;
        cpu[i] = c;
        kind[i] = k;
        a[i] = x;
        b[i] = y;
        extra[i] = e;
    }

    @Override
    public void schedSwitch(long now, int c, Task prev, int prevState, Task next) {
        add(now, c, "sched_switch", prev, next, TaskState.letter(prevState));
    }

    @Override
    public void schedWaking(long now, int c, Task p, int targetCpu) {
        add(now, c, "sched_waking", p, null, targetCpu);
    }

    @Override
    public void schedWakeup(long now, int c, Task p) {
        add(now, c, "sched_wakeup", p, null, null);
    }

    @Override
    public void schedMigrateTask(long now, Task p, int orig, int dest) {
        add(now, dest, "sched_migrate_task", p, null, orig + "->" + dest);
    }

    @Override
    public void lockContended(long now, int c, Task p, Lock lock) {
        add(now, c, "contention_begin", p, null, lock);
    }

    @Override
    public void lockAcquired(long now, int c, Task p, Lock lock) {
        add(now, c, "lock_acquired", p, null, lock);
    }

    @Override
    public void lockReleased(long now, int c, Task p, Lock lock) {
        add(now, c, "lock_release", p, null, lock);
    }

    @Override
    public void warn(long now, int c, String what) {
        add(now, c, "WARNING", null, null, what);
    }

    @Override
    public void affinityChanged(long now, Task p, org.proxytorture.kernel.sched.CpuMask mask) {
        add(now, p.cpu, "sched_setaffinity", p, null, mask);
    }

    @Override
    public void proxy(long now, int c, ProxyEvent event, Task donor, Task task) {
        add(now, c, event, donor, task, null);
    }

    /** The last {@code max} events, oldest first, one line each with fixed columns. */
    List<String> last(int max) {
        List<String> out = new ArrayList<>();
        long from = Math.max(0, n - Math.min(max, size));
        for (long k = from; k < n; k++) {
            int i = (int) (k % size);
            StringBuilder sb = new StringBuilder(String.format("[%5d.%06d] cpu%-2d %-22s", time[i] / 1_000_000_000L,
                    time[i] / 1000 % 1_000_000, cpu[i], kind[i]));
            if (a[i] != null) sb.append(' ').append(a[i]);
            if (b[i] != null) sb.append(' ').append(b[i]);
            if (extra[i] != null) sb.append(' ').append(extra[i]);
            out.add(sb.toString());
        }
        return out;
    }
}
