package io.scimlab.gitlab.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The value types' rules: required fields, copies, bounds. */
class AuditValuesTest {
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void anEventNeedsItsRequiredFieldsAndCopiesItsLists() {
        assertThatThrownBy(() -> AuditEvent.builder().time(T).principal("p").operation("o")
                .outcome(AuditEvent.Outcome.SUCCESS).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("correlationId");
        List<String> users = new java.util.ArrayList<>(List.of("1"));
        AuditEvent e = AuditEvent.builder().time(T).correlationId("c").principal("p").operation("o")
                .outcome(AuditEvent.Outcome.SUCCESS).scimUserIds(users).build();
        users.add("2");
        assertThat(e.scimUserIds()).containsExactly("1");
        assertThat(e.method()).isEmpty();
        assertThat(e.path()).isEmpty();
        assertThat(e.gitlabPath()).isEmpty();
        assertThat(e.toBuilder().build()).isEqualTo(e).hasSameHashCodeAs(e);
        assertThat(e.toBuilder().gitlabPath("a").build()).isNotEqualTo(e);
        assertThat(e.toJson().has("gitlabUserIds")).isFalse();
        assertThat(e.toJson().path("scimUserIds").get(0).asText()).isEqualTo("1");
        assertThat(e.toString()).contains("\"correlationId\":\"c\"");
    }

    @Test
    void aQueryChecksItsBoundsAndPagesOnFromItsCursor() {
        assertThatThrownBy(() -> AuditQuery.builder().pageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditQuery.builder().pageSize(AuditQuery.MAX_PAGE_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditQuery.builder().from(T.plusSeconds(1)).until(T).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after until");
        AuditQuery q = AuditQuery.builder().scimUserId("42").gitlabUserId(7).pageSize(10).newestFirst().build();
        assertThat(q.after(15)).isEqualTo(q.toBuilder().after(15).build()).isNotEqualTo(q);
        assertThat(q.after(15).after()).hasValue(15);
        assertThat(q.after(15).scimUserId()).contains("42");
        assertThat(q.toString()).contains("scimUserId=42").contains("newest first");
        assertThat(AuditQuery.all().pageSize()).isEqualTo(AuditQuery.DEFAULT_PAGE_SIZE);
        assertThat(new AuditPage(List.of(), Optional.empty()).records()).isEmpty();
    }

    @Test
    void healthIsGoodUntilTheSinkRefusesTheLatestEvent() {
        assertThat(new AuditHealth(0, 0, 0, Optional.empty()).healthy()).isTrue();
        assertThat(new AuditHealth(3, 1, 1, Optional.of(T)).healthy()).isFalse();
        assertThat(new AuditHealth(4, 1, 0, Optional.of(T)).healthy()).isTrue();
        assertThat(AuditHead.empty()).isEqualTo(new AuditHead(0, AuditChain.GENESIS));
        assertThatThrownBy(() -> new AuditRecord("t", 0, null, "h")).isInstanceOf(IllegalArgumentException.class);
    }
}
