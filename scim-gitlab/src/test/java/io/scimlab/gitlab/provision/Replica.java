package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.gitlab.state.jdbc.TestDatabases;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;

/** One replica of the bridge: its own client, bridge, JDBC store, SCIM server and HTTP binding. */
final class Replica implements AutoCloseable {
    static final String TOKEN = "replica-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final GitLabBridge bridge;
    final ScimHttpServer binding;
    final HttpClient http = HttpClient.newHttpClient();

    Replica(FakeGitLab fake, DataSource db, RoleMapping mapping, AuditSink audit, OkHttpClient okhttp) {
        this(fake, JdbcStorage.builder(db).build().stateStore(), mapping, audit, okhttp);
    }

    /** A replica on a store the test built (for a shorter lock wait, say). */
    Replica(FakeGitLab fake, StateStore store, RoleMapping mapping, AuditSink audit, OkHttpClient okhttp) {
        GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                .retryPolicy(Scim.fastRetry()).requestsPerMinute(0).httpClient(okhttp)
                .readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10)).build();
        bridge = GitLabBridge.builder().selfManaged(client).stateStore(store)
                .roleMapping(mapping).auditSink(audit).build();
        ScimServer server = ScimServer.builder().provider(bridge.users()).provider(bridge.groups())
                .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                .compatibility(Compatibility.lenient()).build();
        binding = ScimHttpServer.builder(server).port(0).basePath("/scim/v2").threads(16).start();
    }

    /** A request; the status and body. */
    record Reply(int status, JsonNode body) {
    }

    /** A request's raw answer, headers included. */
    HttpResponse<String> exchange(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(binding.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/scim+json")
                .timeout(Duration.ofSeconds(30));
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/scim+json; charset=utf-8");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> resp = exchange(method, path, body);
        return new Reply(resp.statusCode(), resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body()));
    }

    static String userJson(String login) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + login
                + "@example.com\",\"externalId\":\"x-" + login + "\",\"name\":{\"givenName\":\"G\",\"familyName\":\""
                + login + "\"},\"emails\":[{\"primary\":true,\"value\":\"" + login + "@example.com\",\"type\":"
                + "\"work\"}],\"active\":true}";
    }

    static String patch(String op, String path, String value) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
                + "\",\"path\":\"" + path + "\",\"value\":" + value + "}]}";
    }

    static String members(String... ids) {
        StringBuilder b = new StringBuilder("[");
        for (String id : ids) {
            b.append(b.length() > 1 ? "," : "").append("{\"value\":\"").append(id).append("\"}");
        }
        return b.append("]").toString();
    }

    @Override
    public void close() {
        binding.close();
    }

    /** H2 in memory (kept until the JVM exits), or PostgreSQL from SCIMLAB_PG_* emptied of ScimLab's tables. */
    static DataSource database(boolean postgres) {
        if (!postgres) {
            return TestDatabases.h2();
        }
        Optional<DataSource> pg = TestDatabases.postgres();
        org.junit.jupiter.api.Assumptions.assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
        return pg.get();
    }
}
