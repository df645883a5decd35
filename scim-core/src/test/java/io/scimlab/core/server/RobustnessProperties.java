package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * Adversarial input straight into {@link ScimServer#handle}: whatever arrives, the answer is never a 500, every
 * error is RFC 7644 §3.12 JSON with {@code status} a string equal to the HTTP status and a non-empty
 * {@code detail}, every body is {@code application/scim+json}, neither the bearer token nor a password value is
 * ever echoed, and a failed write leaves every resource exactly as it was.
 */
class RobustnessProperties {
    static final String TOKEN = "tok-9f8e7d6c5b4a-SECRET";
    static final String PASSWORD_MARKER = "pw-Marker-7731";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory N = JsonNodeFactory.instance;

    /** A fresh server over a directory of three users and a group, per try. */
    static final class Fixture {
        final InMemoryDirectory directory = InMemoryDirectory.create();
        final ScimServer server;
        final List<String> userIds = new ArrayList<>();
        String groupId;

        Fixture() {
            this(false);
        }

        Fixture(boolean strict) {
            server = ScimServer.builder().provider(directory.users()).provider(directory.groups())
                    .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                    .limits(Limits.builder().maxBodyBytes(64 * 1024).maxNestingDepth(16)
                            .bulkMaxOperations(10).bulkMaxPayloadBytes(128 * 1024).build())
                    .compatibility(strict ? Compatibility.strictRfc() : Compatibility.lenient())
                    .build();
            for (String name : List.of("bjensen", "jsmith", "\u00fcnic\u00f8de")) {
                ScimResponse r = send(req("POST", "/Users", "{\"schemas\":[\"" + USER_URN + "\",\"" + ENTERPRISE
                        + "\"],\"userName\":\"" + name + "\",\"externalId\":\"x-"
                        + name + "\",\"active\":true,\"password\":\"" + PASSWORD_MARKER + "\",\"name\":{"
                        + "\"givenName\":\"G\",\"familyName\":\"F\"},\"emails\":[{\"value\":\"" + name
                        + "@example.com\",\"type\":\"work\",\"primary\":true}],\"" + ENTERPRISE
                        + "\":{\"employeeNumber\":\"42\",\"manager\":{\"value\":\"m1\"}}}"));
                assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
                userIds.add(json(r).path("id").asText());
            }
            ScimResponse g = send(req("POST", "/Groups", "{\"schemas\":[\"" + GROUP_URN
                    + "\"],\"displayName\":\"Engineering\",\"members\":[{\"value\":\""
                    + userIds.get(0) + "\"},{\"value\":\"" + userIds.get(1) + "\"}]}"));
            assertThat(g.status()).as(g.bodyText()).isEqualTo(201);
            groupId = json(g).path("id").asText();
        }

        ScimResponse send(ScimRequest.Builder b) {
            return server.handle(b.build());
        }

        /** Every resource as a GET answers it, by location. */
        Map<String, String> snapshot() {
            Map<String, String> all = new LinkedHashMap<>();
            for (String endpoint : List.of("/Users", "/Groups")) {
                ScimResponse list = send(auth(ScimRequest.builder("GET", endpoint + "?count=1000")));
                assertThat(list.status()).isEqualTo(200);
                for (JsonNode r : json(list).path("Resources")) {
                    String path = endpoint + "/" + r.path("id").asText();
                    all.put(path, send(auth(ScimRequest.builder("GET", path))).bodyText());
                }
            }
            return all;
        }
    }

    static ScimRequest.Builder auth(ScimRequest.Builder b) {
        return b.header("Authorization", "Bearer " + TOKEN);
    }

    static ScimRequest.Builder req(String method, String path, String body) {
        return auth(ScimRequest.builder(method, path)).header("Content-Type", "application/scim+json")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(ScimResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.bodyText(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generators

    static final List<String> ATTRIBUTE_NAMES = List.of("userName", "name", "name.givenName", "displayName",
            "emails", "emails[type eq \"work\"].value", "members", "members.value", "active", "password", "id",
            "meta", "meta.version", "externalId", "schemas", "title", "phoneNumbers", "addresses", "x509Certificates",
            "roles", "groups", "userType", "preferredLanguage", "timezone", "nickName", "profileUrl", "photos",
            ENTERPRISE, ENTERPRISE + ":manager", ENTERPRISE + ":employeeNumber", ENTERPRISE + ":manager.value",
            "urn:unknown:schema:x", "", " ", "$ref", "value", "primary", "type", "display", "Operations", "op", "path",
            "ÜSERNAME", "\u0000", "\ud83d\ude00", "a.b.c.d", "emails[", "]", "members[value eq \"", "\"");

    static Arbitrary<String> weirdStrings() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "null", "true", "1e999", "-0", "NaN", "\u0000", "\ud800", "\ud83d\ude00",
                        "bulkId:x", "bulkId:", "W/\"1\"", "*", "..", "../..", "%00", "%zz", "<script>",
                        "2008-01-23T04:56:22Z", "not-a-date", "Zm9v", "@@@", "\\", "\"", "'", "a\"b", "\r\n"),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.of(ATTRIBUTE_NAMES),
                Arbitraries.strings().withChars('x').ofMinLength(300).ofMaxLength(3000));
    }

    static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                weirdStrings().map(N::textNode),
                Arbitraries.integers().map(i -> (JsonNode) N.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) N.numberNode(l)),
                Arbitraries.of(new BigInteger("123456789012345678901234567890"), BigInteger.TWO.pow(64).negate())
                        .map(b -> (JsonNode) N.numberNode(b)),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1.5e-400"), new BigDecimal("3.14"))
                        .map(d -> (JsonNode) N.numberNode(d)),
                Arbitraries.doubles().map(d -> (JsonNode) N.numberNode(d)),
                Arbitraries.of(true, false).map(b -> (JsonNode) N.booleanNode(b)),
                Arbitraries.just(N.nullNode()));
    }

    static Arbitrary<JsonNode> values(int depth) {
        if (depth <= 0) {
            return scalars();
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> values(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(5, scalars()),
                Tuple.of(2, inner.list().ofMaxSize(4).map(l -> {
                    ArrayNode a = N.arrayNode();
                    l.forEach(a::add);
                    return (JsonNode) a;
                })),
                Tuple.of(3, objects(inner)));
    }

    static Arbitrary<JsonNode> objects(Arbitrary<JsonNode> member) {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(ATTRIBUTE_NAMES), weirdStrings());
        return Combinators.combine(keys, member).as(Map::entry).list().ofMaxSize(5).map(entries -> {
            ObjectNode o = N.objectNode();
            entries.forEach(e -> o.set(e.getKey(), e.getValue()));
            return (JsonNode) o;
        });
    }

    static ObjectNode validUser(String userName) {
        ObjectNode u = N.objectNode();
        u.putArray("schemas").add(USER_URN).add(ENTERPRISE);
        u.put("userName", userName).put("active", true).put("displayName", "Some One").put("password",
                PASSWORD_MARKER);
        u.putObject("name").put("givenName", "Some").put("familyName", "One");
        u.putArray("emails").addObject().put("value", userName + "@example.com").put("type", "work");
        u.putObject(ENTERPRISE).put("employeeNumber", "7").putObject("manager").put("value", "m");
        return u;
    }

    static ObjectNode validGroup(String displayName) {
        ObjectNode g = N.objectNode();
        g.putArray("schemas").add(GROUP_URN);
        g.put("displayName", displayName);
        g.putArray("members");
        return g;
    }

    /** A valid body with one attribute (possibly nested) replaced by an arbitrary value. */
    static Arbitrary<JsonNode> mutated() {
        Arbitrary<ObjectNode> base = Arbitraries.oneOf(
                Arbitraries.of("newuser", "bjensen", "BJENSEN").map(RobustnessProperties::validUser),
                Arbitraries.of("NewGroup", "Engineering").map(RobustnessProperties::validGroup));
        return Combinators.combine(base, Arbitraries.of(ATTRIBUTE_NAMES), values(3), Arbitraries.integers()
                .between(0, 2)).as((b, key, value, where) -> {
                    ObjectNode target = b;
                    if (where == 1 && b.has("name")) {
                        target = (ObjectNode) b.get("name");
                    } else if (where == 2 && b.has(ENTERPRISE)) {
                        target = (ObjectNode) b.get(ENTERPRISE);
                    }
                    target.set(key, key.equals("password") ? passwordShape(value) : value);
                    return (JsonNode) b;
                });
    }

    /** A (usually wrongly typed) password value that carries the marker, which must never be echoed. */
    static JsonNode passwordShape(JsonNode random) {
        return switch (Math.floorMod(random.toString().hashCode(), 5)) {
            case 0 -> N.arrayNode().add(PASSWORD_MARKER);
            case 1 -> N.objectNode().put("value", PASSWORD_MARKER);
            case 2 -> N.textNode(PASSWORD_MARKER + "\u0000" + random);
            case 3 -> N.arrayNode().add(N.objectNode().put("value", PASSWORD_MARKER)).add(random);
            default -> N.textNode(PASSWORD_MARKER);
        };
    }

    static Arbitrary<String> filters() {
        Arbitrary<String> attr = Arbitraries.of("userName", "name.givenName", "emails", "emails.value",
                "emails.primary", "emails[type eq \"work\"]", "active", "meta.created", "meta.lastModified",
                "meta.version", "id", "externalId", "members", "members.value", "displayName", "x509Certificates.value",
                ENTERPRISE + ":manager.value", ENTERPRISE + ":employeeNumber", "urn:x:nope:attr", "nope",
                "groups.value", "password", "schemas", "name", "UserName", "emails[value pr].type");
        Arbitrary<String> op = Arbitraries.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "xx");
        Arbitrary<String> value = Arbitraries.of("\"bjensen\"", "\"\"", "true", "false", "null", "1", "-1",
                "1e999", "99999999999999999999999", "1.5", "\"2011-05-13T04:42:34Z\"", "\"yesterday\"",
                "\"W/\\\"1\\\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\q\"", "[1]", "{}", "\"unterminated", "");
        Arbitrary<String> comparison = Combinators.combine(attr, op, value).as((a, o, v) -> a + " " + o + " " + v);
        Arbitrary<String> term = Arbitraries.oneOf(comparison, attr.map(a -> a + " pr"),
                comparison.map(c -> "not (" + c + ")"), comparison.map(c -> "emails[" + c + "]"));
        return Combinators.combine(term.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(" and ", " or ", " AND "))
                .as((terms, join) -> String.join(join, terms));
    }

    static Arbitrary<String> patchPaths() {
        return Arbitraries.oneOf(Arbitraries.of(ATTRIBUTE_NAMES), weirdStrings(),
                filters().map(f -> "emails[" + f + "].value"), filters().map(f -> "members[" + f + "]"),
                Arbitraries.of("members[value eq \"%s\"]", "emails[type eq \"work\" and primary eq true].value",
                "emails[value pr]", "emails[type eq]", "members[value eq \"x\"].display", "name[givenName eq \"G\"]",
                "userName[",
                "emails[type eq \"work\"][value pr]", ENTERPRISE + ":manager[value eq \"m1\"]",
                "emails[not (type eq \"work\")]", "members[value sw \"\"]", "groups[value eq \"x\"]",
                "emails[value co \"@\" or type gt 5]", "meta.created", "emails[primary eq \"yes\"]",
                "emails[" + "(".repeat(300) + "type pr" + ")".repeat(300) + "].value",
                "members[" + "not(".repeat(250) + "value pr" + ")".repeat(250) + "]", "a.".repeat(3000) + "b"));
    }

    static Arbitrary<JsonNode> patchOps() {
        Arbitrary<JsonNode> op = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("add", "remove", "replace", "Add", "REPLACE", "move", "", "test")
                        .map(s -> (JsonNode) N.textNode(s)), scalars()),
                Arbitraries.oneOf(patchPaths().map(s -> (JsonNode) N.textNode(s)), scalars(),
                        Arbitraries.just(N.missingNode())),
                Arbitraries.oneOf(values(3), Arbitraries.just(N.missingNode()))).as((o, path, value) -> {
                    ObjectNode node = N.objectNode();
                    node.set("op", o);
                    if (!path.isMissingNode()) {
                        node.set("path", path);
                    }
                    if (!value.isMissingNode()) {
                        node.set("value", value);
                    }
                    return (JsonNode) node;
                });
        return Combinators.combine(op.list().ofMaxSize(4), Arbitraries.of(true, false), values(1),
                Arbitraries.integers().between(0, 3)).as((ops, schemas, garbage, shape) -> {
                    ObjectNode body = N.objectNode();
                    if (schemas) {
                        body.putArray("schemas").add(PATCH_URN);
                    }
                    ArrayNode array = N.arrayNode();
                    ops.forEach(array::add);
                    switch (shape) {
                        case 0 -> body.set("Operations", array);
                        case 1 -> body.set("operations", array);
                        case 2 -> body.set("Operations", garbage);
                        default -> body.set("Operations", ops.isEmpty() ? garbage : ops.get(0));
                    }
                    return (JsonNode) body;
                });
    }

    static Arbitrary<String> rawBodies() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "{", "}", "[]", "null", "1", "\"x\"", "{\"userName\":}", "{\"userName\":\"a\"}x",
                        "{\"userName\":\"dup\",\"userName\":\"dup2\"}",
                        "{\"userName\":\"dup\",\"USERNAME\":{\"a\":1}}",
                        "{\"displayName\":\"g\",\"displayName\":[1,2]}",
                        "{\"userName\":1e99999999}", "{\"userName\":\"a\",\"active\":1e99999999}",
                        "{\"userName\":\"x\",\"name\":" + "[".repeat(40) + "]".repeat(40) + "}",
                        "{\"userName\":\"x\",\"name\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}",
                        "{\"Operations\":" + "[".repeat(100) + "]".repeat(100) + "}",
                        "\u00ef\u00bb\u00bf{\"userName\":\"bom\"}", "{\"userName\":\"\\ud800\"}",
                        "{\"userName\":\"x\",\"emails\":{\"value\":\"a@b\"}}", "{/*c*/\"userName\":\"c\"}",
                        "{'userName':'single'}", "{\"userName\":\"x\"}\u0000", "{\"userName\":\"nan\",\"x\":NaN}",
                        // An unquoted or broken password must not come back in a parser error.
                        "{\"userName\":\"pw\",\"password\":" + PASSWORD_MARKER + "}",
                        "{\"userName\":\"pw\",\"password\":\"" + PASSWORD_MARKER + "\"x}",
                        "{\"userName\":\"pw\",\"password\":\"" + PASSWORD_MARKER + "\\q\"}",
                        "{\"userName\":\"pw\",\"password\":\"" + PASSWORD_MARKER + "\u0001\"}",
                        "{\"schemas\":[\"" + PATCH_URN + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":"
                                + "\"password\",\"value\":" + PASSWORD_MARKER + "}]}",
                        "{\"userName\":\"pw\",\"password\":" + PASSWORD_MARKER + "]"),
                values(4).map(JsonNode::toString),
                mutated().map(JsonNode::toString),
                // Truncated valid JSON.
                Combinators.combine(mutated().map(JsonNode::toString), Arbitraries.integers().between(0, 400))
                        .as((s, n) -> s.substring(0, Math.min(s.length(), n))));
    }

    static Arbitrary<String> queries() {
        Arbitrary<String> names = Arbitraries.of("filter", "sortBy", "sortOrder", "attributes",
                "excludedAttributes", "startIndex", "count", "FILTER", "Count", "", "x");
        Arbitrary<String> values = Arbitraries.oneOf(weirdStrings(), filters(), Arbitraries.of(
                "userName eq \"bjensen\"", "userName eq", "emails[type eq \"work\"]", "emails[", "not(", "((((((",
                "userName sw \"b\" and (active eq true or title pr)", "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
                "meta.lastModified gt \"yesterday\"", "members[value eq \"x\"]", "active eq \"maybe\"",
                "userName eq 1e999", "userName eq 99999999999999999999999", "urn:x:y:z eq 1", "name.givenName",
                "emails.value", "members", "-1", "0", "2147483648", "9223372036854775808", "-9223372036854775809",
                "1.5", " 3 ", "ascending", "descending", "id,userName", ",,,", "userName,", "emails[type eq \"work\"]",
                ENTERPRISE + ":manager.value", "meta", "password", "groups.value", "title gt 1",
                "userName eq \"" + "x".repeat(2000) + "\"", "not (userName pr)",
                "(".repeat(300) + "userName pr" + ")".repeat(300), "not(".repeat(250) + "userName pr"
                        + ")".repeat(250), "emails[".repeat(100) + "value pr" + "]".repeat(100),
                "userName pr" + " or userName pr".repeat(300)));
        Arbitrary<String> pair = Combinators.combine(names, values, Arbitraries.integers().between(0, 2))
                .as((n, v, enc) -> switch (enc) {
                    case 0 -> n + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8);
                    case 1 -> n + "=" + v.replace(' ', '+');
                    default -> n + "=" + v; // raw: may hold %, &, #, quotes
                });
        return pair.list().ofMaxSize(4).map(l -> String.join("&", l));
    }

    /** Path segments; {@code $U} and {@code $G} stand for an existing user's and the group's id. */
    static Arbitrary<String> idSegments() {
        return Arbitraries.oneOf(Arbitraries.of("$U", "$G", "$U%20", "$G/"), Arbitraries.of("", "..",
                "%2e%2e", "%2F", "%00", "%zz", "%", "x%2Fy", "..%2f..", ".search", "a b", "\u00fc", "%C3%BC",
                "%ED%A0%80", "null", "undefined", "bulkId:x"), Arbitraries.strings().ofMaxLength(10),
                Arbitraries.strings().withChars('a', '%', '/', '.').ofMinLength(1).ofMaxLength(5000));
    }

    static Arbitrary<String> paths() {
        Arbitrary<String> endpoint = Arbitraries.of("/Users", "/Groups", "/users", "/Bulk", "/Me", "/Schemas",
                "/ResourceTypes", "/ServiceProviderConfig", "/.search", "", "/", "//Users", "/Users/", "/Nope",
                "/%55sers", "/Users/.search");
        return Combinators.combine(endpoint, idSegments(), Arbitraries.integers().between(0, 3))
                .as((e, id, shape) -> switch (shape) {
                    case 0 -> e;
                    case 1, 2 -> e + "/" + id;
                    default -> e + "/" + id + "/" + id;
                });
    }

    static Arbitrary<List<Map.Entry<String, String>>> headers() {
        Arbitrary<Map.Entry<String, String>> h = Arbitraries.oneOf(
                Arbitraries.of("application/scim+json", "application/json; charset=utf-8", "text/plain", "",
                        ";", "application/scim+json;;;", "APPLICATION/SCIM+JSON", "*/*", "multipart/form-data; b=",
                        "\u00fc/\u00fc").map(v -> Map.entry("Content-Type", v)),
                Arbitraries.oneOf(weirdStrings(), Arbitraries.of("W/\"1\"", "\"1\", W/\"2\"", "*", ",", "W/",
                        "W/\"", "\"")).map(v -> Map.entry("If-Match", v)),
                weirdStrings().map(v -> Map.entry("If-None-Match", v)),
                Arbitraries.of("return=minimal", "return=representation", "", "garbage")
                        .map(v -> Map.entry("Prefer", v)),
                Arbitraries.of("0", "-1", "abc", "99999999999999999999", "10", " 5 ").map(v -> Map.entry(
                        "Content-Length", v)),
                weirdStrings().map(v -> Map.entry("X-Request-Id", v)),
                weirdStrings().map(v -> Map.entry("Accept", v)));
        return h.list().ofMaxSize(3);
    }

    /** The Authorization header: usually the right token, sometimes a variant; null means none. */
    static Arbitrary<String> authorizations() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just("Bearer " + TOKEN)),
                Tuple.of(1, Arbitraries.of("bearer " + TOKEN, "BEARER  " + TOKEN + " ", "Bearer " + TOKEN + "x",
                        "Bearer", "Bearer ", "Basic " + TOKEN, TOKEN, "Bearer " + TOKEN.toLowerCase(),
                        "Bearer " + TOKEN.substring(1), "Token " + TOKEN, "")),
                Tuple.of(1, Arbitraries.just("<none>")));
    }

    static Arbitrary<JsonNode> bulkBodies() {
        Arbitrary<JsonNode> op = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("POST", "PUT", "PATCH", "DELETE", "GET", "post", "")
                        .map(s -> (JsonNode) N.textNode(s)), scalars()),
                Arbitraries.oneOf(Arbitraries.of("/Users", "/Groups", "/Users/bulkId:a", "/Groups/bulkId:b",
                        "/Users/bulkId:nope", "/Bulk", "/", "/Schemas", "/Users/x/y", "Users", "/Users/%zz")
                        .map(s -> (JsonNode) N.textNode(s)), scalars()),
                Arbitraries.oneOf(Arbitraries.of("a", "b", "c", "a").map(s -> (JsonNode) N.textNode(s)), scalars()),
                Arbitraries.oneOf(mutated(), patchOps(), values(2),
                        Arbitraries.just(N.objectNode().put("displayName", "BG").set("members",
                                N.arrayNode().add(N.objectNode().put("value", "bulkId:a")))))).as((m, p, id, d) -> {
                                    ObjectNode o = N.objectNode();
                                    o.set("method", m);
                                    o.set("path", p);
                                    o.set("bulkId", id);
                                    o.set("data", d);
                                    return (JsonNode) o;
                                });
        return Combinators.combine(op.list().ofMaxSize(5), scalars(), Arbitraries.of(true, false))
                .as((ops, failOnErrors, schemas) -> {
                    ObjectNode body = N.objectNode();
                    if (schemas) {
                        body.putArray("schemas").add(BulkHandler.BULK_REQUEST);
                    }
                    body.set("failOnErrors", failOnErrors);
                    ArrayNode a = body.putArray("Operations");
                    ops.forEach(a::add);
                    return (JsonNode) body;
                });
    }

    // ---------------------------------------------------------------------------------------------------------
    // The checks

    static void assertWellFormed(ScimResponse r, String what) {
        String body = r.bodyText();
        assertThat(r.status()).as(what + " -> " + body).isNotEqualTo(500).isBetween(200, 599);
        assertThat(body).as(what).doesNotContain(TOKEN).doesNotContain(PASSWORD_MARKER)
                .doesNotContain("Exception").doesNotContain("\tat ");
        r.headers().forEach((k, v) -> assertThat(v).as(what + " header " + k).doesNotContain(TOKEN));
        if (r.body().length > 0) {
            assertThat(r.header("Content-Type")).as(what).contains(ScimResponse.SCIM_JSON);
            JsonNode json = json(r);
            if (r.status() >= 400) {
                assertError(json, r.status(), what + " -> " + body);
            }
            // Bulk results: every failed operation carries an error body too.
            for (JsonNode op : json.path("Operations")) {
                if (op.has("response")) {
                    int status = Integer.parseInt(op.path("status").asText());
                    assertThat(status).as(what + " bulk op -> " + body).isNotEqualTo(500);
                    assertError(op.path("response"), status, what + " bulk op -> " + body);
                }
            }
        } else if (r.header("Content-Length").isPresent()) {
            // A HEAD answer: GET's status and headers without the body (HeadTest checks them against GET's).
            assertThat(Integer.parseInt(r.header("Content-Length").get())).as(what).isPositive();
            assertThat(r.header("Content-Type")).as(what).contains(ScimResponse.SCIM_JSON);
        } else {
            assertThat(r.status()).as(what).isIn(204, 304);
        }
    }

    static void assertError(JsonNode json, int status, String what) {
        assertThat(json.path("schemas").path(0).asText()).as(what).isEqualTo(ERROR_URN);
        assertThat(json.path("status").isTextual()).as(what).isTrue();
        assertThat(json.path("status").asText()).as(what).isEqualTo(Integer.toString(status));
        assertThat(json.path("detail").asText("")).as(what).isNotBlank();
        if (json.has("scimType")) {
            assertThat(json.path("scimType").asText()).as(what).isIn("invalidFilter", "tooMany", "uniqueness",
                    "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers",
                    "sensitive");
        }
        if (status == 400) {
            assertThat(json.has("scimType")).as("a 400 names its scimType: " + what).isTrue();
        }
    }

    static ScimRequest.Builder build(String method, String path, String query, String auth,
            List<Map.Entry<String, String>> headers, byte[] body) {
        ScimRequest.Builder b = ScimRequest.builder(method, path).query(query);
        if (!auth.equals("<none>")) {
            b.header("Authorization", auth);
        }
        boolean contentType = false;
        for (Map.Entry<String, String> h : headers) {
            b.header(h.getKey(), h.getValue());
            contentType |= h.getKey().equals("Content-Type");
        }
        if (!contentType) {
            b.header("Content-Type", "application/scim+json");
        }
        return b.body(body);
    }

    /** Runs one request and checks the answer; a failed write must leave every resource unchanged. */
    static ScimResponse check(Fixture f, ScimRequest.Builder request, String what) {
        Map<String, String> before = f.snapshot();
        ScimRequest built = request.build();
        ScimResponse r = f.server.handle(built);
        String desc = what + " " + built;
        assertWellFormed(r, desc);
        if (r.status() >= 400 && !built.method().equals("GET")) {
            assertThat(f.snapshot()).as("failed write changed the directory: " + desc + " -> " + r.bodyText())
                    .isEqualTo(before);
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Properties

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void writesWithGeneratedBodies(@ForAll("writeMethods") String method, @ForAll("writeTargets") int target,
            @ForAll("bodyBytes") byte[] body, @ForAll("headers") List<Map.Entry<String, String>> headers,
            @ForAll("writeQueries") String query, @ForAll boolean strict) {
        Fixture f = new Fixture(strict);
        String path = switch (target) {
            case 0 -> "/Users";
            case 1 -> "/Groups";
            case 2 -> "/Users/" + f.userIds.get(0);
            default -> "/Groups/" + f.groupId;
        };
        String m = method.equals("POST") && target >= 2 ? "PUT" : method;
        check(f, build(m, path, query, "Bearer " + TOKEN, headers, body), "body");
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void patchesWithGeneratedOperations(@ForAll("patchOps") JsonNode body, @ForAll boolean group,
            @ForAll("headers") List<Map.Entry<String, String>> headers, @ForAll("writeQueries") String query,
            @ForAll boolean strict) {
        Fixture f = new Fixture(strict);
        String path = group ? "/Groups/" + f.groupId : "/Users/" + f.userIds.get(1);
        String text = body.toString().replace("%s", f.userIds.get(0));
        check(f, build("PATCH", path, query, "Bearer " + TOKEN, headers, text.getBytes(StandardCharsets.UTF_8)),
                "patch");
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void listsWithGeneratedQueries(@ForAll("queries") String query, @ForAll("listPaths") String path,
            @ForAll boolean strict) {
        Fixture f = new Fixture(strict);
        check(f, build("GET", path, query, "Bearer " + TOKEN, List.of(), new byte[0]), "list");
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void searchesWithGeneratedBodies(@ForAll("values") JsonNode body, @ForAll("listPaths") String path) {
        Fixture f = new Fixture();
        String search = path.endsWith("/") ? path + ".search" : path + "/.search";
        check(f, build("POST", search, "", "Bearer " + TOKEN, List.of(), body.toString()
                .getBytes(StandardCharsets.UTF_8)), "search");
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void anyMethodPathHeadersAndAuthorization(@ForAll("methods") String method, @ForAll("paths") String rawPath,
            @ForAll("authorizations") String auth, @ForAll("headers") List<Map.Entry<String, String>> headers,
            @ForAll("queries") String query, @ForAll("rawBodies") String body) {
        Fixture f = new Fixture();
        String path = rawPath.replace("$U", f.userIds.get(0)).replace("$G", f.groupId);
        check(f, build(method, path, query, auth, headers, body.getBytes(StandardCharsets.UTF_8)), "any");
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void bulkWithGeneratedOperations(@ForAll("bulkBodies") JsonNode body, @ForAll boolean userPaths,
            @ForAll boolean strict) {
        Fixture f = new Fixture(strict);
        String text = body.toString();
        if (userPaths) {
            text = text.replace("/Users/bulkId:nope", "/Users/" + f.userIds.get(2));
        }
        Map<String, String> before = f.snapshot();
        ScimResponse r = f.server.handle(build("POST", "/Bulk", "", "Bearer " + TOKEN, List.of(),
                text.getBytes(StandardCharsets.UTF_8)).build());
        assertWellFormed(r, "bulk " + text);
        if (r.status() >= 400) {
            assertThat(f.snapshot()).as("failed bulk changed the directory: " + text).isEqualTo(before);
        }
    }

    /** A provider that delegates, but throws (with a secret in the message) on the n-th call. */
    static final class Faulty implements ResourceProvider {
        final ResourceProvider delegate;
        final int failAt;
        int calls;

        Faulty(ResourceProvider delegate, int failAt) {
            this.delegate = delegate;
            this.failAt = failAt;
        }

        private void maybeFail() {
            if (calls++ == failAt) {
                throw new IllegalStateException("db down; connection string has password=" + PASSWORD_MARKER
                        + " token=" + TOKEN);
            }
        }

        @Override
        public io.scimlab.core.schema.ResourceTypeDefinition resourceType() {
            return delegate.resourceType();
        }

        @Override
        public io.scimlab.core.resource.ScimResource create(io.scimlab.core.resource.ScimResource r,
                RequestContext c) {
            maybeFail();
            return delegate.create(r, c);
        }

        @Override
        public java.util.Optional<io.scimlab.core.resource.ScimResource> get(String id, RequestContext c) {
            maybeFail();
            return delegate.get(id, c);
        }

        @Override
        public io.scimlab.core.resource.ScimResource update(ResourceUpdate u, RequestContext c) {
            maybeFail();
            return delegate.update(u, c);
        }

        @Override
        public void delete(String id, RequestContext c) {
            maybeFail();
            delegate.delete(id, c);
        }

        @Override
        public QueryResult query(ResourceQuery q, RequestContext c) {
            maybeFail();
            return delegate.query(q, c);
        }
    }

    /** A provider failing on purpose is the one 500: generic, with the correlation id, and nothing else. */
    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void providerFailuresAreGeneric500s(@ForAll("methods") String method, @ForAll("paths") String rawPath,
            @ForAll("bodyBytes") byte[] body, @ForAll("failAt") int failAt) {
        Fixture seeded = new Fixture();
        Faulty users = new Faulty(seeded.directory.users(), failAt);
        Faulty groups = new Faulty(seeded.directory.groups(), failAt);
        ScimServer server = ScimServer.builder().provider(users).provider(groups)
                .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN)).build();
        String path = rawPath.replace("$U", seeded.userIds.get(0)).replace("$G", seeded.groupId);
        ScimRequest request = build(method, path, "", "Bearer " + TOKEN, List.of(), body)
                .header(ScimServer.REQUEST_ID_HEADER, "corr-1").build();
        ScimResponse r = server.handle(request);
        String what = "faulty " + request;
        String text = r.bodyText();
        assertThat(text).as(what).doesNotContain(TOKEN).doesNotContain(PASSWORD_MARKER)
                .doesNotContain("Exception").doesNotContain("\tat ");
        if (request.method().equals("HEAD")) {
            assertThat(r.body()).as(what).isEmpty();
        } else if (r.status() == 500) {
            assertThat(json(r).path("detail").asText()).isEqualTo("internal error; correlation id corr-1");
        }
        if (r.body().length > 0) {
            assertThat(r.header("Content-Type")).as(what).contains(ScimResponse.SCIM_JSON);
            if (r.status() >= 400) {
                assertError(json(r), r.status(), what + " -> " + text);
            }
        }
    }

    @Provide
    Arbitrary<Integer> failAt() {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide
    Arbitrary<String> writeMethods() {
        return Arbitraries.of("POST", "PUT", "PATCH");
    }

    @Provide
    Arbitrary<Integer> writeTargets() {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide("rawBodies")
    Arbitrary<String> rawBodiesArbitrary() {
        return rawBodies();
    }

    /** Mostly none: a query on a write only shapes the answer. */
    @Provide
    Arbitrary<String> writeQueries() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")), Tuple.of(1, queries()));
    }

    /** Generated text as UTF-8, or raw bytes: invalid UTF-8, byte-order marks, UTF-16/32 looking prefixes. */
    @Provide
    Arbitrary<byte[]> bodyBytes() {
        Arbitrary<byte[]> raw = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe, (byte) 0xff, 0, '{'},
                        new byte[] {0, 0, 0, '{', 0, 0, 0, '}'}, new byte[] {'{', 0, '}', 0},
                        new byte[] {0, 0, (byte) 0xfe, (byte) 0xff, 0, 0, 0, '{'},
                        new byte[] {'{', '"', 'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xc3,
                            '"', '}'},
                        new byte[] {'{', '"', 'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xed,
                            (byte) 0xa0, (byte) 0x80, '"', '}'},
                        "{\"userName\":\"utf16\"}".getBytes(StandardCharsets.UTF_16BE),
                        "{\"userName\":\"utf16\"}".getBytes(StandardCharsets.UTF_16)));
        return Arbitraries.frequencyOf(Tuple.of(6, rawBodies().map(t -> t.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, raw));
    }

    @Provide("headers")
    Arbitrary<List<Map.Entry<String, String>>> headersArbitrary() {
        return headers();
    }

    @Provide("patchOps")
    Arbitrary<JsonNode> patchOpsArbitrary() {
        return patchOps();
    }

    @Provide("queries")
    Arbitrary<String> queriesArbitrary() {
        return queries();
    }

    @Provide("values")
    Arbitrary<JsonNode> valuesArbitrary() {
        return values(3);
    }

    @Provide("bulkBodies")
    Arbitrary<JsonNode> bulkBodiesArbitrary() {
        return bulkBodies();
    }

    @Provide("authorizations")
    Arbitrary<String> authorizationsArbitrary() {
        return authorizations();
    }

    @Provide
    Arbitrary<String> listPaths() {
        return Arbitraries.of("/Users", "/Groups", "", "/", "/users/");
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "TRACE", "");
    }

    @Provide("paths")
    Arbitrary<String> pathsArbitrary() {
        return paths();
    }
}
