package io.scimlab.core.resource;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.schema.SchemaRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Validates the typed resources ({@link User}, {@link Group}, {@link EnterpriseUser}) against their Jakarta
 * Validation constraints with Hibernate Validator, turning violations into one 400 {@code invalidValue}
 * {@link ScimException} that names the attribute path.
 *
 * <p>Uses Hibernate Validator's parameter message interpolator, so no Jakarta Expression Language
 * implementation is needed on the classpath. The validator is built once and is thread-safe.
 */
public final class ResourceValidation {
    private static final Validator VALIDATOR = buildValidator();

    private ResourceValidation() {}

    private static Validator buildValidator() {
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()) {
            return factory.getValidator();
        }
    }

    /**
     * Checks a typed resource's constraints.
     *
     * @param resource a {@link User}, {@link Group}, or any other constrained object
     * @param <T> its type
     * @return the resource, when it is valid
     * @throws ScimException 400 {@code invalidValue} naming the first violated attribute path (in path order)
     */
    public static <T> T validate(T resource) {
        Set<ConstraintViolation<T>> violations = VALIDATOR.validate(resource);
        if (!violations.isEmpty()) {
            ConstraintViolation<T> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .orElseThrow();
            String path = attributePath(first.getPropertyPath().toString());
            throw ScimException.invalidValue((path.isEmpty() ? "" : path + ": ") + first.getMessage()
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        return resource;
    }

    /** Bean property paths to SCIM attribute paths: {@code emails[0].value.<optional element>} -> {@code emails[0].value}. */
    private static String attributePath(String propertyPath) {
        String path = propertyPath.replace(".<optional element>", "").replace("<optional element>", "")
                .replace(".<list element>", "").replace("<list element>", "");
        path = path.replace("atMostOnePrimaryEach", "").replace("enterprise.", SchemaRegistry.ENTERPRISE_USER_SCHEMA + ":");
        return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
    }
}
