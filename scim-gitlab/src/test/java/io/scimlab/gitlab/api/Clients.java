package io.scimlab.gitlab.api;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.TokenHeader;
import java.time.Duration;

/** Builds clients pointed at a fake, with fake time. */
final class Clients {
    private Clients() {
    }

    static GitLabClient.Builder builder(FakeGitLab fake, FakeTime time) {
        return GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken()).clock(time).sleeper(time)
                .readTimeout(Duration.ofSeconds(5));
    }

    static GitLabClient admin(FakeGitLab fake, FakeTime time) {
        return builder(fake, time).build();
    }

    static GitLabClient scim(FakeGitLab fake, FakeTime time, String token) {
        return builder(fake, time).token(token).tokenHeader(TokenHeader.BEARER).build();
    }
}
