package org.proxytorture.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ARCHITECTURE.md, "Determinism rules" and the package layering: the scenario plus the choice
 * list must reproduce a run exactly, so nothing inside a run may read the wall clock, draw
 * unseeded randomness, run threads, or iterate in hash order. One rule per hazard, so a failure
 * names the hazard.
 *
 * <p>The model is the packages sim, kernel, torture, check and trace; cli (and later explore, reports) may
 * measure wall time, e.g. {@code bench}. The scenario runner (scripts/torture, package
 * org.proxytorture.scenarios in the torture-scenarios module) starts child JVMs from a thread pool
 * and reads the wall clock for res/'s date: it is outside every run, and outside these rules (it is
 * not on this module's class path; a run's determinism is the child's).
 */
@AnalyzeClasses(packages = "org.proxytorture", importOptions = ImportOption.DoNotIncludeTests.class)
class DeterminismRulesTest {
    private static final String SIM = "org.proxytorture.sim..";
    private static final String KERNEL = "org.proxytorture.kernel..";
    private static final String TORTURE = "org.proxytorture.torture..";
    private static final String CLI = "org.proxytorture.cli..";
    private static final String CHECK = "org.proxytorture.check..";
    /** The run layer: the one place that boots a machine for a scenario (package org.proxytorture.run). */
    private static final String RUN = "org.proxytorture.run..";
    private static final String EXPLORE = "org.proxytorture.explore..";
    /** trace: its TraceRecorder and ForcedChoices run inside a run; the renderings follow the same rules. */
    private static final String TRACE = "org.proxytorture.trace..";
    private static final String[] MODEL = {SIM, KERNEL, TORTURE, CHECK, TRACE};

    /** An access (call or method/constructor reference) to {@code owner.name}, any overload. */
    private static DescribedPredicate<JavaAccess<?>> access(Class<?> owner, String... names) {
        List<String> ns = Arrays.asList(names);
        return DescribedPredicate.describe(owner.getSimpleName() + "." + String.join("/", names),
                a -> a.getTargetOwner().isEquivalentTo(owner) && ns.contains(a.getTarget().getName()));
    }

    /** Any access to a method called {@code name} on a class in {@code pkg} (e.g. java.time's now()). */
    private static DescribedPredicate<JavaAccess<?>> accessInPackage(String pkg, String name) {
        return DescribedPredicate.describe(pkg + ".*." + name,
                a -> a.getTargetOwner().getPackageName().equals(pkg) && a.getTarget().getName().equals(name));
    }

    private static DescribedPredicate<JavaAccess<?>> constructorOf(Class<?> type) {
        return DescribedPredicate.describe("new " + type.getSimpleName(),
                a -> a.getTargetOwner().isEquivalentTo(type) && a.getTarget().getName().equals("<init>"));
    }

    @ArchTest
    static final ArchRule no_wall_clock = noClasses().that().resideInAnyPackage(MODEL)
            .should().accessTargetWhere(access(System.class, "currentTimeMillis", "nanoTime")
                    .or(accessInPackage("java.time", "now"))
                    .or(access(java.time.Clock.class, "systemUTC", "systemDefaultZone")))
            .because("simulated time is the only clock inside a run: the wall clock differs between two runs of the same seed");

    @ArchTest
    static final ArchRule no_math_random = noClasses().that().resideInAnyPackage(MODEL)
            .should().accessTargetWhere(access(Math.class, "random").or(access(StrictMath.class, "random")))
            .because("every decision goes through ChoiceSource.choose(n), so that a seed or a choice list reproduces it");

    @ArchTest
    static final ArchRule no_jdk_random = noClasses().that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat(assignableTo(Random.class)
                    .or(assignableTo(ThreadLocalRandom.class))
                    .or(assignableTo(SecureRandom.class)))
            .because("randomness comes from the ChoiceSource (SplitMix64 from the seed, or a recorded list), never from"
                    + " java.util.Random and its kin, so that shrinking and replay see every decision");

    @ArchTest
    static final ArchRule no_threads = noClasses().that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat(assignableTo(Thread.class))
            .because("emulated CPUs are interleaved by the event loop, not by JVM threads: a JVM thread (or a sleep)"
                    + " makes the order of events depend on the host scheduler");

    @ArchTest
    static final ArchRule no_executors = noClasses().that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat(assignableTo(Executor.class)
                    .or(assignableTo(Executors.class))
                    .or(assignableTo(CompletableFuture.class))
                    .or(assignableTo(ForkJoinTask.class))
                    .or(assignableTo(java.util.Timer.class)))
            .because("executors, fork/join and java.util.Timer run code on JVM threads, in an order the host chooses");

    @ArchTest
    static final ArchRule no_parallel_streams = noClasses().that().resideInAnyPackage(MODEL)
            .should().accessTargetWhere(DescribedPredicate.describe("parallel()/parallelStream()",
                    (JavaAccess<?> a) -> (a.getTarget().getName().equals("parallel")
                            && a.getTargetOwner().isAssignableTo(java.util.stream.BaseStream.class))
                            || (a.getTarget().getName().equals("parallelStream")
                            && a.getTargetOwner().isAssignableTo(java.util.Collection.class))))
            .because("a parallel stream runs on the common fork/join pool's threads");

    @ArchTest
    static final ArchRule no_new_hash_map_or_set = noClasses().that().resideInAnyPackage(MODEL)
            .should().accessTargetWhere(constructorOf(HashMap.class).or(constructorOf(HashSet.class)))
            .because("HashMap/HashSet iterate in hash order, which for identity-hashed keys differs from run to run;"
                    + " use arrays, ArrayDeque, LinkedHashMap, TreeMap or ids (LinkedHashMap is fine though it extends HashMap)");

    @ArchTest
    static final ArchRule no_hash_map_or_set_fields = noFields().that().areDeclaredInClassesThat().resideInAnyPackage(MODEL)
            .should().haveRawType(HashMap.class).orShould().haveRawType(HashSet.class)
            .because("a field declared as HashMap/HashSet invites iteration in hash order; declare the ordered type"
                    + " (LinkedHashMap, TreeMap, LinkedHashSet, TreeSet)");

    @ArchTest
    static final ArchRule no_hash_map_or_set_return_types = noMethods().that().areDeclaredInClassesThat().resideInAnyPackage(MODEL)
            .should().haveRawReturnType(HashMap.class).orShould().haveRawReturnType(HashSet.class)
            .because("a method returning HashMap/HashSet hands its caller a hash-ordered iteration");

    @ArchTest
    static final ArchRule no_salted_immutable_sets_and_maps = noClasses().that().resideInAnyPackage(MODEL)
            .should().accessTargetWhere(access(java.util.Set.class, "of", "copyOf")
                    .or(access(java.util.Map.class, "of", "ofEntries", "copyOf"))
                    .or(access(java.util.stream.Collectors.class, "toSet", "toMap", "groupingBy",
                            "toUnmodifiableSet", "toUnmodifiableMap")))
            .because("Set.of/Map.of iterate in an order salted per JVM start, and Collectors.toSet/toMap/groupingBy"
                    + " build HashSet/HashMap: both iterate differently from run to run (List.of is fine)");

    @ArchTest
    static final ArchRule no_identity_hash = noClasses().that().resideInAnyPackage(MODEL)
            .should().accessTargetWhere(access(System.class, "identityHashCode").or(access(Object.class, "hashCode")))
            .because("identity hash codes differ between JVM runs; the event hash mixes stable ids (pid, class name)");

    @ArchTest
    static final ArchRule sim_knows_nothing_about_kernels = noClasses().that().resideInAPackage(SIM)
            .should().dependOnClassesThat().resideInAnyPackage(KERNEL, TORTURE, CLI, CHECK, TRACE, RUN, EXPLORE)
            .because("ARCHITECTURE.md: sim (clock, event queue, ChoiceSource, event hash) knows nothing about kernels");

    @ArchTest
    static final ArchRule kernel_knows_nothing_about_torture = noClasses().that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat().resideInAnyPackage(TORTURE, CLI, CHECK, TRACE)
            .because("ARCHITECTURE.md: the modelled kernel is driven by torture programs and commands, never the reverse");

    @ArchTest
    static final ArchRule checkers_know_nothing_about_torture = noClasses().that().resideInAPackage(CHECK)
            .should().dependOnClassesThat().resideInAnyPackage(TORTURE, CLI)
            .because("ARCHITECTURE.md: checkers only read the machine (tracepoints and state); a torture run installs them, never the reverse");

    @ArchTest
    static final ArchRule torture_knows_nothing_about_the_checkers = noClasses().that().resideInAPackage(TORTURE)
            .should().dependOnClassesThat().resideInAPackage(CHECK)
            .because("issue 15: the run layer installs the checkers and hands the workload a view of them (torture.Checkers);"
                    + " locktorture does not know lockdep");

    @ArchTest
    static final ArchRule trace_only_reads_the_kernel = noClasses().that().resideInAPackage(TRACE)
            .should().dependOnClassesThat().resideInAnyPackage(TORTURE, CLI, CHECK)
            .because("ARCHITECTURE.md: renderings read tracepoints; a run is started by the cli, which hands the recorder in");

    @ArchTest
    static final ArchRule torture_knows_nothing_about_cli = noClasses().that().resideInAPackage(TORTURE)
            .should().dependOnClassesThat().resideInAPackage(CLI)
            .because("ARCHITECTURE.md: flow is one-directional; the cli drives a torture run, a run never calls back into it");

    @ArchTest
    static final ArchRule the_model_knows_nothing_about_exploration = noClasses().that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat().resideInAnyPackage("org.proxytorture.explore..", CLI)
            .because("ARCHITECTURE.md: the emulator knows nothing of exploration; strategies reach it only through ChoiceSource");

    @ArchTest
    static final ArchRule the_model_knows_nothing_about_the_run_layer = noClasses().that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat().resideInAnyPackage(RUN)
            .because("the run layer assembles a run from the model's parts (machine, workload, checkers, recorder); the parts never call back into it");

    @ArchTest
    static final ArchRule cli_goes_through_the_run_layer = noClasses().that().resideInAPackage(CLI)
            .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(SIM, KERNEL, TORTURE, CHECK, TRACE)
                    .and(DescribedPredicate.not(com.tngtech.archunit.core.domain.JavaClass.Predicates.type(org.proxytorture.check.Identity.class)))
                    .and(DescribedPredicate.not(com.tngtech.archunit.core.domain.JavaClass.Predicates.type(org.proxytorture.sim.ChoiceLog.class))))
            .because("issue 15: the cli parses options into config values (BootArgs, RunConfig) and goes through the run"
                    + " layer (Runner, TraceOutput, RunSummary) and exploration only; it boots, checks and records nothing itself."
                    + " The two values a result carries, its failure Identity and its ChoiceLog, it may print");

    @ArchTest
    static final ArchRule top_level_packages_are_free_of_cycles = slices().matching("org.proxytorture.(*)..").should().beFreeOfCycles()
            .because("issue 15: one direction from sim up to the cli (sim <- kernel <- check, trace <- torture <- run <- explore <- cli)");

    @ArchTest
    static final ArchRule explore_knows_nothing_about_cli = noClasses().that().resideInAPackage("org.proxytorture.explore..")
            .should().dependOnClassesThat().resideInAPackage(CLI)
            .because("the property engine runs inside JUnit tests too: the cli drives exploration, never the reverse");

    @ArchTest
    static final ArchRule only_cli_exits = noClasses().that().resideOutsideOfPackage(CLI)
            .should().accessTargetWhere(access(System.class, "exit").or(access(Runtime.class, "exit", "halt")))
            .because("the exit code (0 success, 1 failure found, 2 bad input) is decided in one place, the cli; a run"
                    + " that exits the JVM would also kill an in-process test or an exploration of many runs");
}
