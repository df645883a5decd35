package io.scimlab.testkit.conformance;

import static io.scimlab.testkit.conformance.ScimHttp.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * Replays how real identity providers call a SCIM endpoint (Okta, Microsoft Entra ID, JumpCloud's and OneLogin's
 * connection tests) and the RFC 7644 checks
 * their validators make, against any SCIM endpoint reachable over HTTP: ScimLab's own server, the GitLab
 * bridge, or someone else's.
 *
 * <p>Use it from a JUnit 5 {@code @TestFactory} (or extend {@link ScimConformanceTests}):
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> conformance() {
 *     return ScimConformance.builder(ScimTarget.of("http://127.0.0.1:8080/scim/v2", token)).build().all();
 * }
 * }</pre>
 * Every run creates its own users and groups (names carry a random suffix) and deletes the groups it created;
 * users are deactivated rather than deleted where the IdP would do so.
 */
public final class ScimConformance {
    private final ScimHttp http;
    private final boolean groups;
    private final String run;

    private ScimConformance(Builder b) {
        this.http = new ScimHttp(b.target);
        this.groups = b.groups;
        this.run = UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A builder for a run against a target.
     *
     * @param target the endpoint and token
     * @return the builder
     */
    public static Builder builder(ScimTarget target) {
        return new Builder(target);
    }

    /** The RFC, Okta, Entra, JumpCloud and OneLogin sequences. */
    public Stream<DynamicNode> all() {
        return Stream.of(rfc(), okta(), entra(), jumpCloud(), oneLogin());
    }

    /** Discovery and protocol checks every client relies on. */
    public DynamicNode rfc() {
        Sequence s = new Sequence("RFC 7644");
        s.step("GET /ServiceProviderConfig", () -> {
            ScimHttp.Response r = http.get("/ServiceProviderConfig");
            Expect.status(r, 200);
            Expect.that(r.body().path("patch").path("supported").isBoolean(), "patch.supported", r);
            Expect.that(r.header("Content-Type").orElse("").startsWith("application/scim+json"),
                    "Content-Type application/scim+json", r);
        });
        s.step("HEAD /ServiceProviderConfig: GET's status and Content-Length, no body", () -> {
            ScimHttp.Response get = http.get("/ServiceProviderConfig");
            ScimHttp.Response head = http.head("/ServiceProviderConfig");
            Expect.status(head, get.status());
            Expect.equal(0, head.raw().body().length, "no body", head);
            head.header("Content-Length").ifPresent(length -> Expect.equal(Integer.toString(get.raw().body().length),
                    length, "Content-Length (the GET body's length)", head));
        });
        s.step("GET /ResourceTypes lists User", () -> {
            ScimHttp.Response r = http.get("/ResourceTypes");
            Expect.status(r, 200);
            Expect.that(r.body().toString().contains("\"/Users\""), "the /Users endpoint", r);
        });
        s.step("GET /Schemas lists the User and Group schemas", () -> {
            ScimHttp.Response r = http.get("/Schemas");
            Expect.status(r, 200);
            Expect.that(r.body().toString().contains("urn:ietf:params:scim:schemas:core:2.0:User"), "the User schema", r);
            if (groups) {
                Expect.that(r.body().toString().contains("urn:ietf:params:scim:schemas:core:2.0:Group"),
                        "the Group schema (Entra's validator fails every group test without it)", r);
            }
        });
        s.step("unknown resource is a SCIM 404", () -> Expect.scimError(http.get("/Users/" + UUID.randomUUID()), 404));
        s.step("malformed JSON is 400 invalidSyntax", () -> {
            ScimHttp.Response r = http.post("/Users", "{\"userName\":");
            Expect.scimError(r, 400);
            Expect.equal("invalidSyntax", r.body().path("scimType").asText(), "scimType", r);
        });
        s.step("missing userName is 400", () -> Expect.scimError(http.post("/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"active\":true}"), 400));
        s.step("invalid filter is 400 invalidFilter", () -> {
            ScimHttp.Response r = http.get("/Users?filter=" + q("userName zz \"a\""));
            Expect.scimError(r, 400);
            Expect.equal("invalidFilter", r.body().path("scimType").asText(), "scimType", r);
        });
        return s.build();
    }

    /** Okta's provisioning sequence (docs/idp-behaviour.md, Okta). */
    public DynamicNode okta() {
        Sequence s = new Sequence("Okta");
        ScimHttp okta = http.as("Okta SCIM Client 1.0.0");
        String userName = "okta." + run + "@example.com";
        s.step("existence check before create: a miss is 200 with totalResults 0", () -> {
            ScimHttp.Response r = okta.get("/Users?filter=" + q("userName eq \"" + userName + "\"")
                    + "&startIndex=1&count=100");
            Expect.listResponse(r);
            Expect.equal(0, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        s.step("create user (Content-Type application/json) is 201 with the full resource", () -> {
            ScimHttp.Response r = okta.send("POST", "/Users", oktaUser(userName, "Okta", true), "application/json");
            Expect.status(r, 201);
            Expect.that(r.body().path("id").isTextual(), "an id", r);
            Expect.equal(userName, r.body().path("userName").asText(), "userName", r);
            Expect.that(!r.body().has("password"), "no password in the response", r);
            Expect.that(r.header("Location").isPresent(), "a Location header", r);
            Expect.absoluteLocation(r, "/Users/" + r.body().path("id").asText());
            s.put("user", r.body().path("id").asText());
        });
        s.step("duplicate create is 409 with status \"409\"", () -> Expect.scimError(okta.send("POST", "/Users",
                oktaUser(userName, "Okta", true), "application/json"), 409));
        s.step("existence check matches userName ignoring case", () -> {
            ScimHttp.Response r = okta.get("/Users?filter=" + q("userName eq \"" + userName.toUpperCase(java.util.Locale.ROOT) + "\"")
                    + "&startIndex=1&count=100");
            Expect.listResponse(r);
            Expect.equal(1, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        for (int count : new int[] {2, 1}) {
            s.step("test connector: GET /Users?startIndex=1&count=" + count, () -> {
                ScimHttp.Response r = okta.get("/Users?startIndex=1&count=" + count);
                Expect.listResponse(r);
                JsonNode first = r.body().path("Resources").path(0);
                for (String pointer : new String[] {"/id", "/userName", "/name/givenName", "/name/familyName",
                    "/active", "/emails/0/value"}) {
                    Expect.that(!first.at(pointer).isMissingNode(), "Resources[0] to carry " + pointer, r);
                }
                Expect.that(r.body().path("Resources").size() <= count, "at most " + count + " resources", r);
            });
        }
        s.step("profile update: GET then full PUT with id, meta and groups", () -> {
            ScimHttp.Response got = okta.get("/Users/" + s.get("user"));
            Expect.status(got, 200);
            com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                    got.body().deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("name")).put("givenName", "Okta2");
            body.putArray("groups");
            ScimHttp.Response r = okta.send("PUT", "/Users/" + s.get("user"), body.toString(),
                    "application/scim+json; charset=utf-8");
            Expect.status(r, 200);
            Expect.equal("Okta2", r.body().at("/name/givenName").asText(), "name.givenName", r);
        });
        s.step("deactivate with a full PUT active:false (some Okta app types), then reactivate", () -> {
            com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                    okta.get("/Users/" + s.get("user")).body().deepCopy();
            body.put("active", false);
            ScimHttp.Response r = okta.send("PUT", "/Users/" + s.get("user"), body.toString(),
                    "application/scim+json; charset=utf-8");
            Expect.status(r, 200);
            Expect.equal(false, r.body().path("active").asBoolean(true), "active after the PUT", r);
            ScimHttp.Response read = okta.get("/Users/" + s.get("user"));
            Expect.equal(false, read.body().path("active").asBoolean(true), "active read back", read);
            Expect.status(okta.patch("/Users/" + s.get("user"), patch(
                    "{\"op\":\"replace\",\"value\":{\"active\":true}}")), 200, 204);
            ScimHttp.Response again = okta.get("/Users/" + s.get("user"));
            Expect.equal(true, again.body().path("active").asBoolean(false), "active after reactivation", again);
        });
        s.step("deactivate: PATCH without path {active:false}", () -> {
            ScimHttp.Response r = okta.patch("/Users/" + s.get("user"), patch(
                    "{\"op\":\"replace\",\"value\":{\"active\":false}}"));
            Expect.status(r, 200, 204);
        });
        s.step("a deactivated user stays readable with active false", () -> {
            ScimHttp.Response r = okta.get("/Users/" + s.get("user"));
            Expect.status(r, 200);
            Expect.equal(false, r.body().path("active").asBoolean(true), "active", r);
        });
        if (groups) {
            String group = "okta-group-" + run;
            s.step("create group with no members", () -> {
                ScimHttp.Response r = okta.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                        + "\"displayName\":\"" + group + "\",\"members\":[]}");
                Expect.status(r, 201);
                s.put("group", r.body().path("id").asText());
            });
            s.step("rename with a no-path replace carrying the unchanged id", () -> {
                ScimHttp.Response r = okta.patch("/Groups/" + s.get("group"), patch("{\"op\":\"replace\",\"value\":"
                        + "{\"id\":\"" + s.get("group") + "\",\"displayName\":\"" + group + "-renamed\"}}"));
                Expect.status(r, 200, 204);
                Expect.equal(group + "-renamed", okta.get("/Groups/" + s.get("group")).body().path("displayName")
                        .asText(), "displayName after rename", r);
            });
            s.step("membership push: add a member (value and display, no type)", () -> {
                ScimHttp.Response r = okta.patch("/Groups/" + s.get("group"), patch("{\"op\":\"add\",\"path\":\"members\","
                        + "\"value\":[{\"value\":\"" + s.get("user") + "\",\"display\":\"" + userName + "\"}]}"));
                Expect.status(r, 200, 204);
                ScimHttp.Response g = okta.get("/Groups/" + s.get("group"));
                Expect.that(g.body().path("members").toString().contains(s.get("user")), "the member", g);
            });
            s.step("membership push: remove members[value eq ...] in one PATCH", () -> {
                ScimHttp.Response r = okta.patch("/Groups/" + s.get("group"), patch("{\"op\":\"remove\",\"path\":"
                        + "\"members[value eq \\\"" + s.get("user") + "\\\"]\"}"));
                Expect.status(r, 200, 204);
                ScimHttp.Response g = okta.get("/Groups/" + s.get("group"));
                Expect.that(!g.body().path("members").toString().contains(s.get("user")), "no member", g);
            });
            s.step("empty push: replace members []", () -> Expect.status(okta.patch("/Groups/" + s.get("group"),
                    patch("{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}")), 200, 204));
            s.step("delete group is 204, then 404", () -> {
                Expect.status(okta.delete("/Groups/" + s.get("group")), 204);
                Expect.scimError(okta.get("/Groups/" + s.get("group")), 404);
            });
        }
        return s.build();
    }

    /** Microsoft Entra ID's provisioning sequence (docs/idp-behaviour.md, Entra, without and with aadOptscim062020). */
    public DynamicNode entra() {
        Sequence s = new Sequence("Microsoft Entra ID");
        String userName = "entra." + run + "@example.com";
        String externalId = "ext-" + run;
        s.step("test connection: filter on a random GUID is 200 and empty", () -> {
            ScimHttp.Response r = http.get("/Users?filter=" + q("userName eq \"" + UUID.randomUUID() + "\""));
            Expect.listResponse(r);
            Expect.equal(0, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        s.step("create with explicit nulls, roles [] and a home email only", () -> {
            ScimHttp.Response r = http.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
                    + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],\"externalId\":\"" + externalId
                    + "\",\"userName\":\"" + userName + "\",\"active\":true,\"displayName\":\"Entra User\","
                    + "\"title\":null,\"roles\":[],\"emails\":[{\"primary\":true,\"type\":\"home\",\"value\":\"home."
                    + run + "@example.org\"}],\"name\":{\"givenName\":\"Entra\",\"familyName\":\"User\"},"
                    + "\"meta\":{\"resourceType\":\"User\"}}");
            Expect.status(r, 201);
            s.put("user", r.body().path("id").asText());
        });
        s.step("query by externalId", () -> {
            ScimHttp.Response r = http.get("/Users?filter=" + q("externalId eq \"" + externalId + "\""));
            Expect.listResponse(r);
            Expect.equal(1, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        s.step("query by userName and externalId (eq joined by and)", () -> {
            ScimHttp.Response r = http.get("/Users?filter=" + q("userName eq \"" + userName + "\" and externalId eq \""
                    + externalId + "\""));
            Expect.listResponse(r);
            Expect.equal(1, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        s.step("query with an unquoted value, as Entra's docs show: externalId eq " + externalId, () -> {
            ScimHttp.Response r = http.get("/Users?filter=" + q("externalId eq " + externalId));
            Expect.listResponse(r);
            Expect.equal(1, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        s.step("query by emails[type eq \"home\"].value", () -> {
            ScimHttp.Response r = http.get("/Users?filter=" + q("emails[type eq \"home\"].value eq \"home." + run
                    + "@example.org\""));
            Expect.listResponse(r);
            Expect.equal(1, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        s.step("Replace with a string boolean: active \"False\"", () -> {
            Expect.status(http.patch("/Users/" + s.get("user"), patch("{\"op\":\"Replace\",\"path\":\"active\","
                    + "\"value\":\"False\"}")), 200, 204);
            ScimHttp.Response r = http.get("/Users/" + s.get("user"));
            Expect.equal(false, r.body().path("active").asBoolean(true), "active", r);
            Expect.status(http.patch("/Users/" + s.get("user"), patch("{\"op\":\"Replace\",\"path\":\"active\","
                    + "\"value\":\"True\"}")), 200, 204);
        });
        s.step("create-on-absent: Add emails[type eq \"work\"].value", () -> {
            Expect.status(http.patch("/Users/" + s.get("user"), patch("{\"op\":\"Add\",\"path\":"
                    + "\"emails[type eq \\\"work\\\"].value\",\"value\":\"work." + run + "@example.com\"}")), 200, 204);
            ScimHttp.Response r = http.get("/Users/" + s.get("user"));
            Expect.that(r.body().path("emails").toString().contains("work." + run + "@example.com"), "the work email", r);
            Expect.that(r.body().path("emails").toString().contains("home." + run + "@example.org"),
                    "the home email left alone", r);
        });
        s.step("aadOptscim062020: no-path replace with dotted and URN keys lands nested", () -> {
            Expect.status(http.patch("/Users/" + s.get("user"), patch("{\"op\":\"replace\",\"value\":{"
                    + "\"name.givenName\":\"Kay\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:"
                    + "employeeNumber\":\"7\"}}")), 200, 204);
            ScimHttp.Response r = http.get("/Users/" + s.get("user"));
            Expect.equal("Kay", r.body().at("/name/givenName").asText(), "name.givenName", r);
            Expect.that(!r.body().has("name.givenName"), "no literal \"name.givenName\" key", r);
        });
        s.step("manager as a bare string, then cleared with \"\"", () -> {
            String path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
            Expect.status(http.patch("/Users/" + s.get("user"), patch("{\"op\":\"Add\",\"path\":\"" + path
                    + "\",\"value\":\"" + s.get("user") + "\"}")), 200, 204);
            ScimHttp.Response r = http.get("/Users/" + s.get("user"));
            Expect.equal(s.get("user"), r.body().path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                    .path("manager").path("value").asText(), "manager.value", r);
            Expect.status(http.patch("/Users/" + s.get("user"), patch("{\"op\":\"Replace\",\"path\":\"" + path
                    + "\",\"value\":\"\"}")), 200, 204);
        });
        s.step("empty Operations (the validator sends one) is accepted", () -> Expect.status(http.patch("/Users/"
                + s.get("user"), "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[]}"), 200, 204));
        s.step("pagination with at least 11 users: startIndex=3&count=5 echoes 3", () -> {
            for (int i = 0; i < 11; i++) {
                Expect.status(http.post("/Users", "{\"userName\":\"page" + i + "." + run + "@example.com\","
                        + "\"externalId\":\"page-" + i + "-" + run + "\","
                        + "\"emails\":[{\"value\":\"page" + i + "." + run + "@example.com\",\"type\":\"work\"}],"
                        + "\"name\":{\"givenName\":\"P\",\"familyName\":\"" + i + "\"},\"active\":true}"), 201);
            }
            ScimHttp.Response r = http.get("/Users?startIndex=3&count=5");
            Expect.listResponse(r);
            Expect.equal(3, r.body().path("startIndex").asInt(), "startIndex", r);
            Expect.that(r.body().path("Resources").size() == 5, "5 resources", r);
            Expect.that(r.body().path("totalResults").asInt() >= 12, "totalResults >= 12", r);
        });
        if (groups) {
            String group = "entra-group-" + run;
            s.step("create group with Entra's schemas and externalId", () -> {
                ScimHttp.Response r = http.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\","
                        + "\"http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group\"],"
                        + "\"externalId\":\"" + UUID.randomUUID() + "\",\"displayName\":\"" + group + "\",\"members\":[]}");
                Expect.status(r, 201);
                s.put("group", r.body().path("id").asText());
            });
            s.step("query groups by displayName with excludedAttributes=members", () -> {
                ScimHttp.Response r = http.get("/Groups?excludedAttributes=members&filter="
                        + q("displayName eq \"" + group + "\""));
                Expect.listResponse(r);
                Expect.equal(1, r.body().path("totalResults").asInt(), "totalResults", r);
                Expect.that(!r.body().path("Resources").path(0).has("members"), "no members", r);
            });
            s.step("one PATCH: Replace displayName + Add members", () -> {
                ScimHttp.Response page = http.get("/Users?filter=" + q("userName sw \"page\"") + "&count=2");
                String other = page.body().path("Resources").path(0).path("id").asText();
                s.put("other", other);
                Expect.status(http.patch("/Groups/" + s.get("group"), patch("{\"op\":\"Replace\",\"path\":"
                        + "\"displayName\",\"value\":\"" + group + "-2\"},{\"op\":\"Add\",\"path\":\"members\","
                        + "\"value\":[{\"value\":\"" + s.get("user") + "\"},{\"value\":\"" + other + "\"}]}")), 200, 204);
            });
            s.step("Remove members with a value list removes only that member", () -> {
                Expect.status(http.patch("/Groups/" + s.get("group"), patch("{\"op\":\"Remove\",\"path\":\"members\","
                        + "\"value\":[{\"value\":\"" + s.get("other") + "\"}]}")), 200, 204);
                ScimHttp.Response r = http.get("/Groups/" + s.get("group"));
                Expect.that(r.body().path("members").toString().contains(s.get("user")), "the other member kept", r);
                Expect.that(!r.body().path("members").toString().contains(s.get("other")), "the member removed", r);
            });
            s.step("delete group", () -> Expect.status(http.delete("/Groups/" + s.get("group")), 204));
        }
        s.step("a soft-deleted (inactive) user is still returned", () -> {
            Expect.status(http.patch("/Users/" + s.get("user"), patch("{\"op\":\"Replace\",\"path\":\"active\","
                    + "\"value\":false}")), 200, 204);
            ScimHttp.Response r = http.get("/Users?filter=" + q("userName eq \"" + userName + "\""));
            Expect.equal(1, r.body().path("totalResults").asInt(), "totalResults", r);
        });
        return s.build();
    }

    /**
     * JumpCloud's test connection (docs/idp-behaviour.md, Others): it creates a test user and a test group, then
     * deletes both; the deleted user is gone (404).
     */
    public DynamicNode jumpCloud() {
        Sequence s = new Sequence("JumpCloud");
        String userName = "jumpcloud." + run + "@example.com";
        s.step("test connection creates a test user", () -> {
            ScimHttp.Response r = http.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"" + userName + "\",\"externalId\":\"jc-" + run + "\",\"name\":{\"givenName\":"
                    + "\"Jump\",\"familyName\":\"Cloud\"},\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\","
                    + "\"primary\":true}],\"active\":true}");
            Expect.status(r, 201);
            s.put("user", r.body().path("id").asText());
        });
        if (groups) {
            s.step("and a test group with that user", () -> {
                ScimHttp.Response r = http.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                        + "Group\"],\"displayName\":\"jumpcloud-test-" + run + "\",\"members\":[{\"value\":\""
                        + s.get("user") + "\"}]}");
                Expect.status(r, 201);
                s.put("group", r.body().path("id").asText());
            });
            s.step("then deletes the test group: 204, then 404", () -> {
                Expect.status(http.delete("/Groups/" + s.get("group")), 204);
                Expect.scimError(http.get("/Groups/" + s.get("group")), 404);
            });
        }
        s.step("then deletes the test user: 204, then 404", () -> {
            Expect.status(http.delete("/Users/" + s.get("user")), 204);
            Expect.scimError(http.get("/Users/" + s.get("user")), 404);
        });
        return s.build();
    }

    /**
     * OneLogin (docs/idp-behaviour.md, Others): bodies built from an admin-edited template, so attributes without a
     * value in the directory arrive as empty strings, and requests carry an empty {@code User-Agent}.
     */
    public DynamicNode oneLogin() {
        Sequence s = new Sequence("OneLogin");
        ScimHttp oneLogin = http.as("");
        String userName = "onelogin." + run + "@example.com";
        s.step("create from a template with empty strings and an empty User-Agent is 201", () -> {
            ScimHttp.Response r = oneLogin.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                    + "User\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],\"userName\":\""
                    + userName + "\",\"externalId\":\"ol-" + run + "\",\"name\":{\"givenName\":\"One\",\"familyName\":"
                    + "\"Login\",\"formatted\":\"\"},\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\","
                    + "\"primary\":true}],\"title\":\"\",\"nickName\":\"\",\"phoneNumbers\":[{\"value\":\"\","
                    + "\"type\":\"work\"}],\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{"
                    + "\"department\":\"\",\"employeeNumber\":\"\"},\"active\":true}");
            Expect.status(r, 201);
            Expect.equal(userName, r.body().path("userName").asText(), "userName", r);
            s.put("user", r.body().path("id").asText());
        });
        s.step("the user reads back with its name", () -> {
            ScimHttp.Response r = oneLogin.get("/Users/" + s.get("user"));
            Expect.status(r, 200);
            Expect.equal("One", r.body().at("/name/givenName").asText(), "name.givenName", r);
        });
        s.step("deactivate (PATCH active false) is 200 or 204", () -> Expect.status(oneLogin.patch("/Users/"
                + s.get("user"), patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")), 200, 204));
        return s.build();
    }

    private static String oktaUser(String userName, String givenName, boolean active) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"" + givenName + "\",\"familyName\":\"Tester\"},\"emails\":[{"
                + "\"primary\":true,\"value\":\"" + userName + "\",\"type\":\"work\"}],\"displayName\":\""
                + givenName + " Tester\",\"locale\":\"en-US\",\"externalId\":\"00u" + Objects.hash(userName)
                + "\",\"groups\":[],\"password\":\"1mP0ssible!\",\"active\":" + active + "}";
    }

    private static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }

    /** Builds a {@link ScimConformance}. */
    public static final class Builder {
        private final ScimTarget target;
        private boolean groups = true;

        private Builder(ScimTarget target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /**
         * Whether the target serves {@code /Groups} (default true); without, the group steps are left out.
         *
         * @param value true to run the group steps
         * @return this builder
         */
        public Builder groups(boolean value) {
            this.groups = value;
            return this;
        }

        /** Builds the run. */
        public ScimConformance build() {
            return new ScimConformance(this);
        }
    }
}
