package org.proxytorture.torture;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.proxytorture.kernel.sched.Core;
import org.proxytorture.kernel.cpu.Cpu;
import org.proxytorture.kernel.hotplug.CpuDownFrame;
import org.proxytorture.kernel.hotplug.CpuUpFrame;
import org.proxytorture.kernel.cpu.KFrame;
import org.proxytorture.kernel.sched.SleepFrame;
import org.proxytorture.kernel.sched.Task;

/**
 * kernel/torture.c's CPU-hotplug torture: torture_onoff_init(onoff_holdoff * HZ, onoff_interval * HZ),
 * the torture_onoff kthread, torture_offline()/torture_online() with their counters,
 * torture_onoff_stats() and torture_onoff_failures() (reference section 3.4).
 * <pre>
 * torture_onoff: maxcpu = the last online CPU; after onoff_holdoff, until torture_must_stop():
 *     cpu = torture_random() % (maxcpu + 1);
 *     if (!torture_offline(cpu)) torture_online(cpu);      offline if online, else online
 *     sleep onoff_interval
 * </pre>
 * The last online CPU is never offlined. All CPUs are hotpluggable (as on arm64; x86's CPU 0 is not).
 * torture.disable_onoff_at_boot has no effect: the model's boot has ended when the test starts.
 */
final class Onoff {
    private final Core core;
    private final long holdoffJiffies;
    private final long intervalJiffies;
    private final int verbose;
    private final String tortureType;
    private final Consumer<String> printk;
    long nOnlineAttempts, nOnlineSuccesses, nOfflineAttempts, nOfflineSuccesses;
    long sumOnline, sumOffline;
    int minOnline = -1, maxOnline, minOffline = -1, maxOffline;
    /** torture_online_cpus */
    int onlineCpus;

    Onoff(Core core, TortureParams params, Consumer<String> printk) {
        this.core = core;
        this.holdoffJiffies = (long) params.onoffHoldoff * core.hz;
        this.intervalJiffies = (long) params.onoffInterval * core.hz;
        this.verbose = params.verbose;
        this.tortureType = params.tortureType.param;
        this.printk = printk;
    }

    /** torture_onoff_stats(): "onoff: %ld/%ld:%ld/%ld %d,%d:%d,%d %lu:%lu (HZ=%d) ". */
    String stats() {
        return String.format("onoff: %d/%d:%d/%d %d,%d:%d,%d %d:%d (HZ=%d) ", nOnlineSuccesses, nOnlineAttempts,
                nOfflineSuccesses, nOfflineAttempts, minOnline, maxOnline, minOffline, maxOffline, sumOnline, sumOffline, core.hz);
    }

    /** torture_onoff_failures() */
    boolean failures() {
        return nOnlineSuccesses != nOnlineAttempts || nOfflineSuccesses != nOfflineAttempts;
    }

    private void alert(String s) {
        printk.accept(tortureType + "-torture: " + s);
    }

    /** The torture_onoff kthread's body. */
    KFrame frame(BooleanSupplier mustStop) {
        return new OnoffFrame(mustStop);
    }

    private final class OnoffFrame extends KFrame {
        private static final int START = 0, HOLDOFF_END = 1, LOOP = 2, OFFLINED = 3, ONLINED = 4, STOP = 5;
        private final BooleanSupplier mustStop;
        private int pc = START;
        private int maxcpu = -1;
        private int cpu;
        private long startJiffies;
        private CpuDownFrame down;
        private CpuUpFrame up;

        OnoffFrame(BooleanSupplier mustStop) {
            this.mustStop = mustStop;
        }

        private long jiffies() {
            return core.now() / core.tickNsec;
        }

        @Override
        public int step(Cpu c, Task p) {
            c.cost(core.costs.section());
            return switch (pc) {
                case START -> tortureOnoffStart(p);
                case HOLDOFF_END -> {
                    if (verbose != 0) alert("torture_onoff end holdoff");
                    pc = LOOP;
                    yield NEXT;
                }
                case LOOP -> tortureOnoffLoop(p);
                case OFFLINED -> tortureOfflineDone(p);
                case ONLINED -> tortureOnlineDone(p);
                default -> {
                    if (verbose != 0) alert("torture_onoff is stopping"); // torture_kthread_stopping()
                    yield DONE;
                }
            };
        }

        /** START: torture_onoff()'s prologue: maxcpu, torture_online_cpus, the onoff_holdoff sleep. */
        private int tortureOnoffStart(Task p) {
            if (verbose != 0) alert("torture_onoff task started");
            for (int i = 0; i < core.nrCpus(); i++) if (core.hotplug.cpuOnline(i)) maxcpu = i;
            onlineCpus = core.hotplug.numOnlineCpus();
            if (maxcpu == 0) {
                if (verbose != 0) alert("Only one CPU, so CPU-hotplug testing is disabled");
                pc = STOP;
                return NEXT;
            }
            pc = LOOP;
            if (holdoffJiffies > 0) {
                if (verbose != 0) alert("torture_onoff begin holdoff");
                pc = HOLDOFF_END;
                p.push(SleepFrame.idle(holdoffJiffies * core.tickNsec));
                return CALL;
            }
            return NEXT;
        }

        /**
         * LOOP: one turn of torture_onoff()'s while (!torture_must_stop()): a random CPU, then
         * torture_offline() if it is online, else torture_online() (their remove_cpu()/add_cpu() calls).
         */
        private int tortureOnoffLoop(Task p) {
            if (mustStop.getAsBoolean()) {
                pc = STOP;
                return NEXT;
            }
            cpu = core.choices.choose(maxcpu + 1); // torture_random(&rand) % (maxcpu + 1)
            startJiffies = jiffies();
            if (core.hotplug.cpuOnline(cpu) && core.hotplug.numOnlineCpus() > 1) { // torture_offline()
                if (verbose > 1) alert("torture_onoff task: offlining " + cpu);
                nOfflineAttempts++;
                down = new CpuDownFrame(cpu);
                pc = OFFLINED;
                p.push(down);
                return CALL;
            }
            if (!core.hotplug.cpuOnline(cpu)) { // torture_online()
                if (verbose > 1) alert("torture_onoff task: onlining " + cpu);
                nOnlineAttempts++;
                up = new CpuUpFrame(cpu);
                pc = ONLINED;
                p.push(up);
                return CALL;
            }
            return sleepInterval(p);
        }

        /** OFFLINED: torture_offline() after remove_cpu(): its counters and min/max/sum of the time taken. */
        private int tortureOfflineDone(Task p) {
            if (down.ret != 0) {
                if (verbose != 0) alert("torture_onoff task: offline " + cpu + " failed: errno " + down.ret);
            } else {
                if (verbose > 1) alert("torture_onoff task: offlined " + cpu);
                nOfflineSuccesses++;
                int delta = (int) (jiffies() - startJiffies);
                sumOffline += delta;
                if (minOffline < 0) minOffline = maxOffline = delta;
                minOffline = Math.min(minOffline, delta);
                maxOffline = Math.max(maxOffline, delta);
                onlineCpus--;
                core.warnOnce(onlineCpus <= 0, "torture_offline: torture_online_cpus <= 0");
            }
            return sleepInterval(p);
        }

        /** ONLINED: torture_online() after add_cpu(): its counters and min/max/sum of the time taken. */
        private int tortureOnlineDone(Task p) {
            if (up.ret != 0) {
                if (verbose != 0) alert("torture_onoff task: online " + cpu + " failed: errno " + up.ret);
            } else {
                if (verbose > 1) alert("torture_onoff task: onlined " + cpu);
                nOnlineSuccesses++;
                int delta = (int) (jiffies() - startJiffies);
                sumOnline += delta;
                if (minOnline < 0) minOnline = maxOnline = delta;
                minOnline = Math.min(minOnline, delta);
                maxOnline = Math.max(maxOnline, delta);
                onlineCpus++;
            }
            return sleepInterval(p);
        }

        /** torture_hrtimeout_jiffies(onoff_interval) */
        private int sleepInterval(Task p) {
            pc = LOOP;
            p.push(SleepFrame.idle(intervalJiffies * core.tickNsec));
            return CALL;
        }

        @Override
        public String describe() {
            return "torture_onoff";
        }
    }
}
