package org.proxytorture.soak;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.proxytorture.config.BadInputException;
import org.proxytorture.config.BootArgs;
import org.proxytorture.explore.TortureTarget;
import org.proxytorture.torture.Kconfig;
import org.proxytorture.torture.Scenario;
import org.proxytorture.torture.ScenarioParser;

/**
 * A recipe's scenarios as scripts/torture reads them (ScenarioParser: CFLIST.proxy, 3*PROXY01,
 * CFcommon, --kconfig over the fragment, the .boot line then --bootargs then
 * per_version_boot_params()), each checked as the runner checks it, into a {@link SoakPlan}.
 * A scenario whose torture_type is not modelled yet is left out with a warning (scripts/torture
 * reports it NOT_MODELLED); a soak left with none is bad input.
 */
public final class Scenarios {
    /** The plan, and the warnings to print before it runs. */
    public record Planned(SoakPlan plan, List<String> warnings) { }

    private Scenarios() { }

    /** Bad input (one line) for an unknown scenario or list, a malformed file, a bad parameter or fault. */
    public static Planned plan(SoakRecipe r) {
        ScenarioParser parser = new ScenarioParser(Path.of(r.configDir()));
        List<String> names = parser.expand(r.configs());
        Kconfig extra = r.kconfig().isBlank() ? null : Kconfig.parseOption(r.kconfig());
        BootArgs user = BootArgs.parse(r.bootargs());
        if (!r.inject().isEmpty()) user = user.with("proxytorture.inject", String.join(",", r.inject()));
        Map<String, Integer> repeats = new LinkedHashMap<>();
        for (String n : names) repeats.merge(n, 1, Integer::sum);
        Map<String, TortureTarget> targets = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String name : repeats.keySet()) {
            Scenario s = parser.load(name, extra);
            int cpus = r.cpus() != null ? r.cpus() : s.cpus();
            String why = s.notModelledWith(user, r.durationNs());
            if (why != null) {
                warnings.add("soak: warning: " + name + " left out: " + why);
                continue;
            }
            s.validate(user, cpus, r.durationNs());
            targets.put(name, new TortureTarget(name, cpus, s.hz(), r.durationNs(), s.commandLine(user, r.durationNs())));
        }
        if (targets.isEmpty())
            throw new BadInputException("--configs \"" + r.configs() + "\": no scenario that can run yet (" + String.join("; ", warnings)
                    + ") (accepted: scenarios whose torture_type is modelled)");
        Map<String, Integer> ordinals = new LinkedHashMap<>();
        List<SoakPlan.Slot> slots = new ArrayList<>();
        for (String n : names) {
            if (!targets.containsKey(n)) continue;
            int k = ordinals.merge(n, 1, Integer::sum) - 1;
            slots.add(new SoakPlan.Slot(n, targets.get(n), k, repeats.get(n)));
        }
        return new Planned(new SoakPlan(slots, r.seed()), warnings);
    }
}
