package io.scimlab.gitlab.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsernamePolicyTest {
    private final UsernamePolicy p = UsernamePolicy.defaults();

    @Test
    void sanitisesToGitLabRules() {
        assertThat(p.baseUsername("jane.doe@example.com", Optional.empty())).isEqualTo("jane.doe");
        assertThat(p.sanitize("Zoë O'Brien")).isEqualTo("Zoe_O_Brien");
        assertThat(p.sanitize("__a-b.c..")).isEqualTo("a-b.c");
        assertThat(p.sanitize("repo.git")).isEqualTo("repo");
        assertThat(p.sanitize("feed.ATOM")).isEqualTo("feed");
        assertThat(p.sanitize("x.git.")).isEqualTo("x");
        assertThat(p.sanitize("")).isEqualTo("user");
        assertThat(p.candidate("jane", 0)).isEqualTo("jane");
        assertThat(p.candidate("jane", 3)).isEqualTo("jane3");
    }

    @Test
    void emailSource() {
        UsernamePolicy email = UsernamePolicy.builder().source(UsernamePolicy.Source.EMAIL_LOCAL_PART)
                .lowerCase(true).build();
        assertThat(email.baseUsername("S-1-5-21", Optional.of("Jane.Doe@corp.example"))).isEqualTo("jane.doe");
        assertThat(email.baseUsername("S-1-5-21", Optional.empty())).isEqualTo("s-1-5-21");
    }
}
