package io.scimlab.testkit.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * An ordered list of steps sharing state (ids the server assigned). JUnit runs dynamic tests in order; once a
 * step fails, the steps after it are aborted with the name of the step they depended on, so a report shows
 * the first real failure rather than a cascade.
 */
final class Sequence {
    private final String client;
    private final List<DynamicTest> steps = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private @Nullable String failed;

    Sequence(String client) {
        this.client = client;
    }

    interface Step {
        void run() throws Exception;
    }

    Sequence step(String name, Step body) {
        steps.add(DynamicTest.dynamicTest(name, () -> {
            if (failed != null) {
                throw new TestAbortedException(client + " › " + name + ": skipped, an earlier step failed: "
                        + failed);
            }
            try {
                body.run();
            } catch (AssertionError | RuntimeException e) {
                failed = name;
                throw new AssertionError(client + " › " + name + ": " + e.getMessage(), e);
            }
        }));
        return this;
    }

    void put(String key, String value) {
        values.put(key, value);
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("no " + key + " recorded by an earlier step");
        }
        return value;
    }

    DynamicNode build() {
        return DynamicContainer.dynamicContainer(client, Stream.of(steps.toArray(new DynamicTest[0])));
    }
}
