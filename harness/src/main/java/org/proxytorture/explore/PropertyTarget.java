package org.proxytorture.explore;

import java.util.ArrayList;
import java.util.List;
import org.proxytorture.sim.ChoiceSource;

/**
 * One try of a property over scenarios: the scenario run from the engine's decisions, then
 * {@link RunProperty#check}. A try that breaks the property is a failing run like any other (its
 * identity {@code property/NAME[roles]}, the run's own hash and choices), so the explorer finds it
 * and the shrinker shrinks it: the scenario's simplifications are offered with the property kept.
 */
record PropertyTarget(TortureTarget scenario, long seed, RunProperty property) implements Target {

    @Override
    public String describe() {
        return scenario.describe() + (property == RunProperty.NO_FAILURE ? "" : "; property " + property.name() + ", try seed " + seed);
    }

    @Override
    public Outcome run(ChoiceSource choices) {
        Outcome o = scenario.run(choices);
        if (property == RunProperty.NO_FAILURE || (o.failed() && property.runMustPass())) return o;
        RunProperty.Broken b = property.check(new RunProperty.Run(scenario, seed, o));
        if (b == null) return o; // a run that failed by itself, under a property that does not judge that: PropertyCheck counts it
        List<String> report = new ArrayList<>(b.report());
        if (o.failed()) report.add("(the run itself also failed: " + o.identity() + ")");
        return new Outcome(RunProperty.identity(property, b), o.eventHash(), o.events(), o.simNs(), o.choices(), o.kinds(), o.windowSteps(),
                o.cpus(), o.tasks(), o.coverage(), report);
    }

    /** Whether {@code o}, a run of this target, is a failure of the property (not a failure the property does not judge). */
    boolean counts(Outcome o) {
        return o.failed() && (property.runMustPass() || "property".equals(o.identity().checker()));
    }

    @Override
    public List<Simplification> simplifications(Outcome last) {
        List<Simplification> out = new ArrayList<>();
        for (Simplification s : scenario.simplifications(last))
            out.add(new Simplification(s.kind(), s.change(), wrap(s.target()), s.resample() == null ? null : wrap(s.resample())));
        return out;
    }

    @Override
    public Target withRoom(Outcome last) {
        return wrap(scenario.withRoom(last));
    }

    @Override
    public Target brief(long ns) {
        return wrap(scenario.brief(ns));
    }

    private PropertyTarget wrap(Target t) {
        return new PropertyTarget((TortureTarget) t, seed, property);
    }
}
