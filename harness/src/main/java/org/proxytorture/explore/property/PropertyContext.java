package org.proxytorture.explore.property;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proxytorture.explore.PropertyCheck;
import org.proxytorture.explore.ScenarioGenerator;
import org.proxytorture.explore.Target;
import org.proxytorture.explore.space.ScenarioSpace;

/**
 * What a {@link TortureProperty} test method is handed: {@link PropertyCheck}s configured with
 * the annotation's tries, seed, database, strategy and bounds, named after the test (a second
 * check in the same method gets "-2" after the name). The extension reports each one's seed,
 * tries and statistics once the method has run.
 */
public final class PropertyContext {
    private final String name;
    private final TortureProperty settings;
    private final List<PropertyCheck> checks = new ArrayList<>();

    PropertyContext(String name, TortureProperty settings) {
        this.name = name;
        this.settings = settings;
    }

    /** The property's name (its database directory). */
    public String name() {
        return name;
    }

    /** Every try draws its scenario from {@code space}, its edge cases first. */
    public PropertyCheck forAllScenarios(ScenarioSpace space) {
        return configured(PropertyCheck.forAllScenarios(nextName(), space));
    }

    /** Every try draws its scenario with {@code g}, the draws first in its choice list. */
    public PropertyCheck forAll(ScenarioGenerator g) {
        return configured(PropertyCheck.forAll(nextName(), g));
    }

    /** Every try runs {@code t}. */
    public PropertyCheck of(Target t) {
        return configured(PropertyCheck.of(nextName(), t));
    }

    /** The checks handed out so far, in order. */
    List<PropertyCheck> checks() {
        return List.copyOf(checks);
    }

    private String nextName() {
        return checks.isEmpty() ? name : name + "-" + (checks.size() + 1);
    }

    private PropertyCheck configured(PropertyCheck c) {
        c.tries(settings.tries()).seed(settings.seed()).database(Path.of(settings.database())).strategy(settings.strategy(), settings.depth())
                .shrinkTimeMs(settings.shrinkSeconds() * 1000).timeBudgetMs(settings.timeBudgetSeconds() * 1000);
        checks.add(c);
        return c;
    }
}
