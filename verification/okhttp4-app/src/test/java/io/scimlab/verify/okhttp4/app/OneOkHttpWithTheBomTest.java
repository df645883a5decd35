package io.scimlab.verify.okhttp4.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.verify.okhttp4.library.VersionProbe;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/**
 * README.md's advice for an application that already has OkHttp 4 (here through a library built on it): with
 * okhttp-bom 5 imported, {@code okhttp} 4.12.0 becomes {@code okhttp} 5 (a jar without classes), so one copy of
 * {@code okhttp3.*} is left, OkHttp 5's, and both ScimLab's GitLab client and the OkHttp 4 library run on it.
 * verification/okhttp4-library shows the two copies without the advice.
 */
class OneOkHttpWithTheBomTest {
    @Test
    void theClassPathHoldsOneCopyOfOkHttpAndItIsOkHttp5() throws Exception {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).toString()).contains("okhttp-jvm-5.");
        assertThat(OkHttp.VERSION).startsWith("5.");
    }

    @Test
    void theGitLabClientAndTheOkHttp4LibraryBothWorkAgainstTheFake() throws Exception {
        try (FakeGitLab fake = FakeGitLab.builder().start();
                GitLabClient gitlab = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                        .build()) {
            long ann = fake.seedUser("ann", "ann@example.com");
            assertThat(gitlab.users().findByUsername("ann")).map(GitLabUser::id).hasValue(ann);
            assertThat(new VersionProbe().version(fake.baseUrl(), fake.adminToken())).startsWith("200 {");
        }
    }
}
