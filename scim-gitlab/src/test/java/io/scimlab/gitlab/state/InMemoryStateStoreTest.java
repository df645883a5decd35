package io.scimlab.gitlab.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scimlab.gitlab.api.AccessLevel;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final Instant now = Instant.EPOCH;

    @Test
    void groupsAreComparedAndSetOnTheirVersion() {
        GroupRecord g = new GroupRecord("g", "Team", Optional.empty(), Set.of("1"), 1, now, now);
        assertThat(store.putGroup(g, 0)).isTrue();
        assertThat(store.putGroup(g, 0)).isFalse();
        GroupRecord g2 = g.next("Team", Optional.empty(), Set.of("1", "2"), now);
        assertThat(store.putGroup(g2, 1)).isTrue();
        assertThat(store.putGroup(g.next("Team", Optional.empty(), Set.of(), now), 1)).isFalse();
        assertThat(store.groupsOf("2")).containsExactly(g2);
        assertThat(store.removeGroup("g", 1)).isFalse();
        assertThat(store.removeGroup("g", 2)).isTrue();
        assertThat(store.groupsOf("1")).isEmpty();
    }

    @Test
    void usersAreIndexedByUserNameAndExternalId() {
        store.putUser(new UserRecord("5", 5, "Jane@Example.com", Optional.of("x1"), true,
                JsonNodeFactory.instance.objectNode(), 1, now, now));
        assertThat(store.userByUserName("jane@example.com")).isPresent();
        store.putUser(new UserRecord("5", 5, "jd", Optional.of("x2"), true, JsonNodeFactory.instance.objectNode(),
                2, now, now));
        assertThat(store.userByUserName("jane@example.com")).isEmpty();
        assertThat(store.userByExternalId("x1")).isEmpty();
        assertThat(store.userByExternalId("x2")).isPresent();
    }

    @Test
    void markers() {
        store.putManaged(new ManagedMembership(5, "acme/a", AccessLevel.GUEST, Optional.empty(), Optional.empty()));
        store.putManaged(new ManagedMembership(5, "acme/a", AccessLevel.OWNER, Optional.empty(), Optional.empty()));
        assertThat(store.managedOf(5)).singleElement().extracting(ManagedMembership::accessLevel)
                .isEqualTo(AccessLevel.OWNER);
        store.removeManaged(5, "acme/a");
        assertThat(store.managed()).isEmpty();
    }
}
