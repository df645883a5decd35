package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.serviceaccount.ServiceAccounts;
import java.util.Optional;

/**
 * The SCIM user attributes that matter to GitLab, read from a resource.
 *
 * @param userName   the userName
 * @param externalId the externalId
 * @param email      the primary (else work, else first) email
 * @param name       the name GitLab shows: displayName, else name.formatted, else given + family, else userName
 * @param active     the active flag (true when absent)
 * @param serviceAccount whether the user is a service account ({@link ServiceAccounts#isServiceAccount})
 */
record ScimUser(String userName, Optional<String> externalId, Optional<String> email, String name,
        boolean active, boolean serviceAccount) {

    static ScimUser of(ScimResource r) {
        String userName = text(r.get("userName")).orElseThrow(() -> ScimException.invalidValue(
                "userName is required"));
        Optional<String> email = Optional.empty();
        JsonNode emails = r.get("emails");
        for (String pass : new String[] {"primary", "work", "any"}) {
            for (JsonNode e : emails) {
                JsonNode value = ScimResource.member(e, "value");
                boolean hit = switch (pass) {
                    case "primary" -> ScimResource.member(e, "primary").asBoolean(false);
                    case "work" -> "work".equalsIgnoreCase(ScimResource.member(e, "type").asText(""));
                    default -> true;
                };
                if (hit && value.isTextual() && !value.asText().isBlank()) {
                    email = Optional.of(value.asText().trim());
                    break;
                }
            }
            if (email.isPresent()) {
                break;
            }
        }
        Optional<String> display = text(r.get("displayName"));
        Optional<String> formatted = text(r.get("name.formatted"));
        String given = text(r.get("name.givenName")).orElse("");
        String family = text(r.get("name.familyName")).orElse("");
        String joined = (given + " " + family).trim();
        String name = display.or(() -> formatted).orElse(joined.isEmpty() ? userName : joined);
        return new ScimUser(userName, text(r.get("externalId")), email, name, active(r),
                ServiceAccounts.isServiceAccount(r));
    }

    /**
     * The active flag alone (true when absent; {@code "False"} as Entra sends it is false), readable even when the
     * rest of the resource is not: a deactivation must not wait for a valid userName.
     */
    static boolean active(ScimResource r) {
        JsonNode active = r.get("active");
        if (active.isTextual()) {
            return !"false".equalsIgnoreCase(active.asText().trim());
        }
        if (active.isBoolean()) {
            return active.booleanValue();
        }
        return active.isMissingNode() || active.isNull() || active.asBoolean(true);
    }

    String requireEmail() {
        return email.orElseThrow(() -> ScimException.invalidValue("GitLab needs an email: emails is required"));
    }

    private static Optional<String> text(JsonNode n) {
        return n.isValueNode() && !n.isNull() && !n.asText().isBlank() ? Optional.of(n.asText())
                : Optional.empty();
    }
}
