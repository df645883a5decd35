package io.scimlab.verify.jpms;

import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.jaxrs.ScimJaxRsResource;
import io.scimlab.servlet.ScimServlet;
import io.scimlab.testkit.gitlab.FakeGitLab;

/**
 * Uses a type of every package a user starts from, including ones whose signatures carry JSpecify's
 * {@code @Nullable}, so that javac reads their class files the way a user's build does.
 */
public final class Application {
    private Application() {}

    /**
     * Wires every adapter around one server bridged to a fake GitLab.
     *
     * @return the adapters' descriptions
     */
    public static String wire() {
        try (FakeGitLab fake = FakeGitLab.builder().start();
                GitLabClient admin = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                        .build()) {
            GitLabBridge bridge = GitLabBridge.builder().selfManaged(admin).build();
            ScimServer server = ScimServer.builder().registry(bridge.schemaRegistry()).provider(bridge.users())
                    .provider(bridge.groups())
                    .authenticator(BearerTokenAuthenticator.create().add("idp", "token")).build();
            ScimServer memory = ScimServer.builder().provider(InMemoryDirectory.create().users())
                    .authenticator(BearerTokenAuthenticator.create().add("idp", "token")).build();
            try (ScimHttpServer http = ScimHttpServer.builder(memory).port(0).start()) {
                return new ScimServlet(server).getClass().getName() + " "
                        + new ScimJaxRsResource(server).getClass().getName() + " " + http.baseUrl();
            }
        }
    }
}
