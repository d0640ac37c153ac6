package org.proxytorture.torture;

import org.proxytorture.config.BootArgs;
import org.proxytorture.config.BadInputException;
import java.util.List;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;

/**
 * One scenario of configs/lock/, as rcutorture's kvm.sh reads it: the Kconfig fragment NAME
 * (merged over CFcommon, with --kconfig over both) gives the machine, NAME.boot the kernel
 * command line.
 *
 * @param cpus        CONFIG_NR_CPUS
 * @param hz          CONFIG_HZ
 * @param proxyExec   CONFIG_SCHED_PROXY_EXEC=y
 * @param boot        NAME.boot's parameters (comment lines dropped)
 * @param tortureType locktorture.torture_type as the scenario sets it (or the kernel's default, spin_lock)
 */
public record Scenario(String name, int cpus, int hz, boolean proxyExec, BootArgs boot, String tortureType, Kconfig kconfig) {

    /** locktorture's default torture_type (without PREEMPT_RT). */
    public static final String KERNEL_DEFAULT_TORTURE_TYPE = "spin_lock";

    /**
     * The kernel command line kvm-test-1-run.sh boots with: the .boot file, then --bootargs, then
     * per_version_boot_params() (ver_functions.sh). CONFIG_SCHED_PROXY_EXEC=n comes first, as
     * sched_proxy_exec=0: the model's way of compiling proxy execution out.
     */
    public BootArgs commandLine(BootArgs user, long durationNs) {
        long secs = (durationNs + 999_999_999L) / 1_000_000_000L;
        BootArgs both = boot.with(user);
        BootArgs line = BootArgs.EMPTY;
        if (!proxyExec) line = line.with("sched_proxy_exec", "0");
        // locktorture_param_onoff(): a CONFIG_HOTPLUG_CPU=y kernel whose command line does not set
        // hotplug itself gets onoff_interval=3 onoff_holdoff=30, before the .boot line (which wins)
        if (hotplugCpu() && both.asMap().keySet().stream().noneMatch(k -> k.startsWith("locktorture.onoff_")))
            line = line.with("locktorture.onoff_interval", "3").with("locktorture.onoff_holdoff", "30");
        if (!boot.has("locktorture.torture_type") && !pidemo(both)) line = line.with("locktorture.torture_type", KERNEL_DEFAULT_TORTURE_TYPE);
        return line.with(both).with("locktorture.stat_interval", "15").with("locktorture.shutdown_secs", Long.toString(secs))
                .with("locktorture.verbose", "1");
    }

    /** CONFIG_HOTPLUG_CPU=y in the merged fragment. */
    public boolean hotplugCpu() {
        Kconfig.Entry e = kconfig == null ? null : kconfig.entries().get("HOTPLUG_CPU");
        return e != null && "y".equals(e.value());
    }

    /** The priority-inversion demo runs instead of locktorture (its torture_type does not matter). */
    private static boolean pidemo(BootArgs line) {
        return Workload.PIDEMO.param.equals(line.get("proxytorture.workload"));
    }

    /**
     * Checks the command line the runner would boot ({@code cpus} may be --cpus): bad input if a
     * parameter is wrong; a torture_type not modelled yet is reported by {@link #notModelledWith},
     * not here.
     */
    public void validate(BootArgs user, int cpus, long durationNs) {
        BootArgs args = commandLine(user, durationNs);
        String where = name + (user.asMap().isEmpty() ? "" : " with --bootargs \"" + user + "\"")
                + (cpus != this.cpus ? " on " + cpus + " CPUs" : "");
        BootArgs rest = pending(args.get("locktorture.torture_type")) ? args.without("locktorture.torture_type") : args;
        String spe = boot.with(user).get("sched_proxy_exec");
        if (!proxyExec && spe != null && TortureParams.parseBool("sched_proxy_exec", spe))
            throw new BadInputException(where + ": sched_proxy_exec=" + spe + " but CONFIG_SCHED_PROXY_EXEC=n, so it cannot be"
                    + " enabled at boot time (accepted: CONFIG_SCHED_PROXY_EXEC=y with CONFIG_EXPERT=y, e.g. --kconfig \"CONFIG_SCHED_PROXY_EXEC=y CONFIG_EXPERT=y\")");
        try {
            TortureParams.fromBootArgs(rest, cpus, hz);
        } catch (BadInputException e) {
            throw new BadInputException(where + ": " + e.getMessage());
        }
    }

    /**
     * Why the CPU hotplug this scenario asks for never happens in a run of {@code durationNs} on
     * {@code cpus} CPUs (a CONFIG_HOTPLUG_CPU=y kernel gets onoff_holdoff=30, as kvm.sh gives it,
     * and a 10 s run never gets there), or null.
     */
    public String hotplugNeverRuns(BootArgs user, int cpus, long durationNs) {
        return params(user, cpus, durationNs).hotplugNeverRuns(durationNs, cpus);
    }

    /** What the kernel would say while parsing this scenario's command line (TortureParams#bootMessages: a bad cpulist). */
    public List<String> bootMessages(BootArgs user, int cpus, long durationNs) {
        return params(user, cpus, durationNs).bootMessages;
    }

    private TortureParams params(BootArgs user, int cpus, long durationNs) {
        BootArgs args = commandLine(user, durationNs);
        if (pending(args.get("locktorture.torture_type"))) args = args.without("locktorture.torture_type");
        return TortureParams.fromBootArgs(args, cpus);
    }

    /** Why this scenario, as shipped, cannot run yet (its torture_type is not modelled), or null. */
    public String notModelled() {
        return notModelledWith(BootArgs.EMPTY, 1_000_000_000L);
    }

    /** Why this scenario with these --bootargs cannot run yet, or null. */
    public String notModelledWith(BootArgs user, long durationNs) {
        BootArgs line = commandLine(user, durationNs);
        String type = line.get("locktorture.torture_type");
        return pending(type) && !pidemo(line) ? "locktorture.torture_type=" + type + " is not modelled yet (modelled: "
                + String.join(" ", TortureParams.IMPLEMENTED_TYPES) + ")" : null;
    }

    static boolean pending(String type) {
        return type != null && TortureParams.TORTURE_TYPES.contains(type) && !TortureParams.IMPLEMENTED_TYPES.contains(type);
    }

    /** The modelled Kconfig lines, for the console ("CONFIG_NR_CPUS=4 ..."). */
    public String kconfigLine() {
        StringBuilder sb = new StringBuilder();
        for (Kconfig.Entry e : kconfig.entries().values()) sb.append(sb.length() == 0 ? "" : " ").append("CONFIG_").append(e.symbol()).append('=').append(e.value());
        return sb.toString();
    }

    static final List<String> HZ_VALUES = List.of("100", "250", "300", "1000");
}
