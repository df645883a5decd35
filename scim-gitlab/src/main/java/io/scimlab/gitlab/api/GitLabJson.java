package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads GitLab's JSON answers into the value types ({@link GitLabUser}, {@link Member}, ...) by hand: no
 * reflection (so the module needs no {@code opens}), and GitLab's nulls become empty Optionals in one place.
 */
final class GitLabJson {
    private GitLabJson() {
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v.asText());
    }

    static String textOr(JsonNode node, String field, String fallback) {
        return text(node, field).orElse(fallback);
    }

    static Optional<Long> number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.canConvertToLong() || (v.isTextual() && v.asText().matches("-?\\d+"))
                ? Optional.of(v.asLong()) : Optional.empty();
    }

    static Optional<LocalDate> date(JsonNode node, String field) {
        return text(node, field).flatMap(s -> {
            try {
                // GitLab has sent both dates and date-times for expires_at over the years.
                return Optional.of(s.length() > 10 ? OffsetDateTime.parse(s).toLocalDate() : LocalDate.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    static Optional<Instant> instant(JsonNode node, String field) {
        return text(node, field).flatMap(s -> {
            try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    static Identity identity(JsonNode node) {
        return new Identity(textOr(node, "provider", ""), textOr(node, "extern_uid", ""));
    }

    static GitLabUser user(JsonNode n) {
        List<Identity> identities = new ArrayList<>();
        n.path("identities").forEach(i -> identities.add(identity(i)));
        return new GitLabUser(n.path("id").asLong(), textOr(n, "username", ""), textOr(n, "name", ""),
                UserState.of(textOr(n, "state", "")), text(n, "email"), identities,
                n.path("is_admin").asBoolean(false),
                n.path("external").asBoolean(false), n.path("bot").asBoolean(false), text(n, "note"),
                instant(n, "created_at"));
    }

    static GitLabGroup group(JsonNode n) {
        return new GitLabGroup(n.path("id").asLong(), textOr(n, "name", ""), textOr(n, "path", ""),
                textOr(n, "full_path", ""), number(n, "parent_id"));
    }

    static GitLabProject project(JsonNode n) {
        return new GitLabProject(n.path("id").asLong(), textOr(n, "name", ""), textOr(n, "path", ""),
                textOr(n, "path_with_namespace", ""), n.path("namespace").path("id").asLong());
    }

    static Member member(JsonNode n) {
        JsonNode saml = n.path("group_saml_identity");
        Optional<Long> memberRole = number(n, "member_role_id");
        if (memberRole.isEmpty() && n.path("member_role").isObject()) {
            memberRole = number(n.path("member_role"), "id");
        }
        return new Member(n.path("id").asLong(), textOr(n, "username", ""), textOr(n, "name", ""),
                textOr(n, "state", ""), AccessLevel.of(n.path("access_level").asInt()), date(n, "expires_at"),
                memberRole, saml.isObject() ? Optional.of(identity(saml)) : Optional.empty());
    }

    static SamlGroupLink samlGroupLink(JsonNode n) {
        return new SamlGroupLink(textOr(n, "name", ""), AccessLevel.of(n.path("access_level").asInt()),
                number(n, "member_role_id"));
    }

    static ServiceAccount serviceAccount(JsonNode n) {
        return new ServiceAccount(n.path("id").asLong(), textOr(n, "username", ""), textOr(n, "name", ""),
                text(n, "email"));
    }

    static AccessToken token(JsonNode n) {
        List<String> scopes = new ArrayList<>();
        n.path("scopes").forEach(s -> scopes.add(s.asText()));
        return new AccessToken(n.path("id").asLong(), textOr(n, "name", ""), n.path("user_id").asLong(), scopes,
                n.path("active").asBoolean(false), n.path("revoked").asBoolean(false), date(n, "expires_at"),
                text(n, "token"));
    }

    static MemberRole memberRole(JsonNode n) {
        return new MemberRole(n.path("id").asLong(), textOr(n, "name", ""),
                AccessLevel.of(n.path("base_access_level").asInt()), number(n, "group_id"));
    }

    static GitLabVersion version(JsonNode n) {
        return GitLabVersion.parse(textOr(n, "version", ""), n.path("enterprise").asBoolean(false));
    }

    static GitLabAuditEvent auditEvent(JsonNode n) {
        JsonNode details = n.path("details");
        return new GitLabAuditEvent(n.path("id").asLong(), n.path("author_id").asLong(), n.path("entity_id").asLong(),
                textOr(n, "entity_type", ""), text(n, "event_name"),
                details.isObject() ? details : JsonNodeFactory.instance.objectNode(), instant(n, "created_at"));
    }
}
