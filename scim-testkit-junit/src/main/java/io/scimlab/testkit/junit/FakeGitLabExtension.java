package io.scimlab.testkit.junit;

import io.scimlab.testkit.gitlab.FakeGitLab;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link FakeGitLab} per test class and injects it into constructors, lifecycle methods and tests
 * that declare a {@code FakeGitLab} parameter. Use {@code @ExtendWith(FakeGitLabExtension.class)} for a
 * self-managed fake, or register {@link #gitlabCom()} with {@code @RegisterExtension} in a static field.
 */
public final class FakeGitLabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FakeGitLabExtension.class);

    private final FakeGitLab.Mode mode;

    /** A self-managed fake per test class. */
    public FakeGitLabExtension() {
        this(FakeGitLab.Mode.SELF_MANAGED);
    }

    private FakeGitLabExtension(FakeGitLab.Mode mode) {
        this.mode = mode;
    }

    /**
     * An extension whose fake imitates GitLab.com.
     *
     * @return the extension
     */
    public static FakeGitLabExtension gitlabCom() {
        return new FakeGitLabExtension(FakeGitLab.Mode.GITLAB_COM);
    }

    /**
     * An extension whose fake imitates a self-managed instance.
     *
     * @return the extension
     */
    public static FakeGitLabExtension selfManaged() {
        return new FakeGitLabExtension(FakeGitLab.Mode.SELF_MANAGED);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fake(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FakeGitLab fake = context.getStore(NS).remove(FakeGitLab.class, FakeGitLab.class);
        if (fake != null) {
            fake.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeGitLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fake(context);
    }

    private FakeGitLab fake(ExtensionContext context) {
        // The class-level store outlives each test, so every test of the class shares one fake.
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NS).getOrComputeIfAbsent(FakeGitLab.class,
                k -> FakeGitLab.builder().mode(mode).start(), FakeGitLab.class);
    }
}
