package io.scimlab.gitlab.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.SchemaRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAccountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ScimResource user(String json) throws Exception {
        return ScimResource.of((ObjectNode) JSON.readTree(json));
    }

    @Test
    void markerIsUserTypeInAnyCaseOrTheExtensionFlag() throws Exception {
        assertThat(ServiceAccounts.isServiceAccount(user("{\"userName\":\"a\",\"userType\":\"serviceACCOUNT\"}")))
                .isTrue();
        assertThat(ServiceAccounts.isServiceAccount(user("{\"userName\":\"a\",\"userType\":\"Employee\"}")))
                .isFalse();
        String ext = ServiceAccounts.EXTENSION_URN;
        assertThat(ServiceAccounts.isServiceAccount(user("{\"userName\":\"a\",\"" + ext
                + "\":{\"serviceAccount\":true}}"))).isTrue();
        assertThat(ServiceAccounts.isServiceAccount(user("{\"userName\":\"a\",\"" + ext
                + "\":{\"serviceAccount\":\"True\"}}"))).isTrue();
        assertThat(ServiceAccounts.isServiceAccount(user("{\"userName\":\"a\",\"" + ext
                + "\":{\"serviceAccount\":false}}"))).isFalse();
        assertThat(ServiceAccounts.isServiceAccount(user("{\"userName\":\"a\"}"))).isFalse();
    }

    @Test
    void registryCarriesTheExtensionOnce() {
        SchemaRegistry r = ServiceAccounts.registry();
        assertThat(r.schema(ServiceAccounts.EXTENSION_URN)).isNotNull();
        assertThat(r.schema(ServiceAccounts.EXTENSION_URN).attribute("serviceAccount")).isNotNull();
        assertThat(r.requireResourceType("User").schemaExtensions())
                .anyMatch(e -> e.schema().equals(ServiceAccounts.EXTENSION_URN) && !e.required());
        assertThat(ServiceAccounts.withExtension(r)).isSameAs(r);
        assertThat(SchemaRegistry.standard().schema(ServiceAccounts.EXTENSION_URN)).isNull();
    }

    @Test
    void policyChecksScopesAndLifetimes() {
        ServiceAccountTokenPolicy p = ServiceAccountTokenPolicy.defaults();
        assertThat(p.allowedScopes()).containsExactlyInAnyOrder("read_api", "read_repository");
        assertThat(p.maxLifetimeDays()).isEqualTo(30);
        assertThat(p.rotateBeforeDays()).isEqualTo(7);
        assertThat(p.check(List.of(" READ_API", "read_repository", "read_api")))
                .containsExactly("read_api", "read_repository");
        assertThatThrownBy(() -> p.check(List.of("api"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.check(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceAccountTokenPolicy.builder().maxLifetimeDays(366))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceAccountTokenPolicy.builder().maxLifetimeDays(7).rotateBeforeDays(7).build())
                .isInstanceOf(IllegalStateException.class);
        ServiceAccountTokenPolicy api = ServiceAccountTokenPolicy.builder().allowedScopes(List.of("api"))
                .maxLifetimeDays(90).rotateBeforeDays(14).build();
        assertThat(api.check(List.of("api"))).containsExactly("api");
        assertThat(api.toString()).contains("api", "90", "14");
    }

    @Test
    void issuedTokenNeverShowsItsValue() {
        IssuedToken t = new IssuedToken("7", 3, "ci", List.of("read_api"), LocalDate.of(2030, 1, 1),
                "glpat-secret-value");
        assertThat(t.toString()).doesNotContain("glpat-secret-value").contains("****", "ci", "3");
    }

    @Test
    void inMemoryStoreKeepsIdsPerAccount() {
        ServiceAccountTokenStore s = ServiceAccountTokenStore.inMemory();
        ManagedToken a = new ManagedToken("1", 11, 5, "a", List.of("read_api"), LocalDate.of(2030, 1, 1),
                Instant.EPOCH);
        ManagedToken b = new ManagedToken("2", 12, 3, "b", List.of("read_api"), LocalDate.of(2030, 1, 1),
                Instant.EPOCH);
        s.put(a);
        s.put(b);
        assertThat(s.all()).containsExactly(b, a);
        assertThat(s.of("1")).containsExactly(a);
        assertThat(s.get(3)).contains(b);
        s.remove(3);
        assertThat(s.get(3)).isEmpty();
    }
}
