package io.quiver.it.cluster;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the JUnit tests of one package found anywhere on the class path (also inside a test-jar) in
 * this JVM through the JUnit Platform Launcher, leaving out tests with one tag, and reports every test:
 * each result as it ends, each excluded test with its reason, each failure with its stack trace.
 *
 * @param packageName the package whose test classes run (sub-packages included)
 * @param excludedTag tests carrying this tag (on the method or its class) do not run
 * @param reason the reason an excluded test gives, read from the test's method
 */
record PackageSuite(String packageName, String excludedTag, Function<Method, Optional<String>> reason) {

    /**
     * What a run found and did.
     *
     * @param discovered the tests in the package before the tag is excluded
     */
    record Result(TestExecutionSummary summary, long discovered, List<String> excluded, long durationMillis) {
        Result {
            excluded = List.copyOf(excluded);
        }

        long problems() {
            return summary.getTotalFailureCount()
                    + summary.getTestsAbortedCount()
                    + summary.getTestsSkippedCount()
                    + summary.getContainersAbortedCount()
                    + summary.getContainersSkippedCount();
        }
    }

    PackageSuite {
        if (packageName.isBlank() || excludedTag.isBlank()) {
            throw new IllegalArgumentException("package name and excluded tag must not be blank");
        }
    }

    /** Runs the suite, printing progress and the report to {@code out}. */
    Result run(PrintStream out) {
        Launcher launcher = LauncherFactory.create();
        TestPlan everything = launcher.discover(request(false));
        List<String> excluded = excluded(everything);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long begin = System.nanoTime();
        launcher.execute(request(true), summary, new Progress(out));
        long millis = (System.nanoTime() - begin) / 1_000_000;
        Result result = new Result(
                summary.getSummary(), everything.countTestIdentifiers(TestIdentifier::isTest), excluded, millis);
        report(result, out);
        return result;
    }

    private LauncherDiscoveryRequest request(boolean withExclusion) {
        var builder = LauncherDiscoveryRequestBuilder.request().selectors(selectPackage(packageName));
        if (withExclusion) {
            builder.filters(TagFilter.excludeTags(excludedTag));
        }
        return builder.build();
    }

    /** The tests of the whole plan that carry the tag, each as "Class#method: reason". */
    private List<String> excluded(TestPlan plan) {
        List<String> excluded = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                if (!test.isTest() || !hasTag(plan, test)) {
                    continue;
                }
                Optional<Method> method = test.getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(source -> ((MethodSource) source).getJavaMethod());
                String name = method.map(m -> m.getDeclaringClass().getSimpleName() + "#" + m.getName())
                        .orElse(test.getDisplayName());
                String why = method.flatMap(reason).orElse("(no reason given)");
                excluded.add(name + ": " + why);
            }
        }
        return excluded;
    }

    private boolean hasTag(TestPlan plan, TestIdentifier test) {
        for (Optional<TestIdentifier> at = Optional.of(test); at.isPresent(); at = plan.getParent(at.get())) {
            if (at.get().getTags().stream().anyMatch(tag -> tag.getName().equals(excludedTag))) {
                return true;
            }
        }
        return false;
    }

    private void report(Result result, PrintStream out) {
        PrintWriter writer = new PrintWriter(out, true);
        TestExecutionSummary summary = result.summary();
        summary.printFailuresTo(writer, 200);
        writer.printf(
                "%s: %d tests found, %d succeeded, %d failed, %d aborted, %d skipped; %d excluded (tag %s),"
                        + " %d container failures; %d s%n",
                packageName,
                summary.getTestsFoundCount(),
                summary.getTestsSucceededCount(),
                summary.getTestsFailedCount(),
                summary.getTestsAbortedCount(),
                summary.getTestsSkippedCount(),
                result.excluded().size(),
                excludedTag,
                summary.getContainersFailedCount(),
                result.durationMillis() / 1000);
        result.excluded().forEach(line -> writer.println("  excluded " + line));
    }

    /** Prints each test's outcome and duration as it ends. */
    private static final class Progress implements TestExecutionListener {
        private final PrintStream out;
        private final Map<String, Long> started = new ConcurrentHashMap<>();

        Progress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void executionStarted(TestIdentifier test) {
            started.put(test.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            out.printf("[suite] SKIPPED %s: %s%n", name(test), reason);
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            long millis = (System.nanoTime() - started.getOrDefault(test.getUniqueId(), System.nanoTime())) / 1_000_000;
            if (test.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                out.printf(
                        "[suite] %s %s (%d ms)%s%n",
                        result.getStatus(),
                        name(test),
                        millis,
                        result.getThrowable().map(t -> ": " + t).orElse(""));
            }
        }

        private static String name(TestIdentifier test) {
            return test.getSource().map(PackageSuite.Progress::describe).orElse(test.getDisplayName());
        }

        private static String describe(TestSource source) {
            if (source instanceof MethodSource method) {
                String className = method.getClassName();
                return className.substring(className.lastIndexOf('.') + 1) + "#" + method.getMethodName();
            }
            return source.toString();
        }
    }

    /** The value of annotation {@code type} on {@code method} or else on its class, via {@code value}. */
    static <A extends Annotation> Optional<String> annotationValue(
            Method method, Class<A> type, Function<A, String> value) {
        for (AnnotatedElement element : List.of(method, method.getDeclaringClass())) {
            A annotation = element.getAnnotation(type);
            if (annotation != null) {
                return Optional.of(value.apply(annotation));
            }
        }
        return Optional.empty();
    }
}
