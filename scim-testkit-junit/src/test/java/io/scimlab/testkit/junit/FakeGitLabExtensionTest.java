package io.scimlab.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.FakeGitLab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension starts one fake per test class, in the mode asked for, and shares it between the class's tests. */
class FakeGitLabExtensionTest {
    static final AtomicReference<FakeGitLab> SELF_MANAGED = new AtomicReference<>();

    @Nested
    @ExtendWith(FakeGitLabExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class SelfManaged {
        @Test
        @Order(1)
        void injectsARunningSelfManagedFake(FakeGitLab fake) throws Exception {
            SELF_MANAGED.set(fake);
            assertThat(fake.mode()).isEqualTo(FakeGitLab.Mode.SELF_MANAGED);
            assertThat(get(fake.baseUrl() + "/api/v4/version", fake.adminToken())).isEqualTo(200);
            fake.seedUser("ann", "ann@example.com");
        }

        @Test
        @Order(2)
        void sharesOneFakeBetweenTheTestsOfAClass(FakeGitLab fake) {
            assertThat(fake).isSameAs(SELF_MANAGED.get());
            assertThat(fake.userCount()).isGreaterThanOrEqualTo(2); // the admin and ann
        }

        @AfterAll
        static void stillRunningInAfterAll() throws Exception {
            assertThat(get(SELF_MANAGED.get().baseUrl() + "/api/v4/version", SELF_MANAGED.get().adminToken()))
                    .isEqualTo(200);
        }
    }

    @Nested
    class GitLabCom {
        @RegisterExtension
        static final FakeGitLabExtension GITLAB = FakeGitLabExtension.gitlabCom();

        @Test
        void injectsAGitLabComFake(FakeGitLab fake) {
            assertThat(fake.mode()).isEqualTo(FakeGitLab.Mode.GITLAB_COM);
        }
    }

    static int get(String url, String token) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("PRIVATE-TOKEN", token).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode();
    }
}
