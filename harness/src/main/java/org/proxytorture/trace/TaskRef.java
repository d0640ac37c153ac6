package org.proxytorture.trace;

/**
 * A task as a trace names it: its pid and comm (task_struct::comm) as the recorder first saw
 * them, and whether it is a CPU's idle task (swapper/N), which ftrace prints as pid 0.
 */
public record TaskRef(int pid, String comm, boolean idle) {
    /** The name of an unknown task (the kernel's "<...>" when a comm is not cached). */
    public static final TaskRef UNKNOWN = new TaskRef(-1, "<...>", false);

    /** "comm:pid", as the model's Task prints itself. */
    @Override
    public String toString() {
        return comm + ":" + pid;
    }
}
