package io.scimlab.verify.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.resource.Email;
import io.scimlab.core.resource.ResourceValidation;
import io.scimlab.core.resource.User;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.testkit.conformance.ScimConformanceTests;
import io.scimlab.testkit.conformance.ScimTarget;
import io.scimlab.testkit.gitlab.FakeGitLab;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What backs each row of README.md's table of tested versions: the same checks, run by one Surefire execution per
 * row (verification/compat/pom.xml) with that row's library swapped in. The first test fails when the swap did not
 * happen, so no row can pass on the build's default versions by mistake.
 */
class VersionRangeTest {
    static final String TOKEN = "compat-token";

    @Test
    void runsOnTheVersionsThisExecutionIsFor() {
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
                .isEqualTo(System.getProperty("expect.jackson"));
        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString())
                .isEqualTo(System.getProperty("expect.jackson"));
        assertThat(HibernateValidator.class.getPackage().getImplementationVersion())
                .isEqualTo(System.getProperty("expect.hibernateValidator"));
        assertThat(kotlin.KotlinVersion.CURRENT.toString()).isEqualTo(System.getProperty("expect.kotlin"));
        assertThat(Runtime.version().feature()).isEqualTo(Integer.parseInt(System.getProperty("expect.java")));
    }

    @Test
    void beanValidationChecksTheTypedRecords() {
        User valid = User.builder().userName("bjensen").addEmail(Email.of("b@example.com", "work", true)).build();
        assertThat(ResourceValidation.validate(valid)).isSameAs(valid);
        User invalid = User.builder().userName("b").addEmail(Email.of("not an email", "home", false)).build();
        assertThatThrownBy(() -> ResourceValidation.validate(invalid)).isInstanceOf(ScimException.class)
                .hasMessageStartingWith("emails[0].value: must be a well-formed email address");
    }

    /** scim-core's server with the in-memory providers over its own HTTP server: Jackson throughout. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InMemoryServer extends ScimConformanceTests {
        ScimHttpServer http;

        @BeforeAll
        void start() {
            InMemoryDirectory directory = InMemoryDirectory.create();
            http = ScimHttpServer.builder(ScimServer.builder().provider(directory.users())
                    .provider(directory.groups()).authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                    .build()).port(0).start();
        }

        @AfterAll
        void stop() {
            http.close();
        }

        @Override
        protected ScimTarget target() {
            return ScimTarget.of(http.baseUrl(), TOKEN);
        }
    }

    /** The GitLab bridge against the fake GitLab: OkHttp, its Kotlin standard library and Jackson on both sides. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class GitLabBridgeOnTheFake extends ScimConformanceTests {
        FakeGitLab fake;
        GitLabClient admin;
        ScimHttpServer http;

        @BeforeAll
        void start() {
            fake = FakeGitLab.builder().start();
            admin = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken()).build();
            GitLabBridge bridge = GitLabBridge.builder().selfManaged(admin).build();
            http = ScimHttpServer.builder(ScimServer.builder().registry(bridge.schemaRegistry())
                    .provider(bridge.users()).provider(bridge.groups())
                    .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN)).build()).port(0).start();
        }

        @AfterAll
        void stop() {
            http.close();
            admin.close();
            fake.close();
        }

        @Override
        protected ScimTarget target() {
            return ScimTarget.of(http.baseUrl(), TOKEN);
        }
    }
}
