package org.proxytorture.sim;

import java.util.Arrays;

/**
 * The simulated clock and its event queue. Two kinds of things happen: timers expire, and agents
 * (the emulated CPUs) execute their next atomic section. Timers due at or before the earliest
 * agent go first, in (time, arming order). Agents whose next section is due within
 * {@code window} ns of the earliest one are concurrent: the choice source decides which runs
 * first (0 = the earliest, ties by agent number). The clock never goes back: an agent chosen
 * ahead of an earlier one runs at its own time and the earlier one then runs at that time.
 */
public final class EventLoop {
    /** An emulated processor: executes one atomic section per step. */
    public interface Agent {
        void step(long now);
    }

    public static final long NEVER = Long.MAX_VALUE;

    private final ChoiceSource choices;
    private final long window;
    private long now;
    private long seq;
    private boolean stopped;

    // agents: indexed binary min-heap on (next, id)
    private Agent[] agents = new Agent[0];
    private long[] next = new long[0];
    private int[] heap = new int[0];
    private int[] pos = new int[0];
    private int[] cand = new int[0];
    private long[] keys = new long[0];
    private int[] stack = new int[0];

    // timers: binary min-heap on (expires, seq)
    private Timer[] timers = new Timer[64];
    private int ntimers;

    public EventLoop(ChoiceSource choices, long windowNs) {
        if (windowNs >= 1L << (63 - ID_BITS)) throw new IllegalArgumentException("window " + windowNs + " ns: too large (accepted: below 2^43 ns)");
        this.choices = choices;
        this.window = windowNs;
    }

    public long now() {
        return now;
    }

    public ChoiceSource choices() {
        return choices;
    }

    /** Registers an agent; its first step is due at {@code NEVER} until {@link #wake} says otherwise. */
    public int addAgent(Agent a) {
        int id = agents.length;
        agents = Arrays.copyOf(agents, id + 1);
        next = Arrays.copyOf(next, id + 1);
        heap = Arrays.copyOf(heap, id + 1);
        pos = Arrays.copyOf(pos, id + 1);
        cand = Arrays.copyOf(cand, id + 1);
        keys = Arrays.copyOf(keys, id + 1);
        stack = Arrays.copyOf(stack, id + 1);
        agents[id] = a;
        next[id] = NEVER;
        heap[id] = id;
        pos[id] = id;
        siftUpAgent(id);
        if (id == LINEAR_MAX) for (int i = 0; i <= id; i++) siftUpAgent(i); // the heap takes over: heapify by position
        return id;
    }

    /** Machines this small are scanned linearly instead of kept in a heap (faster for them). */
    private static final int LINEAR_MAX = 32;

    /** Sets when agent {@code id} next executes a section. */
    public void setNext(int id, long time) {
        long old = next[id];
        if (old == time) return;
        next[id] = time;
        if (agents.length <= LINEAR_MAX) return;
        if (less(time, id, old, id)) siftUpAgent(pos[id]);
        else siftDownAgent(pos[id]);
    }

    /** Arms (or re-arms) a timer to expire at {@code when}. */
    public void arm(Timer t, long when) {
        if (t.armed()) cancel(t);
        t.expires = when;
        t.seq = seq++;
        if (ntimers == timers.length) timers = Arrays.copyOf(timers, ntimers * 2);
        timers[ntimers] = t;
        t.heapIndex = ntimers++;
        siftUpTimer(t.heapIndex);
    }

    public void cancel(Timer t) {
        int i = t.heapIndex;
        if (i < 0) return;
        t.heapIndex = -1;
        Timer last = timers[--ntimers];
        timers[ntimers] = null;
        if (i < ntimers) {
            timers[i] = last;
            last.heapIndex = i;
            siftDownTimer(i);
            siftUpTimer(last.heapIndex);
        }
    }

    public void stop() {
        stopped = true;
    }

    /** Runs until the clock would pass {@code until}, or until {@link #stop()}. */
    public void runUntil(long until) {
        stopped = false;
        while (!stopped) {
            long ta = agents.length == 0 ? NEVER : agents.length <= LINEAR_MAX ? next[linearMin()] : next[heap[0]];
            long tt = ntimers > 0 ? timers[0].expires : NEVER;
            if (tt <= ta) {
                if (tt > until) break;
                Timer t = timers[0];
                cancel(t);
                if (tt > now) now = tt;
                t.callback.expire(now);
                continue;
            }
            if (ta > until) break;
            int id = pickAgent(ta, until);
            long t = next[id];
            if (t > now) now = t;
            agents[id].step(now);
        }
        if (!stopped && until > now && until != NEVER) now = until;
    }

    /** The agent due first (lowest id on ties), by a scan. */
    private int linearMin() {
        int best = 0;
        long bt = next[0];
        for (int i = 1; i < next.length; i++) {
            if (next[i] < bt) {
                bt = next[i];
                best = i;
            }
        }
        return best;
    }

    private int pickAgent(long t0, long until) {
        if (agents.length <= LINEAR_MAX) return pickLinear(t0, until);
        int first = heap[0];
        if (window <= 0 || agents.length == 1) return first;
        long limit = Math.min(t0 + window, until);
        if (agents.length < 2 || secondNext() > limit) return first;
        // the concurrent agents are the heap's top subtree: collect it without touching the heap,
        // then order it by (time, id) as packed keys (time within the window above t0, id below)
        int n = 0, sp = 0;
        stack[sp++] = 0;
        while (sp > 0) {
            int i = stack[--sp];
            int id = heap[i];
            if (next[id] > limit) continue;
            keys[n++] = (next[id] - t0) << ID_BITS | id;
            int l = 2 * i + 1;
            if (l < heap.length) stack[sp++] = l;
            if (l + 1 < heap.length) stack[sp++] = l + 1;
        }
        if (n <= 1) return first;
        if (!choices.readsAgentIds()) return (int) (KeySelect.kth(keys, n, choices.chooseAgent(null, n)) & ID_MASK);
        Arrays.sort(keys, 0, n);
        for (int i = 0; i < n; i++) cand[i] = (int) (keys[i] & ID_MASK);
        return cand[choices.chooseAgent(cand, n)];
    }

    /** A concurrent agent's sort key: its time above the earliest in the high bits, its id in these. */
    private static final int ID_BITS = 20;
    private static final long ID_MASK = (1L << ID_BITS) - 1;

    /** Candidates within the window in (time, id) order, by scanning; then the choice. */
    private int pickLinear(long t0, long until) {
        int first = linearMin();
        if (window <= 0 || agents.length == 1) return first;
        long limit = Math.min(t0 + window, until);
        int n = 0;
        for (int i = 0; i < next.length; i++) if (next[i] <= limit) cand[n++] = i;
        if (n <= 1) return first;
        // insertion sort by (time, id): n is small
        for (int i = 1; i < n; i++) {
            int c = cand[i];
            int j = i - 1;
            while (j >= 0 && less(next[c], c, next[cand[j]], cand[j])) {
                cand[j + 1] = cand[j];
                j--;
            }
            cand[j + 1] = c;
        }
        return cand[choices.chooseAgent(cand, n)];
    }

    /** The next time of the second-earliest agent (one of the root's children). */
    private long secondNext() {
        long a = heap.length > 1 ? next[heap[1]] : NEVER;
        long b = heap.length > 2 ? next[heap[2]] : NEVER;
        return Math.min(a, b);
    }

    private boolean less(long ta, int ia, long tb, int ib) {
        return ta < tb || (ta == tb && ia < ib);
    }

    private void siftUpAgent(int i) {
        int id = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            int pid = heap[p];
            if (!less(next[id], id, next[pid], pid)) break;
            heap[i] = pid;
            pos[pid] = i;
            i = p;
        }
        heap[i] = id;
        pos[id] = i;
    }

    private void siftDownAgent(int i) {
        int n = heap.length;
        int id = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) break;
            int r = l + 1;
            int c = (r < n && less(next[heap[r]], heap[r], next[heap[l]], heap[l])) ? r : l;
            int cid = heap[c];
            if (!less(next[cid], cid, next[id], id)) break;
            heap[i] = cid;
            pos[cid] = i;
            i = c;
        }
        heap[i] = id;
        pos[id] = i;
    }

    private static boolean before(Timer a, Timer b) {
        return a.expires < b.expires || (a.expires == b.expires && a.seq < b.seq);
    }

    private void siftUpTimer(int i) {
        Timer t = timers[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!before(t, timers[p])) break;
            timers[i] = timers[p];
            timers[i].heapIndex = i;
            i = p;
        }
        timers[i] = t;
        t.heapIndex = i;
    }

    private void siftDownTimer(int i) {
        Timer t = timers[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= ntimers) break;
            int r = l + 1;
            int c = (r < ntimers && before(timers[r], timers[l])) ? r : l;
            if (!before(timers[c], t)) break;
            timers[i] = timers[c];
            timers[i].heapIndex = i;
            i = c;
        }
        timers[i] = t;
        t.heapIndex = i;
    }
}
