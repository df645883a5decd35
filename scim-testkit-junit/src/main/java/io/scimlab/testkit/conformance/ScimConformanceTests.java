package io.scimlab.testkit.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Extend this in a consumer's test sources to run the conformance sequences against their endpoint:
 * implement {@link #target()} (start the server in a {@code @BeforeAll} if needed).
 */
public abstract class ScimConformanceTests {
    /** Creates the suite; JUnit calls the factories. */
    protected ScimConformanceTests() {}

    /**
     * The endpoint under test.
     *
     * @return the base URL and token
     */
    protected abstract ScimTarget target();

    /**
     * Whether the endpoint serves {@code /Groups}.
     *
     * @return true by default
     */
    protected boolean groups() {
        return true;
    }

    /**
     * The RFC, Okta, Entra, JumpCloud and OneLogin sequences ({@link ScimConformance#all()}).
     *
     * @return the dynamic tests
     */
    @TestFactory
    public Stream<DynamicNode> scimConformance() {
        return ScimConformance.builder(target()).groups(groups()).build().all();
    }
}
