package org.proxytorture.explore.property;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.proxytorture.explore.PropertyCheck;

/**
 * The JUnit 5 side of {@link TortureProperty}: resolves the method's {@link PropertyContext}
 * parameter from the annotation, and after the method has run (passed or failed) publishes, for
 * each property it checked, a report entry with its name, seed, tries run, wall time, verdict and
 * statistics table. (Surefire's XML report has no place for report entries; the property printed
 * the same lines, which it keeps in the test's {@code <system-out>}.)
 */
public final class TorturePropertyExtension implements ParameterResolver, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TorturePropertyExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PropertyContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Method m = context.getRequiredTestMethod();
        TortureProperty settings = m.getAnnotation(TortureProperty.class);
        if (settings == null)
            throw new ParameterResolutionException(m.getName() + ": a PropertyContext parameter needs the method annotated @TortureProperty (its tries, seed, database)");
        String name = settings.name().isEmpty() ? m.getDeclaringClass().getSimpleName() + "." + m.getName() : settings.name();
        PropertyContext p = new PropertyContext(name, settings);
        context.getStore(NAMESPACE).put(PropertyContext.class, p);
        return p;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        PropertyContext p = context.getStore(NAMESPACE).get(PropertyContext.class, PropertyContext.class);
        if (p == null) return;
        for (PropertyCheck c : p.checks()) context.publishReportEntry(entry(c.report()));
    }

    /** One report entry: the keys in a fixed order, the statistics table one line per row. */
    static Map<String, String> entry(PropertyCheck.Report r) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("proxytorture.property", r.name());
        e.put("proxytorture.seed", Long.toString(r.seed()));
        e.put("proxytorture.tries", r.triesRun() + " of " + r.tries() + " run, " + r.wallMs() + " ms");
        e.put("proxytorture.verdict", r.verdict());
        if (!r.statistics().isEmpty()) e.put("proxytorture.statistics", "\n" + String.join("\n", r.statistics()));
        if (!r.otherFailures().isEmpty()) e.put("proxytorture.failed-by-themselves", String.join("; ", r.otherFailures()));
        return e;
    }
}
