package org.proxytorture.trace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.TreeMap;
import org.proxytorture.kernel.locking.Lock;
import org.proxytorture.kernel.sched.ProxyEvent;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.Trace;
import org.proxytorture.sim.ChoiceSource;

/**
 * The ftrace ring buffer of a run, in overwrite mode: the last {@code entries} tracepoints in
 * fixed primitive arrays (no allocation per event), decoded into {@link TraceEvent}s only by
 * {@link #snapshot()} after the run. Off unless installed: a run without a recorder pays nothing.
 *
 * <p>Use: {@code ChoiceSource c = rec.wrap(choices)} before the machine is built (to note forced
 * choices), {@code rec.install(core)} before the first task is woken, run, {@code rec.snapshot()}.
 * Reads only: installing it changes neither the run nor its event hash.
 */
public final class TraceRecorder implements Trace.Listener {
    /** Default ring size, in events (about 30 MB). */
    public static final int DEFAULT_ENTRIES = 1 << 20;

    private static final byte SWITCH = 0, WAKING = 1, WAKEUP = 2, MIGRATE = 3, CONTENDED = 4, ACQUIRED = 5,
            RELEASED = 6, PROXY = 7;

    private final int size;
    private final long[] time;
    private final byte[] kind;
    private final short[] cpu;
    private final int[] common;
    private final int[] a;
    private final int[] b;
    private final short[] aPrio;
    private final short[] bPrio;
    /** prev_state (bit 31: preempt), target CPU, orig << 16 | dest, lock id or proxy event id. */
    private final int[] arg;
    /** Forced choices taken since the previous event (saturating). */
    private final short[] forcedBefore;
    private long n;

    /** pid -> the task as first seen. */
    private final List<TaskRef> tasks = new ArrayList<>();
    /** Lock ids by identity, for lookups only (names kept in first-seen order). */
    private final IdentityHashMap<Lock, Integer> lockIds = new IdentityHashMap<>();
    private final List<String> lockNames = new ArrayList<>();
    private final List<Boolean> lockSleeps = new ArrayList<>();
    private final TreeMap<String, Integer> proxyIds = new TreeMap<>();
    private final List<ProxyEvent> proxyNames = new ArrayList<>();

    private Core core;
    private ForcedChoices forced;

    public TraceRecorder(int entries) {
        if (entries < 1) throw new IllegalArgumentException("entries must be >= 1");
        size = entries;
        time = new long[entries];
        kind = new byte[entries];
        cpu = new short[entries];
        common = new int[entries];
        a = new int[entries];
        b = new int[entries];
        aPrio = new short[entries];
        bPrio = new short[entries];
        arg = new int[entries];
        forcedBefore = new short[entries];
    }

    /** Wraps the run's ChoiceSource so that forced choices are noted with their time. */
    public ChoiceSource wrap(ChoiceSource choices) {
        forced = new ForcedChoices(choices, Math.min(size, 1 << 16));
        return forced;
    }

    /** Starts recording on core (call before the first task is woken). */
    public void install(Core c) {
        this.core = c;
        if (forced != null) forced.clock(c::now);
        c.trace.add(this);
    }

    // ------------------------------------------------------------------ recording

    private int pid(Task t) {
        if (t == null) return -1;
        while (tasks.size() <= t.pid) tasks.add(null);
        if (tasks.get(t.pid) == null) tasks.set(t.pid, new TaskRef(t.pid, t.comm, t.isIdle));
        return t.pid;
    }

    /** The CPU executing the current section (or, outside the event loop, the task's CPU). */
    private int thisCpu(int fallback) {
        Cpu c = core.thisCpu;
        return c != null ? c.id : fallback;
    }

    private int curr(int c) {
        return pid(core.rqs[c].curr);
    }

    private void add(long t, byte k, int c, int comm, int x, int xPrio, int y, int yPrio, int e) {
        int i = (int) (n++ % size);
        time[i] = t;
        kind[i] = k;
        cpu[i] = (short) c;
        common[i] = comm;
        a[i] = x;
        b[i] = y;
        aPrio[i] = (short) xPrio;
        bPrio[i] = (short) yPrio;
        arg[i] = e;
        forcedBefore[i] = forced == null ? 0 : (short) Math.min(Short.MAX_VALUE, forced.takePending());
        if (n == freezeAt) freeze();
    }

    @Override
    public void schedSwitch(long now, int c, boolean preempt, Task prev, int prevState, Task next) {
        add(now, SWITCH, c, pid(prev), pid(prev), prev.prio, pid(next), next.prio, (prevState & 0x7FFFFFFF) | (preempt ? 1 << 31 : 0));
    }

    @Override
    public void schedWaking(long now, int c, Task p, int targetCpu) {
        add(now, WAKING, c, curr(c), pid(p), p.prio, -1, 0, targetCpu);
    }

    @Override
    public void schedWakeup(long now, int rqCpu, Task p) {
        int c = thisCpu(rqCpu);
        add(now, WAKEUP, c, curr(c), pid(p), p.prio, -1, 0, rqCpu);
    }

    @Override
    public void schedMigrateTask(long now, Task p, int origCpu, int destCpu) {
        int c = thisCpu(origCpu);
        add(now, MIGRATE, c, curr(c), pid(p), p.prio, -1, 0, origCpu << 16 | destCpu);
    }

    private int lockId(Lock lock) {
        Integer id = lockIds.get(lock);
        if (id == null) {
            id = lockNames.size();
            lockIds.put(lock, id);
            lockNames.add(String.valueOf(lock));
            lockSleeps.add(lock.sleeps());
        }
        return id;
    }

    @Override
    public void lockContended(long now, int c, Task p, Lock lock) {
        add(now, CONTENDED, c, curr(c), pid(p), p.prio, -1, 0, lockId(lock));
    }

    @Override
    public void lockAcquired(long now, int c, Task p, Lock lock) {
        add(now, ACQUIRED, c, curr(c), pid(p), p.prio, -1, 0, lockId(lock));
    }

    @Override
    public void lockReleased(long now, int c, Task p, Lock lock) {
        add(now, RELEASED, c, curr(c), pid(p), p.prio, -1, 0, lockId(lock));
    }

    @Override
    public void proxy(long now, int c, ProxyEvent event, Task donor, Task task) {
        Integer id = proxyIds.get(event.text());
        if (id == null) {
            id = proxyNames.size();
            proxyIds.put(event.text(), id);
            proxyNames.add(event);
        }
        add(now, PROXY, c, curr(c), pid(donor), donor == null ? 0 : donor.prio, pid(task), task == null ? 0 : task.prio, id);
    }

    // ------------------------------------------------------------------ reading

    /** Tracepoints written so far, including those the ring overwrote. */
    public long written() {
        return n;
    }

    private TaskRef task(int pid) {
        return pid < 0 || pid >= tasks.size() || tasks.get(pid) == null ? TaskRef.UNKNOWN : tasks.get(pid);
    }

    /** The ring's contents, decoded (after the run, or between two steps of it). */
    public RecordedTrace snapshot() {
        return decode(Math.max(0, n - size), n, forced == null ? 0 : forced.pending());
    }

    // ------------------------------------------------------------------ a window pinned at a moment

    /** Index of the first event after the pinned moment (-1: nothing pinned). */
    private long pinAt = -1;
    private long pinNs;
    private int pinBefore;
    /** The event count at which the window is decoded (-1: done, or nothing pinned). */
    private long freezeAt = -1;
    private Window pinned;

    /**
     * Part of a run's trace taken out of the ring's reach: the events [first, first + size) of the
     * run, around the moment {@code at} (the index of the first event after it, at {@code atNs}).
     *
     * @param lost    events of the window that the ring had overwritten before it was kept
     * @param written events written in all, by the time the window was read
     */
    public record Window(RecordedTrace trace, long first, long at, long atNs, long lost, long written) { }

    /**
     * Keeps the {@code before} events written so far and the {@code after} events to come (the
     * first violation's surroundings: a long run would overwrite them in the ring by its end).
     * Decoded once, when the last of them is written; only the first call counts.
     */
    public void pin(int before, int after) {
        if (pinAt >= 0) return;
        pinAt = n;
        pinNs = core == null ? 0 : core.now();
        pinBefore = before;
        freezeAt = n + after;
        if (after <= 0) freeze();
    }

    private void freeze() {
        long want = Math.max(0, pinAt - pinBefore);
        long from = Math.max(want, n - size);
        pinned = new Window(decode(from, n, 0), from, pinAt, pinNs, from - want, n);
        freezeAt = -1;
    }

    /** The pinned window (decoded now if the run ended before its last event), or null if nothing was pinned. */
    public Window pinned() {
        if (pinAt < 0) return null;
        if (pinned == null) freeze();
        return new Window(pinned.trace(), pinned.first(), pinned.at(), pinned.atNs(), pinned.lost(), n);
    }

    /** Events [from, to) of the run, decoded (they must still be in the ring). */
    private RecordedTrace decode(long from, long to, int forcedAfterLast) {
        List<TraceEvent> out = new ArrayList<>((int) (to - from));
        List<Integer> marks = new ArrayList<>((int) (to - from));
        for (long k = from; k < to; k++) {
            int i = (int) (k % size);
            marks.add((int) forcedBefore[i]);
            long t = time[i];
            int c = cpu[i];
            TaskRef comm = task(common[i]);
            TaskRef x = task(a[i]);
            out.add(switch (kind[i]) {
                case SWITCH -> new TraceEvent.Switch(t, c, x, aPrio[i], arg[i] & 0x7FFFFFFF, arg[i] < 0, task(b[i]), bPrio[i]);
                case WAKING -> new TraceEvent.Waking(t, c, comm, x, aPrio[i], arg[i]);
                case WAKEUP -> new TraceEvent.Wakeup(t, c, comm, x, aPrio[i], arg[i]);
                case MIGRATE -> new TraceEvent.Migrate(t, c, comm, x, aPrio[i], arg[i] >>> 16, arg[i] & 0xFFFF);
                case CONTENDED -> new TraceEvent.Lock(t, c, comm, TraceEvent.Lock.Op.CONTENDED, x, lockNames.get(arg[i]), lockSleeps.get(arg[i]));
                case ACQUIRED -> new TraceEvent.Lock(t, c, comm, TraceEvent.Lock.Op.ACQUIRED, x, lockNames.get(arg[i]), lockSleeps.get(arg[i]));
                case RELEASED -> new TraceEvent.Lock(t, c, comm, TraceEvent.Lock.Op.RELEASED, x, lockNames.get(arg[i]), lockSleeps.get(arg[i]));
                default -> new TraceEvent.Proxy(t, c, comm, proxyNames.get(arg[i]), a[i] < 0 ? null : x, b[i] < 0 ? null : task(b[i]));
            });
        }
        return new RecordedTrace(core == null ? 0 : core.nrCpus(), out, to, marks, forcedAfterLast,
                forced == null ? List.of() : forced.kept(), forced == null ? 0 : forced.noted(),
                core == null ? 0 : core.now());
    }
}
