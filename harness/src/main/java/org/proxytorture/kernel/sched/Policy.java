package org.proxytorture.kernel.sched;

/** Scheduling policies (include/uapi/linux/sched.h). SCHED_DEADLINE is not modelled. */
public enum Policy {
    SCHED_NORMAL(0), SCHED_FIFO(1), SCHED_RR(2), SCHED_BATCH(3), SCHED_IDLE(5);

    public final int value;

    Policy(int value) {
        this.value = value;
    }

    public boolean isRt() {
        return this == SCHED_FIFO || this == SCHED_RR;
    }
}
