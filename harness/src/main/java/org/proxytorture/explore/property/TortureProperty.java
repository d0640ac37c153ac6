package org.proxytorture.explore.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A property test (jqwik's {@code @Property}, without jqwik): a JUnit 5 test method whose
 * {@link PropertyContext} parameter hands out {@link org.proxytorture.explore.PropertyCheck}s
 * configured with these attributes. The seed, the tries run, the verdict and the statistics table
 * are published as a report entry (IDEs, Gradle and JUnit's Open Test Reporting show it) and
 * printed: Surefire leaves report entries out of its XML report (junit-team/junit-framework#1161)
 * but keeps a test's output, so they are in the test's {@code <system-out>} there.
 *
 * <pre>{@code
 * @TortureProperty(tries = 30, seed = 1)
 * void noCheckerFires(PropertyContext p) {
 *     p.forAllScenarios(ScenarioSpace.fixed(List.of("duration=100"))).cover("generation", "full", 0.05).check();
 * }
 * }</pre>
 *
 * <p>{@code -Dproxytorture.seed=S} overrides every property's seed, {@code -Dproxytorture.tries=N}
 * its number of tries. Failures are stored under {@link #database()}{@code /NAME/} and replayed
 * first the next time.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(TorturePropertyExtension.class)
public @interface TortureProperty {
    /** Tries (runs) of the search, after the stored failures. */
    int tries() default 20;

    /** The seed of the search (printed; -Dproxytorture.seed overrides it). */
    long seed() default 1;

    /** The failure database directory (Hypothesis' .hypothesis/), relative to the working directory (Maven's: the module). */
    String database() default "target/proxytorture-db";

    /** The property's name, its directory in the database; default: TestClass.method. */
    String name() default "";

    /** The exploration strategy: random, pct or coverage. */
    String strategy() default "random";

    /** PCT's bug depth (strategy pct). */
    int depth() default 3;

    /** The shrinker's wall-time bound. */
    long shrinkSeconds() default 60;

    /** A wall-time budget for the tries (0: none; the tries stop at whichever comes first). */
    long timeBudgetSeconds() default 0;
}
