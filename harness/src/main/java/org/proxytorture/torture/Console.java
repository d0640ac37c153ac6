package org.proxytorture.torture;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The emulated machine's console: printk lines with the kernel's "[  sec.usec] " stamp. */
public final class Console {
    private final PrintStream out;
    private final List<String> lines = new ArrayList<>();
    private final boolean keep;

    public Console(PrintStream out, boolean keep) {
        this.out = out;
        this.keep = keep;
    }

    public void printk(long nowNs, String msg) {
        String line = String.format("[%5d.%06d] %s", nowNs / 1_000_000_000L, (nowNs / 1000) % 1_000_000, msg);
        if (out != null) out.println(line);
        if (keep) lines.add(line);
    }

    public List<String> lines() {
        return lines;
    }
}
