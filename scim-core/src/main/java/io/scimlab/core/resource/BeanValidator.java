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
 * The only class of ScimLab that touches Jakarta Validation and Hibernate Validator, both optional dependencies:
 * {@link ResourceValidation} loads it only after checking they are there, so nothing else needs them at run
 * time.
 */
final class BeanValidator {
    // Built on first use (class initialization), once; the validator is thread-safe.
    private static final Validator VALIDATOR = buildValidator();

    private BeanValidator() {}

    private static Validator buildValidator() {
        // The parameter interpolator needs no Jakarta Expression Language implementation on the class path.
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()) {
            return factory.getValidator();
        }
    }

    static <T> T validate(T resource) {
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
