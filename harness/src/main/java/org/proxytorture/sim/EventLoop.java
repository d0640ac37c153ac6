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

    // agents: beyond LINEAR_MAX, their ids kept sorted on (next, id), pos[id] the index in order;
    // the concurrent agents are then a prefix, counted by a binary search and chosen by index
    private Agent[] agents = new Agent[0];
    private long[] next = new long[0];
    private int[] order = new int[0];
    private int[] pos = new int[0];
    private int[] cand = new int[0];

    // timers: binary min-heap on (expires, seq)
    private Timer[] timers = new Timer[64];
    private int ntimers;

    public EventLoop(ChoiceSource choices, long windowNs) {
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
        order = Arrays.copyOf(order, id + 1);
        pos = Arrays.copyOf(pos, id + 1);
        cand = Arrays.copyOf(cand, id + 1);
        agents[id] = a;
        next[id] = NEVER;
        order[id] = id; // at NEVER with the highest id: last
        pos[id] = id;
        if (id == LINEAR_MAX) sortOrder(); // the sorted order takes over from the scan
        return id;
    }

    /** Sorts every agent on (next, id) (insertion sort: done once, when the machine grows past LINEAR_MAX). */
    private void sortOrder() {
        for (int i = 1; i < order.length; i++) {
            int x = order[i];
            int j = i - 1;
            for (; j >= 0 && less(next[x], x, next[order[j]], order[j]); j--) order[j + 1] = order[j];
            order[j + 1] = x;
        }
        for (int i = 0; i < order.length; i++) pos[order[i]] = i;
    }

    /** Machines this small are scanned linearly instead of kept sorted (faster for them). */
    private static final int LINEAR_MAX = 32;

    /** Sets when agent {@code id} next executes a section. */
    public void setNext(int id, long time) {
        long old = next[id];
        if (old == time) return;
        next[id] = time;
        if (agents.length <= LINEAR_MAX) return;
        place(id, old);
    }

    /** Moves agent {@code id}, whose time was {@code old}, to its place in the order for its time now (an insertion step). */
    private void place(int id, long old) {
        long time = next[id];
        int i = pos[id];
        if (less(time, id, old, id)) {
            for (; i > 0; i--) {
                int p = order[i - 1];
                if (!less(time, id, next[p], p)) break;
                order[i] = p;
                pos[p] = i;
            }
        } else {
            for (int last = order.length - 1; i < last; i++) {
                int q = order[i + 1];
                if (!less(next[q], q, time, id)) break;
                order[i] = q;
                pos[q] = i;
            }
        }
        order[i] = id;
        pos[id] = i;
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
            long ta = agents.length == 0 ? NEVER : agents.length <= LINEAR_MAX ? next[linearMin()] : next[order[0]];
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
        int first = order[0];
        if (window <= 0) return first;
        long limit = Math.min(t0 + window, until);
        if (next[order[1]] > limit) return first;
        // the concurrent agents are the order's prefix up to limit, already in (time, id) order
        int lo = 2, hi = order.length; // next[order[lo - 1]] <= limit; the first index past limit is in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (next[order[mid]] <= limit) lo = mid + 1;
            else hi = mid;
        }
        int n = lo;
        if (!choices.readsAgentIds()) return order[choices.chooseAgent(null, n)];
        System.arraycopy(order, 0, cand, 0, n);
        return cand[choices.chooseAgent(cand, n)];
    }

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

    private boolean less(long ta, int ia, long tb, int ib) {
        return ta < tb || (ta == tb && ia < ib);
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
