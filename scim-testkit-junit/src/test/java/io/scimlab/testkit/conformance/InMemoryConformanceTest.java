package io.scimlab.testkit.conformance;

import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The conformance kit against ScimLab's own server with the in-memory providers, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InMemoryConformanceTest extends ScimConformanceTests {
    private static final String TOKEN = "conformance-token-in-memory";
    private ScimHttpServer binding;

    @BeforeAll
    void start() {
        InMemoryDirectory directory = InMemoryDirectory.create();
        ScimServer server = ScimServer.builder().provider(directory.users()).provider(directory.groups())
                .authenticator(BearerTokenAuthenticator.create().add("conformance", TOKEN)).build();
        binding = ScimHttpServer.builder(server).start();
    }

    @AfterAll
    void stop() {
        binding.close();
    }

    @Override
    protected ScimTarget target() {
        return ScimTarget.of(binding.baseUrl(), TOKEN);
    }
}
