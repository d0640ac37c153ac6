package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.config.BadInputException;

/** The exploration strategies by name: adding one is adding a class and a line here. */
public final class Strategies {
    public static final List<String> NAMES = List.of("random", "pct", "coverage");

    private Strategies() { }

    /** A fresh strategy; {@code depth} is PCT's d (ignored by the others). */
    public static Strategy byName(String name, int depth) {
        return switch (name) {
            case "random" -> new RandomStrategy();
            case "pct" -> new PctStrategy(depth);
            case "coverage" -> new CoverageStrategy();
            default -> throw new BadInputException("--strategy=" + name + ": unknown strategy (accepted: " + String.join("|", NAMES) + ")");
        };
    }
}
