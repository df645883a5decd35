package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.serviceaccount.ServiceAccounts;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SCIM user attributes that matter to GitLab, read from a resource, each within the length GitLab and the
 * state store take ({@link Bounds}: a longer value is a 400 {@code invalidValue} naming the attribute).
 *
 * @param userName   the userName
 * @param externalId the externalId
 * @param email      the primary (else work, else first) email; without SCIM "emails", the userName when it is an
 *                   email address (Okta and Entra often send only that)
 * @param name       the name GitLab shows: displayName, else name.formatted, else given + family, else userName
 * @param active     the active flag (true when absent)
 * @param serviceAccount whether the user is a service account ({@link ServiceAccounts#isServiceAccount})
 */
record ScimUser(String userName, Optional<String> externalId, Optional<String> email, String name,
        boolean active, boolean serviceAccount) {
    /** An address GitLab takes: one {@code @}, something on both sides, no whitespace. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    static ScimUser of(ScimResource r) {
        String userName = Bounds.require("userName", text(r.get("userName")).orElseThrow(
                () -> ScimException.invalidValue("userName is required")), Bounds.USER_NAME);
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
                    email = Optional.of(Bounds.require("emails.value", value.asText().trim(), Bounds.EMAIL));
                    break;
                }
            }
            if (email.isPresent()) {
                break;
            }
        }
        if (email.isEmpty() && EMAIL.matcher(userName.trim()).matches()) {
            email = Optional.of(Bounds.require("userName (used as the email)", userName.trim(), Bounds.EMAIL));
        }
        Optional<String> display = text(r.get("displayName"));
        Optional<String> formatted = text(r.get("name.formatted"));
        String given = text(r.get("name.givenName")).orElse("");
        String family = text(r.get("name.familyName")).orElse("");
        String joined = (given + " " + family).trim();
        String source = display.isPresent() ? "displayName" : formatted.isPresent() ? "name.formatted"
                : joined.isEmpty() ? "userName" : "name.givenName and name.familyName";
        String name = Bounds.require(source + " (the name GitLab shows)", display.or(() -> formatted)
                .orElse(joined.isEmpty() ? userName : joined), Bounds.NAME);
        Optional<String> externalId = text(r.get("externalId"));
        externalId.ifPresent(x -> Bounds.require("externalId", x, Bounds.EXTERNAL_ID));
        if (externalId.filter(x -> x.equals(".") || x.equals("..")).isPresent()) {
            // On GitLab.com the externalId is the SCIM id in GitLab's URLs, where "." and ".." name other resources.
            throw ScimException.invalidValue("externalId \"" + externalId.get() + "\" cannot name an identity");
        }
        return new ScimUser(userName, externalId, email, name, active(r), ServiceAccounts.isServiceAccount(r));
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

    /** The email GitLab needs for a person's account. */
    String requireEmail() {
        return email.orElseThrow(() -> ScimException.invalidValue("emails is required: GitLab needs an email "
                + "address, and userName " + Bounds.echo(userName) + " is not one"));
    }

    private static Optional<String> text(JsonNode n) {
        return n.isValueNode() && !n.isNull() && !n.asText().isBlank() ? Optional.of(n.asText())
                : Optional.empty();
    }
}
