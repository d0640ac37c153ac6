package org.proxytorture.torture;

import org.proxytorture.config.BadInputException;
import java.util.Arrays;

/** What the emulated machine runs (proxytorture.workload). */
public enum Workload {
    /** locktorture's writer and reader kthreads (LockTorture). */
    LOCKTORTURE("locktorture"),
    /** One case of the priority-inversion demo (PiDemo, reference pi-demo-and-latency.md). */
    PIDEMO("pidemo");

    /** The proxytorture.workload value. */
    public final String param;

    Workload(String param) {
        this.param = param;
    }

    /** By parameter value; bad input names the accepted ones. */
    public static Workload byParam(String v) {
        for (Workload w : values()) if (w.param.equals(v)) return w;
        throw new BadInputException("proxytorture.workload=" + v + ": unknown workload (accepted: " + accepted() + ")");
    }

    public static String accepted() {
        return String.join("|", Arrays.stream(values()).map(w -> w.param).toList());
    }

    @Override
    public String toString() {
        return param;
    }
}
