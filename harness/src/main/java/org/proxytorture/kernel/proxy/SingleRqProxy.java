package org.proxytorture.kernel.proxy;

import org.proxytorture.kernel.locking.BlockedOn;
import org.proxytorture.kernel.sched.Schedule;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.sched.Task;
import org.proxytorture.kernel.sched.TaskState;

/**
 * Linux 6.17 "Single RunQueue Proxy Execution": proxy only when every owner of the chain is on
 * this runqueue; a sleeping or remote owner deactivates the donor (proxy_deactivate()).
 */
public final class SingleRqProxy extends ProxyVariant {
    @Override
    public java.util.List<String> branches() {
        return with(java.util.List.of("no_owner", "owner_sleeping", "owner_remote", "deactivate_failed"));
    }

    @Override
    public String name() {
        return "single-rq";
    }

    /** __clear_task_blocked_on(p, mutex); return p (run it so it retries the lock). */
    @Override
    protected int noOwner(Schedule s) {
        BlockedOn.clear(s.core(), s.p, s.mutex);
        return runCurrent(s, "no_owner");
    }

    /** 6.17's signal exit leaves blocked_on: find_proxy_task() then meets a TASK_RUNNING donor it cannot deactivate. */
    @Override
    public void onSignalPending(Core core, Task p) { }

    @Override
    protected int ownerSleeping(Schedule s) {
        hit(s, "owner_sleeping");
        return deactivateDonor(s);
    }

    @Override
    protected int ownerRemote(Schedule s, int ownerCpu) {
        hit(s, "owner_remote");
        return deactivateDonor(s);
    }

    /**
     * deactivate_donor: __proxy_deactivate() re-reads donor->__state and fails on TASK_RUNNING;
     * then "XXX: For now, if deactivation failed, set donor as unblocked" (the unlocked write
     * of B43).
     */
    private int deactivateDonor(Schedule s) {
        Task donor = s.donor;
        if (donor.state == TaskState.TASK_RUNNING) {
            hit(s, "deactivate_failed");
            BlockedOn.write(s.core(), donor, null);
            return Schedule.PICK_AGAIN;
        }
        return deactivate(s, donor);
    }
}
