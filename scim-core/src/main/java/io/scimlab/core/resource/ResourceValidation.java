package io.scimlab.core.resource;

import io.scimlab.core.error.ScimException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Validates the typed resources ({@link User}, {@link Group}, {@link EnterpriseUser}) against their Jakarta
 * Validation constraints with Hibernate Validator, turning violations into one 400 {@code invalidValue}
 * {@link ScimException} that names the attribute path.
 *
 * <p>Jakarta Validation ({@code jakarta.validation:jakarta.validation-api}) and Hibernate Validator
 * ({@code org.hibernate.validator:hibernate-validator}) are optional dependencies of ScimLab: only this class needs
 * them, and the SCIM server validates with its schema-driven readers, never through here. Add both to use it (on
 * the module path, also resolve them: require them from your module or pass
 * {@code --add-modules jakarta.validation,org.hibernate.validator}); without them {@link #validate} throws an
 * {@link IllegalStateException} that says so.
 *
 * <p>Uses Hibernate Validator's parameter message interpolator, so no Jakarta Expression Language
 * implementation is needed on the classpath. The validator is built once and is thread-safe.
 */
public final class ResourceValidation {
    /** What {@link #validate} says when the optional dependencies are missing. */
    static final String MISSING = "typed validation (ResourceValidation.validate) needs the optional dependencies"
            + " jakarta.validation:jakarta.validation-api and org.hibernate.validator:hibernate-validator (with its"
            + " dependencies) on the class path; on the module path, also resolve the modules jakarta.validation and"
            + " org.hibernate.validator (require them, or --add-modules jakarta.validation,org.hibernate.validator)";

    private static final @Nullable String ABSENT = absent();

    private ResourceValidation() {}

    /** The first missing class of the optional dependencies, or null when both are there. */
    private static @Nullable String absent() {
        ClassLoader loader = ResourceValidation.class.getClassLoader();
        for (String name : new String[] {"jakarta.validation.Validation",
                "org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator"}) {
            try {
                // Not initialised: only whether it can be seen from this module is asked.
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return name;
            }
        }
        return null;
    }

    /**
     * Checks a typed resource's constraints.
     *
     * @param resource a {@link User}, {@link Group}, or any other constrained object
     * @param <T> its type
     * @return the resource, when it is valid
     * @throws ScimException 400 {@code invalidValue} naming the first violated attribute path (in path order)
     * @throws IllegalStateException when Jakarta Validation or Hibernate Validator is not on the class or module
     *     path (they are optional dependencies)
     */
    public static <T> T validate(T resource) {
        Objects.requireNonNull(resource, "resource");
        if (ABSENT != null) {
            throw new IllegalStateException(MISSING + " (" + ABSENT + " is not there)");
        }
        try {
            return BeanValidator.validate(resource);
        } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
            // Both APIs are there, but not everything they need (jboss-logging, classmate).
            throw new IllegalStateException(MISSING, e);
        }
    }
}
