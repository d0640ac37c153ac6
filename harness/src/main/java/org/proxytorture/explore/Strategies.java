package org.proxytorture.explore;

import java.util.List;
import org.proxytorture.config.BadInputException;

/** The exploration strategies by name: adding one is adding a class and a line here. */
public final class Strategies {
    public static final List<String> NAMES = List.of("random", "pct", "coverage");

    private Strategies() { }

    /**
     * A fresh strategy; {@code depth} is PCT's d (ignored by the others). {@code target:SCORE}
     * (a replay file's targeted search) wraps random; its tries name their own strategy.
     */
    public static Strategy byName(String name, int depth) {
        if (name.startsWith(TargetedStrategy.PREFIX)) return targeted(new RandomStrategy(), name.substring(TargetedStrategy.PREFIX.length()));
        return switch (name) {
            case "random" -> new RandomStrategy();
            case "pct" -> new PctStrategy(depth);
            case "coverage" -> new CoverageStrategy();
            default -> throw new BadInputException("--strategy=" + name + ": unknown strategy (accepted: " + String.join("|", NAMES) + ")");
        };
    }

    /** {@code inner}'s tries, half of them (after a warm-up) hill-climbing on {@code score} (a run.Scores name; bad input otherwise). */
    public static TargetedStrategy targeted(Strategy inner, String score) {
        if (inner instanceof TargetedStrategy) throw new BadInputException("a targeted search cannot wrap another (accepted: one --target)");
        return new TargetedStrategy(inner, score);
    }

    /** Whether {@code name} is a strategy a replay file may name: one of {@link #NAMES}, or target:SCORE. */
    public static boolean known(String name) {
        return NAMES.contains(name) || name.startsWith(TargetedStrategy.PREFIX)
                && org.proxytorture.run.Scores.NAMES.contains(name.substring(TargetedStrategy.PREFIX.length()));
    }
}
