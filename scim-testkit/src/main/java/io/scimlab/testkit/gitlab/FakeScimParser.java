package io.scimlab.testkit.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How GitLab reads SCIM requests ({@code ee/lib/gitlab/scim/params_parser.rb}, {@code filter_parser.rb},
 * {@code attribute_transform.rb}, {@code value_parser.rb}): exact, case-sensitive attribute names; only {@code eq};
 * a PATCH value without {@code path} contributes its first key only.
 */
final class FakeScimParser {
    /** {@code AttributeTransform}: SCIM attribute to GitLab field; every other name is ignored. */
    private static final Map<String, String> ATTRIBUTES = Map.of(
            "id", "extern_uid",
            "externalId", "extern_uid",
            "active", "active",
            "userName", "username",
            "displayName", "name",
            "name.formatted", "name",
            "emails[type eq \"work\"].value", "email");

    /** A parsed filter: the GitLab field and the value. */
    record Filter(String field, String value) {
    }

    private FakeScimParser() {
    }

    /**
     * {@code FilterParser}: Ruby's {@code split(' ')} into attribute, operator and value (a value with a space keeps
     * its first word); the operator must be exactly {@code eq} and the attribute an exact known name, and the finder
     * only searches by extern uid and user name. Anything else is GitLab's 412 {@code Unsupported Filter}.
     */
    static Filter filter(String text) {
        String[] parts = text.trim().split("\\s+", -1);
        if (parts.length < 3 || !parts[1].equals("eq") || !ATTRIBUTES.containsKey(parts[0])) {
            throw FakeError.scim(412, "Unsupported Filter");
        }
        String field = ATTRIBUTES.get(parts[0]);
        if (!field.equals("extern_uid") && !field.equals("username")) {
            throw FakeError.scim(412, "Unsupported Filter");
        }
        return new Filter(field, parts[2].replace("\"", ""));
    }

    /**
     * {@code ParamsParser#update_params}: the {@code add} and {@code replace} operations merged in order, keyed by
     * GitLab field. With {@code path}, the path names the attribute; without, only the first key of the value object
     * counts.
     */
    static Map<String, Object> patch(JsonNode body) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (JsonNode op : body.path("Operations")) {
            String kind = op.path("op").asText("").toLowerCase(Locale.ROOT);
            if (!kind.equals("add") && !kind.equals("replace")) {
                continue;
            }
            String attribute;
            JsonNode value;
            if (op.hasNonNull("path")) {
                attribute = op.path("path").asText();
                value = op.path("value");
            } else if (op.path("value").isObject() && op.path("value").size() > 0) {
                Iterator<Map.Entry<String, JsonNode>> first = op.path("value").properties().iterator();
                Map.Entry<String, JsonNode> e = first.next();
                attribute = e.getKey();
                value = e.getValue();
            } else {
                continue;
            }
            String field = ATTRIBUTES.get(attribute);
            if (field != null) {
                result.put(field, value(value));
            }
        }
        return result;
    }

    /** {@code ValueParser}: {@code true}/{@code false} in any case are booleans; quotes are stripped from text. */
    static Object value(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String text = v.isValueNode() ? v.asText() : v.toString();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
        }
        return text.replace("\"", "");
    }

    /** {@code ParamsParser#post_params}: extern uid, user name, the work (or primary) email, name, active. */
    static Map<String, String> post(JsonNode body) {
        Map<String, String> result = new LinkedHashMap<>();
        text(body, "externalId").or(() -> text(body, "id")).ifPresent(v -> result.put("extern_uid", v));
        text(body, "userName").ifPresent(v -> result.put("username", v));
        for (JsonNode e : body.path("emails")) {
            if ("work".equals(e.path("type").asText()) || e.path("primary").asBoolean(false)) {
                result.put("email", e.path("value").asText());
                break;
            }
        }
        String name = body.path("name").path("formatted").asText(
                (body.path("name").path("givenName").asText("") + " " + body.path("name").path("familyName")
                        .asText("")).trim());
        if (name.isEmpty()) {
            name = body.path("displayName").asText("");
        }
        if (!name.isEmpty()) {
            result.put("name", name);
        }
        return result;
    }

    /** The required POST parameters that are missing, as Ruby prints the array. */
    static Optional<String> missing(Map<String, String> post) {
        List<String> missing = List.of("extern_uid", "email", "username").stream()
                .filter(k -> post.get(k) == null || post.get(k).isBlank()).map(k -> ":" + k).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("Missing params: [" + String.join(", ", missing)
                + "]");
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    /** The request parameters as Ruby's {@code Hash#inspect} prints them, for GitLab's error details. */
    static String inspect(JsonNode v) {
        if (v.isObject()) {
            StringBuilder b = new StringBuilder("{");
            v.properties().forEach(e -> b.append(b.length() > 1 ? ", " : "").append('"').append(e.getKey())
                    .append("\"=>").append(inspect(e.getValue())));
            return b.append('}').toString();
        }
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("[");
            v.forEach(x -> b.append(b.length() > 1 ? ", " : "").append(inspect(x)));
            return b.append(']').toString();
        }
        if (v.isNull()) {
            return "nil";
        }
        return v.isTextual() ? '"' + v.asText() + '"' : v.asText();
    }
}
