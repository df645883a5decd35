package io.scimlab.gitlab.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The canonical form is the one the class comment specifies, and no two different events share it. */
class AuditChainTest {
    private static final AuditEvent EVENT = AuditEvent.builder().time(Instant.parse("2026-11-28T10:00:00Z"))
            .correlationId("corr-1").principal("okta").operation("PATCH /Groups/g1").method("POST")
            .path("/api/v4/groups/acme%2Feng/members").after("[7, 8] access_level=30")
            .outcome(AuditEvent.Outcome.SUCCESS).scimUserIds(List.of("7", "8")).scimGroupId("g1")
            .gitlabUserIds(List.of(7L, 8L)).gitlabPath("acme/eng").build();

    @Test
    void theCanonicalFormIsTheSpecifiedText() throws Exception {
        String expected = "scimlab-audit 1\n"
                + "7:default\n1:3\n64:" + AuditChain.GENESIS + "\n"
                + "30:2026-11-28T10:00:00.000000000Z\n6:corr-1\n4:okta\n16:PATCH /Groups/g1\n4:POST\n"
                + "33:/api/v4/groups/acme%2Feng/members\n-\n22:[7, 8] access_level=30\n7:SUCCESS\n-\n"
                + "#2\n1:7\n1:8\n2:g1\n#2\n1:7\n1:8\n8:acme/eng\n";
        byte[] canonical = AuditChain.canonical("default", 3, AuditChain.GENESIS, EVENT);
        assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(expected);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(expected.getBytes(StandardCharsets.UTF_8)));
        assertThat(AuditChain.hash("default", 3, AuditChain.GENESIS, EVENT)).isEqualTo(sha).hasSize(64)
                .matches("[0-9a-f]{64}");
    }

    @Test
    void lengthsCountUtf8BytesAndTimesKeepNanoseconds() {
        AuditEvent e = EVENT.toBuilder().principal("Änn").time(Instant.parse("2026-01-02T03:04:05.000000007Z"))
                .build();
        String text = new String(AuditChain.canonical("t", 1, AuditChain.GENESIS, e), StandardCharsets.UTF_8);
        assertThat(text).contains("\n4:Änn\n").contains("\n30:2026-01-02T03:04:05.000000007Z\n");
        assertThat(AuditChain.time(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000000000Z");
    }

    @Test
    void everyPartOfTheLinkChangesTheHash() {
        String h = AuditChain.hash("default", 3, AuditChain.GENESIS, EVENT);
        assertThat(AuditChain.hash("other", 3, AuditChain.GENESIS, EVENT)).isNotEqualTo(h);
        assertThat(AuditChain.hash("default", 4, AuditChain.GENESIS, EVENT)).isNotEqualTo(h);
        assertThat(AuditChain.hash("default", 3, "1".repeat(64), EVENT)).isNotEqualTo(h);
    }

    @Test
    void valuesThatLookAlikeInPlainTextDoNotCollide() {
        AuditEvent.Builder b = EVENT.toBuilder();
        List<AuditEvent> lookAlikes = List.of(
                b.before(Optional.empty()).after(Optional.of("x")).build(),
                b.before(Optional.of("x")).after(Optional.empty()).build(),
                b.before(Optional.of("")).after(Optional.of("x")).build(),
                b.before(Optional.of("x\n-")).after(Optional.empty()).build(),
                b.before(Optional.empty()).scimUserIds(List.of("a b")).build(),
                b.scimUserIds(List.of("a", "b")).build(),
                b.scimUserIds(List.of()).scimGroupId("a").build(),
                b.scimGroupId(Optional.empty()).gitlabPath("a").build());
        assertThat(lookAlikes.stream().map(e -> AuditChain.hash("t", 1, AuditChain.GENESIS, e)).distinct())
                .hasSize(lookAlikes.size());
    }

    @Property(tries = 300)
    void differentEventsHaveDifferentCanonicalForms(@ForAll("events") AuditEvent a, @ForAll("events") AuditEvent b) {
        byte[] ca = AuditChain.canonical("t", 1, AuditChain.GENESIS, a);
        byte[] cb = AuditChain.canonical("t", 1, AuditChain.GENESIS, b);
        assertThat(java.util.Arrays.equals(ca, cb)).isEqualTo(a.equals(b));
    }

    @Provide
    Arbitrary<AuditEvent> events() {
        // Few, short, separator-heavy values, so that equal and near-equal pairs are common.
        Arbitrary<String> s = Arbitraries.strings().withChars("a:\n#-1").ofMaxLength(3);
        Arbitrary<Optional<String>> o = s.optional();
        Arbitrary<List<String>> l = s.list().ofMaxSize(2);
        Arbitrary<List<Long>> ids = Arbitraries.longs().between(1, 3).list().ofMaxSize(2);
        return Combinators.combine(s, s, o, o, o, l, o, ids).as((p, path, before, after, detail, users, group, gl) ->
                AuditEvent.builder().time(Instant.EPOCH).correlationId("c").principal(p).operation("op").path(path)
                        .before(before).after(after).detail(detail).outcome(AuditEvent.Outcome.SUCCESS)
                        .scimUserIds(users).scimGroupId(group).gitlabUserIds(gl).build());
    }
}
